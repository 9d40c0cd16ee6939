"""Is this PDF an unmodified document signed by this office? Who signed it, and when?"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from letters.models import SignedDocument
from tte.models import SertifikatInduk

logger = logging.getLogger(__name__)
# pyHanko logs a traceback for every signature that fails validation: that is an answer
# here, not an error.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)

ASLI, DIUBAH, LAIN, TANPA_TTD, RUSAK = "asli", "diubah", "lain", "tanpa_ttd", "rusak"


@dataclass
class Hasil:
    status: str
    pesan: str
    dokumen: SignedDocument | None = None

    @property
    def sah(self) -> bool:
        return self.status == ASLI


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def trust_roots() -> list[x509.Certificate]:
    roots = []
    for text in SertifikatInduk.objects.values_list("pem", flat=True):
        _type, _headers, der = pem.unarmor(text.encode())
        roots.append(x509.Certificate.load(der))
    return roots


def _ours(digest: str) -> SignedDocument | None:
    return (
        SignedDocument.objects.select_related(
            "letter__agenda", "ditandatangani_oleh", "diunggah_oleh"
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


def signature_ok(data: bytes) -> bool:
    """Every embedded signature is valid, trusted and covers the whole file."""
    signatures = _signatures(_reader(data))
    if not signatures:
        return False
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    for signature in signatures:
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as exc:  # a malformed signature is not a valid one
            logger.info("A signature of an uploaded PDF could not be validated: %r", exc)
            return False
        if not (status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE):
            return False
    return True


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
    for signature in signatures:
        start, length = signature.byte_range[2], signature.byte_range[3]
        original = _ours(sha256(data[: start + length]))
        if original is not None:
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


def _ours_by_signature(signature) -> bool:
    """Signed with a certificate from a CA this office trusts, yet not a document we hold:
    an altered copy. Judged by the certificate, which survives any change to the content."""
    issuers = [root.subject for root in trust_roots()]
    try:
        return signature.signer_cert.issuer in issuers
    except Exception:  # no readable certificate: nothing ties it to this office
        return False
