"""Is this PDF an unmodified document signed by this office? Who signed it, and when?

Modifications are judged by pyHanko's difference analysis of the revisions written after
each signature, not by a byte hash alone: a signed letter grows by incremental updates
that only add validation data (DSS, document time-stamps: PAdES B-LTA), and such a copy
is still the signed letter; any other change after signing (content, pages, annotations,
form fields) is reported as a modification. Certificates are checked as they were at the
time of the signature's time-stamp, with the CRLs in the document and this office's own.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from letters.models import SignedDocument
from tte.models import SertifikatDicabut, SertifikatInduk

logger = logging.getLogger(__name__)
# pyHanko logs a traceback for every signature that fails validation: that is an answer
# here, not an error.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)

ASLI, DIUBAH, LAIN, TANPA_TTD, RUSAK = "asli", "diubah", "lain", "tanpa_ttd", "rusak"
# Valid, with incremental updates after the signature that are only validation data.
ASLI_VALIDASI = "asli_validasi"
TIDAK_BERUBAH = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
DITERIMA = (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)


@dataclass
class Hasil:
    status: str
    pesan: str
    dokumen: SignedDocument | None = None

    @property
    def sah(self) -> bool:
        return self.status in (ASLI, ASLI_VALIDASI)


@dataclass
class Penilaian:
    """What pyHanko says about every signature and document time-stamp in one PDF."""

    sah: bool = True  # each one intact, valid and trusted at its time
    diubah: bool = False  # something other than validation data was changed after one
    pembaruan_validasi: bool = False  # updates after the signature: validation data only
    waktu: datetime.datetime | None = None  # the signature's time-stamp
    alasan: list[str] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load(text: str) -> x509.Certificate:
    _type, _headers, der = pem.unarmor(text.encode())
    return x509.Certificate.load(der)


def trust_roots() -> list[x509.Certificate]:
    return [_load(text) for text in SertifikatInduk.objects.values_list("pem", flat=True)]


def demo_issuers() -> list:
    """The subjects of the demo CAs: a certificate they issued is not legally valid."""
    pems = SertifikatInduk.objects.filter(demo=True).values_list("pem", flat=True)
    return [_load(text).subject for text in pems]


def _ours(digest: str) -> SignedDocument | None:
    return (
        SignedDocument.objects.select_related(
            "letter__agenda", "letter__unit", "ditandatangani_oleh", "diunggah_oleh"
        )
        .filter(sha256=digest)
        .first()
    )


def _reader(data: bytes) -> PdfFileReader | None:
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # an untrusted file in any shape: unreadable is the answer
        logger.info("An uploaded PDF could not be read: %r", exc)
        return None


def _signatures(reader: PdfFileReader | None) -> list | None:
    """The signatures embedded in the file; None when the file, or one of its signature
    dictionaries, cannot be read (a number or a string where a signature should be, a
    byte range that is not four integers, contents that are not a signature…)."""
    if reader is None:
        return None
    try:
        signatures = reader.embedded_signatures
        for signature in signatures:
            byte_range = signature.byte_range
            if len(byte_range) != 4 or not all(isinstance(n, int) for n in byte_range):
                return None
    except Exception as exc:  # an untrusted file in any shape: unreadable is the answer
        logger.info("Signatures of an uploaded PDF could not be read: %r", exc)
        return None
    return signatures


def _gen_time(signed_data) -> datetime.datetime | None:
    try:
        return signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    except Exception:  # not a time-stamp token
        return None


def waktu_cap(signature) -> datetime.datetime | None:
    """When a signature was time-stamped: its signature time-stamp, or for a document
    time-stamp its own time."""
    try:
        if signature.sig_object_type == "/DocTimeStamp":
            return _gen_time(signature.signed_data)
        for tst in extract_tst_data_iter(signature.signer_info, signed=False):
            return _gen_time(tst)
    except Exception:  # no readable time-stamp
        return None
    return None


def _context_factory(reader: PdfFileReader):
    """Validation contexts at a given moment: this office's trust roots, the CRLs of the
    CAs held here and everything in the document's DSS. Nothing is fetched."""
    from tte.pencabutan import crl_lokal

    kwargs = {"trust_roots": trust_roots(), "crls": crl_lokal(), "allow_fetching": False}
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS, or an unreadable one: this office's own data only
        dss = None

    def context(moment: datetime.datetime | None) -> ValidationContext:
        options = dict(kwargs, moment=moment, retroactive_revinfo=True)
        if dss is not None:
            return dss.as_validation_context(options)
        return ValidationContext(**options)

    return context


def nilai(data: bytes, signatures: list | None = None) -> Penilaian | None:
    """Validate every signature and document time-stamp of ``data``; None without any."""
    reader = _reader(data)
    if signatures is None:
        signatures = _signatures(reader)
    if not signatures:
        return None
    context = _context_factory(reader)
    hasil = Penilaian()
    times = [waktu_cap(s) for s in signatures]
    for index, signature in enumerate(signatures):
        # Checked as at its own time-stamp, else the first later document time-stamp.
        moment = next((t for t in times[index:] if t is not None), None)
        try:
            if signature.sig_object_type == "/DocTimeStamp":
                status = validate_pdf_timestamp(signature, validation_context=context(moment))
            else:
                status = validate_pdf_signature(signature, context(moment))
                if hasil.waktu is None:
                    hasil.waktu = times[index]
        except Exception as exc:  # a malformed signature is not a valid one
            logger.info("A signature of an uploaded PDF could not be validated: %r", exc)
            hasil.sah = False
            hasil.alasan.append(f"tidak dapat divalidasi: {type(exc).__name__}")
            continue
        if not (status.intact and status.valid and status.trusted):
            hasil.sah = False
            hasil.alasan.append(status.summary())
        level = status.modification_level
        if status.coverage not in DITERIMA or (level is not None and level not in TIDAK_BERUBAH):
            hasil.diubah = True
        elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
            hasil.pembaruan_validasi = True
    return hasil


def signature_ok(data: bytes) -> bool:
    """Every embedded signature is valid and trusted, and nothing but validation data
    (DSS, document time-stamps) was added after it."""
    penilaian = nilai(data)
    return bool(penilaian and penilaian.sah and not penilaian.diubah)


def verify(data: bytes) -> Hasil:
    """Judge an uploaded PDF: the stored hash first, then the signatures inside it."""
    document = _ours(sha256(data))
    if document is not None:
        if not document.elektronik:
            return Hasil(
                ASLI,
                "Dokumen asli: sama persis dengan pindaian surat bertanda tangan "
                "basah yang tersimpan di kantor ini.",
                document,
            )
        if signature_ok(data):
            return Hasil(
                ASLI,
                "Dokumen asli dan tidak berubah sejak ditandatangani secara elektronik.",
                document,
            )
        return Hasil(DIUBAH, "Tanda tangan elektronik dokumen ini tidak sah.", document)
    reader = _reader(data)
    if reader is None:
        return Hasil(RUSAK, "Berkas bukan PDF yang dapat dibaca.")
    signatures = _signatures(reader)
    if signatures is None:
        return Hasil(
            RUSAK,
            "Tanda tangan elektronik pada dokumen ini rusak atau tidak dapat dibaca, sehingga "
            "keasliannya tidak dapat dipastikan. Mintalah salinan resmi kepada kantor yang "
            "menerbitkannya.",
        )
    if not signatures:
        return Hasil(TANPA_TTD, "Dokumen ini tidak memuat tanda tangan elektronik.")
    original = _original(data)
    if original is not None:
        penilaian = nilai(data, signatures)
        if penilaian and penilaian.sah and not penilaian.diubah:
            return Hasil(
                ASLI_VALIDASI,
                "Dokumen asli dan tanda tangan elektronik sah. Pembaruan setelah "
                "penandatanganan hanya menambah data validasi (DSS/cap waktu); isi surat "
                "tidak berubah.",
                original,
            )
        return Hasil(
            DIUBAH,
            "Dokumen ini telah diubah setelah ditandatangani: "
            "isinya tidak sama dengan surat yang diterbitkan.",
            original,
        )
    if any(_ours_by_signature(s) for s in signatures):
        return Hasil(DIUBAH, "Dokumen ini telah diubah setelah ditandatangani.")
    return Hasil(
        LAIN,
        "Dokumen ini bertanda tangan elektronik, tetapi bukan surat yang "
        "diterbitkan dan disimpan oleh kantor ini.",
    )


def _original(data: bytes) -> SignedDocument | None:
    """The stored document this file starts with: a revision of it (up to one of its
    ``%%EOF`` markers) is a document this office signed."""
    ends = set()
    for match in re.finditer(rb"%%EOF(\r\n|\r|\n)?", data):
        ends.update((match.start() + 5, match.end()))
    for end in sorted(ends, reverse=True):
        if end < len(data) and (document := _ours(sha256(data[:end]))):
            return document
    return None


def _ours_by_signature(signature) -> bool:
    """Signed with a certificate from a CA this office trusts, yet not a document we hold:
    an altered copy. Judged by the certificate, which survives any change to the content."""
    issuers = [root.subject for root in trust_roots()]
    try:
        return signature.signer_cert.issuer in issuers
    except Exception:  # no readable certificate: nothing ties it to this office
        return False


@dataclass(frozen=True)
class Sertifikat:
    """The signer's certificate as it was when the letter was signed (for the page)."""

    subjek: str
    nomor_seri: str
    penerbit: str
    berlaku_sampai: datetime.datetime
    demo: bool
    waktu_cap: datetime.datetime | None  # the signature's trusted time-stamp
    dicabut: SertifikatDicabut | None

    @property
    def aktif_saat_ttd(self) -> bool:
        waktu = self.waktu_cap
        if waktu is None:
            return False
        if self.dicabut is not None and self.dicabut.dicabut_pada <= waktu:
            return False
        return waktu < self.berlaku_sampai

    @property
    def status(self) -> str:
        if self.waktu_cap is None:
            return "Waktu penandatanganan tidak bercap waktu tepercaya."
        if not self.aktif_saat_ttd:
            return "Tidak aktif saat penandatanganan (dicabut atau kedaluwarsa)."
        return "Aktif saat penandatanganan."


def sertifikat(document: SignedDocument) -> Sertifikat | None:
    """The signer's certificate in the stored PDF of ``document``, with its status at the
    signature's time-stamp (revocation recorded here, expiry)."""
    if not document.elektronik:
        return None
    try:
        with document.berkas.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None
    signatures = _signatures(_reader(data))
    signature = next((s for s in signatures or [] if s.sig_object_type == "/Sig"), None)
    if signature is None:
        return None
    cert = signature.signer_cert
    nomor_seri = format(cert.serial_number, "x")
    return Sertifikat(
        subjek=cert.subject.human_friendly,
        nomor_seri=nomor_seri,
        penerbit=cert.issuer.native.get("common_name") or cert.issuer.human_friendly,
        berlaku_sampai=cert.not_valid_after,
        demo=cert.issuer in demo_issuers(),
        waktu_cap=waktu_cap(signature),
        dicabut=SertifikatDicabut.objects.filter(nomor_seri=nomor_seri).first(),
    )


# Letters whose public page shows only that the document is valid: no details, no PDF.
SIFAT_TERTUTUP = ("terbatas", "rahasia", "sangat_rahasia")
SIMPAN_PENILAIAN = 3600  # seconds a stored document's validation is kept in the cache


@dataclass(frozen=True)
class Keterangan:
    """What the public verification page says about one signed document."""

    dokumen: SignedDocument
    tertutup: bool  # Terbatas or Rahasia: only "valid", never the PDF
    sifat: str
    jabatan: str  # the signer's capacity exactly as printed above the signature
    sertifikat: Sertifikat | None
    utuh: bool | None  # the stored PDF's signatures valid and unchanged (None: ink)
    pembaruan_validasi: bool  # validation data (DSS/time-stamps) added after signing
    boleh_unduh: bool

    @property
    def demo(self) -> bool:
        return bool(self.sertifikat and self.sertifikat.demo)


def jabatan_tercetak(letter) -> str:
    """The capacity printed above the signature: "a.n. CAMAT MOJOANYAR, Sekretaris
    Kecamatan", "Plt. CAMAT MOJOANYAR"…"""
    from letters import naskah

    return " ".join(naskah.penandatangan(letter).jabatan).rstrip(",")


def _penilaian_tersimpan(document: SignedDocument) -> tuple[bool, bool]:
    from django.core.cache import cache

    key = f"tte:penilaian:{document.sha256}"
    cached = cache.get(key)
    if cached is None:
        try:
            with document.berkas.open("rb") as handle:
                penilaian = nilai(handle.read())
        except OSError:
            penilaian = None
        ok = bool(penilaian and penilaian.sah and not penilaian.diubah)
        cached = (ok, bool(penilaian and penilaian.pembaruan_validasi))
        cache.set(key, cached, SIMPAN_PENILAIAN)
    return cached


def keterangan(document: SignedDocument) -> Keterangan:
    from tte.models import pengaturan_tte

    letter = document.letter
    tertutup = letter.sifat in SIFAT_TERTUTUP
    utuh, pembaruan = _penilaian_tersimpan(document) if document.elektronik else (None, False)
    return Keterangan(
        dokumen=document,
        tertutup=tertutup,
        sifat=letter.get_sifat_display(),
        jabatan="" if tertutup else jabatan_tercetak(letter),
        sertifikat=sertifikat(document),
        utuh=utuh,
        pembaruan_validasi=pembaruan,
        boleh_unduh=not tertutup and pengaturan_tte(letter.unit).unduh_pdf_verifikasi,
    )
