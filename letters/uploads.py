"""Validation of uploaded files: the content decides, not the name or the browser.

A PDF is accepted (as an attachment, a receipt, the scan of an ink-signed letter or a copy
to verify) only when it is a plain document:

- it starts with ``%PDF-`` (after an optional byte order mark or whitespace): a file that
  starts as something else and holds a PDF further down (an HTML/PDF polyglot) is not one;
- it opens within fixed limits: page tree depth and size, objects, decompressed bytes (a
  "flate bomb" of a few hundred kB expanding to hundreds of MB is refused after at most
  ``budget_urai`` bytes, never expanded fully);
- it holds no active content: JavaScript, Launch actions, embedded files, additional
  actions (``/AA``), RichMedia, XFA. Such a file is refused rather than cleaned: stripping
  active content means rewriting a file we do not fully understand, and any PDF a
  person needs can be printed again to a plain PDF, which the message says.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, EncodedStreamObject, IndirectObject

logging.getLogger("pypdf").setLevel(logging.ERROR)
logger = logging.getLogger(__name__)

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF-"
UTF8_BOM = b"\xef\xbb\xbf"
PDF_WHITESPACE = b"\x00\t\n\x0c\r "

# Bounds on what reading one upload may cost.
MAKS_HALAMAN = 2000
MAKS_KEDALAMAN_HALAMAN = 20  # real page trees are 2-4 levels deep
MAKS_OBJEK = 200_000  # dictionary and array entries visited while looking for active content
MIN_URAI = 64 * 1024 * 1024  # decompressed bytes always allowed...
RASIO_URAI = 10  # ...and this many times the file's size for larger files

PESAN_BUKAN_PDF = _l("Berkas bukan PDF. Hanya berkas PDF yang dapat dilampirkan.")
PESAN_RUSAK = _l("PDF rusak atau tidak dapat dibaca.")
PESAN_CETAK_ULANG = _l(
    "Demi keamanan, PDF seperti itu tidak diterima. Cetak ulang dokumen menjadi PDF biasa "
    "(mis. dengan “Cetak → Simpan sebagai PDF”), lalu unggah hasilnya."
)


def _check_size(upload) -> None:
    limit = settings.LAMPIRAN_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB). Batasnya %(max)s MB.")
            % {"size": number_format(upload.size / 1024 / 1024, 1), "max": settings.LAMPIRAN_MAX_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("Berkas kosong."))


def _head(upload, n: int = 1024) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def looks_like_pdf(head: bytes) -> bool:
    """The file starts with ``%PDF-``, after at most a byte order mark and whitespace,
    within its first kilobyte."""
    head = head[:1024]
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM) :]
    return head.lstrip(PDF_WHITESPACE).startswith(PDF_MAGIC)


class PdfBerbahaya(Exception):
    """The PDF holds something a viewer would run or open; ``pesan`` says what."""

    def __init__(self, pesan: str):
        super().__init__(pesan)
        self.pesan = pesan


class _BomUrai(Exception):
    """Decompressing the file's streams went past its budget."""


def _aktif(jenis: str) -> PdfBerbahaya:
    pesan = {
        "js": _("PDF ini memuat JavaScript (skrip yang berjalan saat berkas dibuka)."),
        "launch": _("PDF ini memuat perintah untuk menjalankan program lain (Launch)."),
        "embedded": _("PDF ini memuat berkas lain yang disisipkan di dalamnya."),
        "aa": _("PDF ini memuat tindakan otomatis yang berjalan saat halaman dibuka."),
        "richmedia": _("PDF ini memuat media aktif (RichMedia/Flash)."),
    }[jenis]
    return PdfBerbahaya(f"{pesan} {PESAN_CETAK_ULANG}")


# Dictionary keys and name values that mark active content, by kind.
_KUNCI_AKTIF = {
    "/JS": "js",
    "/JavaScript": "js",
    "/XFA": "js",  # XFA forms carry their own scripts
    "/EmbeddedFiles": "embedded",
    "/EF": "embedded",
    "/AA": "aa",
    "/RichMediaContent": "richmedia",
    "/RichMediaSettings": "richmedia",
}
_NILAI_AKTIF = {
    "/S": {
        "/JavaScript": "js",
        "/Launch": "launch",
        "/ImportData": "launch",
        "/GoToE": "embedded",
        "/RichMediaExecute": "richmedia",
    },
    "/Subtype": {"/RichMedia": "richmedia", "/FileAttachment": "embedded"},
    "/Type": {"/EmbeddedFile": "embedded"},
}


@dataclass
class _Pemeriksaan:
    budget_urai: int
    urai: int = 0
    simpul: int = 0


def _periksa_kamus(obj: DictionaryObject) -> None:
    for kunci, jenis in _KUNCI_AKTIF.items():
        if kunci in obj:
            raise _aktif(jenis)
    for kunci, nilai_aktif in _NILAI_AKTIF.items():
        nilai = obj.get(kunci)
        if isinstance(nilai, IndirectObject):
            nilai = nilai.get_object()
        if isinstance(nilai, str) and nilai in nilai_aktif:
            raise _aktif(nilai_aktif[nilai])


def _urai(stream: EncodedStreamObject, state: _Pemeriksaan) -> None:
    """Decompress one stream within what is left of the budget, then let it go."""
    sisa = state.budget_urai - state.urai + 1
    limits = {
        name: sisa
        for name in (
            "zlib_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "brotli_maximum_output_length",
            "jbig2_maximum_output_length",
            "array_based_stream_maximum_output_length",
            "stream_decoding_work_maximum_length",
        )
    }
    try:
        with apply_configuration(**limits):
            state.urai += len(stream.get_data())
    except LimitReachedError as exc:
        raise _BomUrai from exc
    except Exception:  # a damaged stream shows as nothing in a viewer: not our concern
        logger.debug("Undecodable stream in an upload", exc_info=True)
    finally:
        stream.decoded_self = None
    if state.urai > state.budget_urai:
        raise _BomUrai


def _telusuri(reader: PdfReader, state: _Pemeriksaan) -> None:
    """Visit every object reachable from the trailer (each once): refuse active content,
    decompress every stream within the budget."""
    seen: set[tuple[int, int]] = set()
    todo: list = [reader.trailer]
    while todo:
        obj = todo.pop()
        state.simpul += 1
        if state.simpul > MAKS_OBJEK:
            raise LimitReachedError("too many objects")
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            todo.append(obj.get_object())
        elif isinstance(obj, DictionaryObject):
            _periksa_kamus(obj)
            if isinstance(obj, EncodedStreamObject):
                _urai(obj, state)
            todo.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            todo.extend(obj)


def periksa_pdf(data) -> None:
    """Raise PdfBerbahaya for active content, ValidationError for anything else wrong.

    ``data`` is a binary file object positioned anywhere; it is read from the start.
    """
    data.seek(0, 2)
    size = data.tell()
    data.seek(0)
    state = _Pemeriksaan(budget_urai=max(MIN_URAI, RASIO_URAI * size))
    try:
        with apply_configuration(
            page_tree_maximum_depth=MAKS_KEDALAMAN_HALAMAN,
            page_tree_maximum_entries=MAKS_HALAMAN * 2,
            page_tree_maximum_page_entries=MAKS_HALAMAN * 50,
            zlib_maximum_output_length=state.budget_urai,
            stream_decoding_work_maximum_length=state.budget_urai,
        ):
            reader = PdfReader(data, strict=False)
            if reader.is_encrypted:
                raise ValidationError(_("PDF terkunci kata sandi tidak dapat dilampirkan."))
            halaman = len(reader.pages)
            if halaman == 0:
                raise ValidationError(_("PDF tidak berisi halaman."))
            if halaman > MAKS_HALAMAN:
                raise LimitReachedError("too many pages")
            _telusuri(reader, state)
    except (ValidationError, PdfBerbahaya):
        raise
    except _BomUrai as exc:
        raise ValidationError(
            _(
                "Isi PDF ini mengembang jauh melebihi ukuran berkasnya saat dibuka (lebih dari "
                "%(mb)s MB) dan tidak diterima. Simpan ulang atau cetak ulang dokumen menjadi "
                "PDF biasa, lalu unggah hasilnya."
            )
            % {"mb": state.budget_urai // (1024 * 1024)}
        ) from exc
    except (LimitReachedError, RecursionError) as exc:
        raise ValidationError(
            _(
                "PDF ini terlalu rumit untuk diperiksa (mis. lebih dari %(n)s halaman atau "
                "susunan halaman yang bertingkat terlalu dalam). Simpan ulang atau cetak ulang "
                "dokumen menjadi PDF biasa, lalu unggah hasilnya."
            )
            % {"n": number_format(MAKS_HALAMAN, force_grouping=True)}
        ) from exc
    except Exception as exc:  # an untrusted file in any shape: unreadable is the answer
        logger.info("Uploaded PDF could not be read: %r", exc)
        raise ValidationError(PESAN_RUSAK) from exc
    finally:
        data.seek(0)


def validate_pdf(upload) -> None:
    """Accept only a readable, unencrypted, plain PDF within the size limit."""
    _check_size(upload)
    if not looks_like_pdf(_head(upload)):
        raise ValidationError(PESAN_BUKAN_PDF)
    try:
        periksa_pdf(upload)
    except PdfBerbahaya as exc:
        raise ValidationError(exc.pesan) from exc


def validate_receipt(upload) -> None:
    """A receipt scan: a PDF, or a JPEG/PNG photo."""
    head = _head(upload)
    if head.startswith(JPEG_MAGIC) or head.startswith(PNG_MAGIC):
        _check_size(upload)
        return
    if looks_like_pdf(head):
        validate_pdf(upload)  # its own message: too large, locked, active content…
        return
    _check_size(upload)
    raise ValidationError(_("Tanda terima harus berupa PDF, JPEG, atau PNG yang dapat dibaca."))


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
