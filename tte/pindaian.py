"""Proof that the scan of an ink-signed letter belongs to that letter, in that version.

The copy printed for an ink signature carries a code derived from the letter, its
version and the day it was printed (the date on the paper, which becomes the letter's
date whenever the scan is uploaded): as a QR code (the public verification URL) and as
text beside it. An uploaded
scan is accepted only when one of its page images shows the code of the letter's current
version, so a blank page, another letter's scan, a copy printed before the text changed
or the digital print file itself (vector, never scanned) is refused with a message.

Scans arrive as PDFs holding one raster image per page; those images are read with pypdf
and searched for QR codes with zxing-cpp. Nothing else of the PDF is trusted.
"""

from __future__ import annotations

import base64
import datetime
import io
import logging
from urllib.parse import urlsplit

import zxingcpp
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from pypdf import PdfReader

from letters.errors import SOPError
from letters.models import Letter

logger = logging.getLogger(__name__)

SALT = "sop_surat.ttd_basah"
# What is read of an upload: a letter with its attached list of addressees is a few pages,
# and a scanner stores one image per page (sometimes split in a few strips).
MAKS_HALAMAN = 10
MAKS_GAMBAR_PER_HALAMAN = 4
# 600 dpi on F4 paper is about 40 megapixels; anything larger is not a page scan. The
# total bounds the time one upload can take (about a second per 50 megapixels).
MAKS_PIKSEL = 50_000_000
MAKS_PIKSEL_TOTAL = 200_000_000
# Smaller than this cannot be a page scan with a readable code (icons, logos, masks).
MIN_SISI = 200


# The day an ink copy was printed is written into its code as days since this date (two
# bytes: until 2199), so the scan tells which day the paper carries as the letter's date.
HARI_NOL = datetime.date(2020, 1, 1)


def kode_ttd_basah(
    letter: Letter, versi: int, tanggal: datetime.date | None = None, *, secret=None
) -> str:
    """The code printed on the ink copy of ``letter`` in version ``versi``, printed (and
    dated) on ``tanggal`` (today by default).

    Stable for (letter, version, day), unguessable without the server's secret key, 24
    characters of RFC 4648 base32 (upper case letters and digits 2-7: readable on paper,
    safe in a URL), never the same as a random code of ``signing.new_code``. The first two
    of its 15 bytes are the day, the rest an HMAC of letter, version and day.
    """
    tanggal = tanggal or timezone.localdate()
    hari = (tanggal - HARI_NOL).days
    digest = salted_hmac(
        SALT, f"{letter.public_id}:{versi}:{tanggal.isoformat()}", secret=secret, algorithm="sha256"
    ).digest()
    return base64.b32encode(hari.to_bytes(2, "big") + digest[:13]).decode()


def _kode_lama(letter: Letter, versi: int, *, secret=None) -> str:
    """The code of copies printed before codes carried their day (still accepted)."""
    digest = salted_hmac(
        SALT, f"{letter.public_id}:{versi}", secret=secret, algorithm="sha256"
    ).digest()
    return base64.b32encode(digest[:15]).decode()


def _kunci() -> list:
    """The current secret key and the ones being rotated out: a copy printed just before
    a key rotation still verifies."""
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _hari_kode(kode: str) -> datetime.date | None:
    try:
        hari = int.from_bytes(base64.b32decode(kode)[:2], "big")
        return HARI_NOL + datetime.timedelta(days=hari)
    except (ValueError, OverflowError):  # not base32: not a code of ours
        return None


def baca_kode(letter: Letter, kode: str) -> tuple[int, datetime.date | None] | None:
    """(version, day printed) of ``letter`` that printed ``kode``; None when it is not
    this letter's. The day is None for a copy printed before codes carried it."""
    kode = kode.strip().upper()
    if len(kode) != 24:
        return None
    tanggal = _hari_kode(kode)
    for versi in range(letter.versi, 0, -1):
        for secret in _kunci():
            if tanggal and constant_time_compare(
                kode, kode_ttd_basah(letter, versi, tanggal, secret=secret)
            ):
                return versi, tanggal
            if constant_time_compare(kode, _kode_lama(letter, versi, secret=secret)):
                return versi, None
    return None


def versi_kode(letter: Letter, kode: str) -> int | None:
    """Which version of ``letter`` printed ``kode``; None when it is not this letter's."""
    dibaca = baca_kode(letter, kode)
    return dibaca[0] if dibaca else None


def tanggal_cetak(letter: Letter, kode: str) -> datetime.date | None:
    """The day the ink copy showing ``kode`` was printed: the date on its paper."""
    dibaca = baca_kode(letter, kode)
    return dibaca[1] if dibaca else None


def _kode_dari_teks(teks: str) -> str:
    """The code in what a QR code says: the last part of a verification URL, or itself."""
    teks = teks.strip()
    if "://" in teks:
        teks = urlsplit(teks).path.rstrip("/").rsplit("/", 1)[-1]
    return teks


class _Bacaan:
    """What could be read from an upload: QR texts, and why some images were not read."""

    def __init__(self):
        self.qr: list[str] = []
        self.gambar = 0  # page images looked at
        self.piksel = 0
        self.gagal = 0  # images that could not be decoded (e.g. JBIG2 compression)
        self.terlalu_besar = 0


def _xobject(page, ident):
    """The image XObject dictionary behind a pypdf image id ("/Im0" or ["/Fm0", "/Im0"])."""
    path = [ident] if isinstance(ident, str) else list(ident)
    obj = page
    for name in path:
        resources = obj["/Resources"].get_object()
        obj = resources["/XObject"].get_object()[name].get_object()
    return obj


def _baca_gambar(page, ident, bacaan: _Bacaan) -> None:
    try:
        xobject = _xobject(page, ident)
        width, height = int(xobject["/Width"]), int(xobject["/Height"])
    except Exception:  # a malformed image dictionary: not a picture we can read
        bacaan.gagal += 1
        return
    if min(width, height) < MIN_SISI:
        return
    if width * height > MAKS_PIKSEL or bacaan.piksel + width * height > MAKS_PIKSEL_TOTAL:
        bacaan.terlalu_besar += 1
        return
    bacaan.gambar += 1
    bacaan.piksel += width * height
    try:
        image = page.images[ident].image
        if image.mode not in ("L", "RGB"):
            image = image.convert("L")
        hasil = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception:  # an untrusted image in any of a dozen encodings: unreadable is the answer
        logger.info("Scan image %s could not be decoded", ident, exc_info=True)
        bacaan.gagal += 1
        return
    bacaan.qr.extend(barcode.text for barcode in hasil if barcode.text)


def baca(data: bytes, cukup=lambda teks: False) -> _Bacaan:
    """Read the QR codes in the page images of a scanned PDF (within the limits above),
    page by page, stopping once a text read satisfies ``cukup``."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise SOPError(_("PDF pindaian terkunci kata sandi; unggah pindaian tanpa kata sandi."))
        pages = list(reader.pages[:MAKS_HALAMAN])
    except SOPError:
        raise
    except Exception as exc:  # any malformed PDF: a message, never a server error
        raise SOPError(_("PDF pindaian rusak atau tidak dapat dibaca.")) from exc
    bacaan = _Bacaan()
    for page in pages:
        try:
            # keys(), not iteration: iterating decodes every image
            idents = [i for i in page.images.keys() if not _inline(i)]  # noqa: SIM118
        except Exception:  # a broken page of a scan: read the others
            logger.info("Scan page could not be read", exc_info=True)
            bacaan.gagal += 1
            continue
        for ident in idents[:MAKS_GAMBAR_PER_HALAMAN]:
            _baca_gambar(page, ident, bacaan)
            if any(cukup(teks) for teks in bacaan.qr):
                return bacaan
    return bacaan


def _inline(ident) -> bool:
    """Inline images (pypdf names them "~0~") are small by definition: never a scan."""
    return isinstance(ident, str) and ident.startswith("~")


def _cetakan_digital(letter: Letter, data: bytes, bacaan: _Bacaan) -> bool:
    """Is this the print file itself: the code as text rather than a picture of paper?

    A scanner's searchable PDF may hold the code as text too (recognised from its page
    picture), so a file with page pictures counts only when made by this application.
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        teks = " ".join((p.extract_text() or "") for p in reader.pages[:MAKS_HALAMAN])
        producer = str((reader.metadata or {}).get("/Producer", ""))
    except Exception:  # unreadable text says nothing either way
        return False
    if bacaan.gambar and "weasyprint" not in producer.lower():
        return False
    return any(versi_kode(letter, kata) for kata in teks.split() if len(kata) == 24)


def periksa_pindaian(letter: Letter, data: bytes) -> str:
    """The code shown on the scan ``data`` when it is the ink copy of ``letter`` as it
    stands now; otherwise SOPError saying what is wrong and what to do."""
    bacaan = baca(
        data, cukup=lambda teks: versi_kode(letter, _kode_dari_teks(teks)) == letter.versi
    )
    versi_ditemukan = set()
    for teks in bacaan.qr:
        kode = _kode_dari_teks(teks)
        versi = versi_kode(letter, kode)
        if versi == letter.versi:
            return kode.upper()
        if versi is not None:
            versi_ditemukan.add(versi)
    if versi_ditemukan:
        raise SOPError(
            _(
                "Pindaian ini dicetak dari versi %(lama)s, sedangkan surat sekarang versi "
                "%(kini)s; cetak ulang surat final, tanda tangani, lalu unggah pindaiannya."
            )
            % {"lama": max(versi_ditemukan), "kini": letter.versi}
        )
    if bacaan.qr:
        raise SOPError(
            _(
                "Kode pada pindaian bukan milik surat ini. Unggah pindaian cetakan final "
                "surat %(surat)s yang sudah ditandatangani."
            )
            % {"surat": letter.nomor or letter.hal}
        )
    if _cetakan_digital(letter, data, bacaan):
        raise SOPError(
            _(
                "Berkas ini adalah cetakan digital surat, bukan pindaian. Cetak surat final, "
                "tanda tangani dengan tinta, lalu pindai dan unggah hasil pindaiannya."
            )
        )
    pesan = _(
        "Kode surat tidak terbaca pada pindaian. Pindai ulang cetakan final dengan "
        "resolusi cukup (mis. 200 dpi) dan pastikan kode QR di dekat tanda tangan utuh, "
        "tidak terlipat atau tertutup."
    )
    if bacaan.terlalu_besar:
        pesan += " " + _("Resolusi pindaian terlalu besar; gunakan 200–300 dpi.")
    elif bacaan.gagal:
        pesan += " " + _(
            "Sebagian gambar pada PDF tidak dapat dibaca; simpan pindaian sebagai PDF "
            "berwarna atau abu-abu."
        )
    raise SOPError(pesan)
