"""Requests refused before any view runs or any body is read.

- A path or query string holding control characters (NUL above all: PostgreSQL cannot
  store or even compare text containing it) answers 400 with an Indonesian page; no
  address or search of this application ever needs one.
- A body larger than ``MAKS_UNGGAH_MB`` answers 413, judged on the declared
  Content-Length before a byte of it is read. A chunked body (no Content-Length) is read
  up to the limit and refused as soon as it passes it; within the limit it is handed on
  as an ordinary body (Django by itself would silently treat it as empty). That needs a
  server that ends the body stream (gunicorn sets ``wsgi.input_terminated``).
"""

from __future__ import annotations

import re
import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

KARAKTER_KENDALI = re.compile(r"[\x00-\x1f\x7f]")
POTONGAN = 64 * 1024


def batas_unggah() -> int:
    """The largest request body accepted, in bytes."""
    return settings.MAKS_UNGGAH_MB * 1024 * 1024


def _ada_karakter_kendali(request) -> bool:
    if KARAKTER_KENDALI.search(request.path_info):
        return True
    return any(
        KARAKTER_KENDALI.search(key) or any(KARAKTER_KENDALI.search(v) for v in values)
        for key, values in request.GET.lists()
    )


def _ditolak(request, status: int, judul: str, pesan: str):
    return render(
        request, "permintaan_ditolak.html", {"judul": judul, "pesan": pesan}, status=status
    )


def _terlalu_besar(request, ukuran: int | None):
    batas = settings.MAKS_UNGGAH_MB
    if ukuran:
        pesan = _("Data yang dikirim terlalu besar (%(ukuran)s MB). Batasnya %(batas)s MB.") % {
            "ukuran": number_format(ukuran / 1024 / 1024, 1),
            "batas": batas,
        }
    else:
        pesan = _("Data yang dikirim melebihi batas %(batas)s MB.") % {"batas": batas}
    pesan += " " + _(
        "Perkecil berkasnya (mis. pindai ulang dengan resolusi 200–300 dpi atau simpan "
        "sebagai PDF yang lebih kecil), lalu kirim kembali."
    )
    return _ditolak(request, 413, _("Berkas terlalu besar"), pesan)


def _chunked(request) -> bool:
    """A chunked body the server lets us read to its end (gunicorn: ``wsgi.input_terminated``).
    Elsewhere Django reads such a body as empty and nothing is read at all."""
    encoding = request.META.get("HTTP_TRANSFER_ENCODING", "")
    return (
        "chunked" in encoding.lower()
        and not request.META.get("CONTENT_LENGTH")
        and bool(request.META.get("wsgi.input_terminated"))
    )


def _baca_chunked(request, batas: int):
    """Read a chunked body up to ``batas`` bytes into a spooled file and hand it on as the
    request body (the caller closes the file after the response); None when it is longer."""
    stream = request.META["wsgi.input"]
    # Handed on with the request, closed by the caller: no context manager here.
    spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    dibaca = 0
    while chunk := stream.read(POTONGAN):
        dibaca += len(chunk)
        if dibaca > batas:
            spool.close()
            return None
        spool.write(chunk)
    spool.seek(0)
    request.META["CONTENT_LENGTH"] = str(dibaca)
    request._stream = LimitedStream(spool, dibaca)
    return spool


class BatasPermintaanMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _ada_karakter_kendali(request):
            return _ditolak(
                request,
                400,
                _("Alamat tidak dapat diproses"),
                _(
                    "Alamat atau isian pencarian yang dikirim memuat karakter yang tidak "
                    "diizinkan (karakter kendali, mis. NUL). Periksa kembali alamat yang Anda "
                    "buka, atau ketik ulang pencarian Anda tanpa menyalinnya dari dokumen lain."
                ),
            )
        batas = batas_unggah()
        try:
            ukuran = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            ukuran = 0  # Django reads such a body as empty
        if ukuran > batas:
            return _terlalu_besar(request, ukuran)
        if not _chunked(request):
            return self.get_response(request)
        spool = _baca_chunked(request, batas)
        if spool is None:
            return _terlalu_besar(request, None)
        try:
            return self.get_response(request)
        finally:
            spool.close()
