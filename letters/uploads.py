"""Validation of uploaded files: the content decides, not the name or the browser."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

logging.getLogger("pypdf").setLevel(logging.ERROR)

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


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


def validate_pdf(upload) -> None:
    """Accept only a readable, unencrypted PDF within the size limit."""
    _check_size(upload)
    if b"%PDF-" not in _head(upload):
        raise ValidationError(_("Berkas bukan PDF. Hanya berkas PDF yang dapat dilampirkan."))
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("PDF terkunci kata sandi tidak dapat dilampirkan."))
        if len(reader.pages) == 0:
            raise ValidationError(_("PDF tidak berisi halaman."))
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(_("PDF rusak atau tidak dapat dibaca.")) from exc
    finally:
        upload.seek(0)


def validate_receipt(upload) -> None:
    """A receipt scan: a PDF, or a JPEG/PNG photo."""
    head = _head(upload, 16)
    if head.startswith(JPEG_MAGIC) or head.startswith(PNG_MAGIC):
        _check_size(upload)
        return
    try:
        validate_pdf(upload)
    except ValidationError as exc:
        raise ValidationError(
            _("Tanda terima harus berupa PDF, JPEG, atau PNG yang dapat dibaca.")
        ) from exc


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
