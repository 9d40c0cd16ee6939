"""System checks for settings a production install must not leave to a default.

They run with every `manage.py check` (and `check --deploy`), `migrate` and `runserver`;
an Error stops those commands with the message below.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def site_url(app_configs=None, **kwargs) -> list[Error]:
    """SITE_URL is printed in every signed letter's QR code: it must be the real address."""
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return []
    value = settings.SITE_URL
    if not value:
        return [
            Error(
                "SITE_URL belum diisi. Alamat ini tercetak dalam kode QR setiap surat yang "
                "ditandatangani dan dalam tautan surel, jadi harus alamat publik aplikasi.",
                hint="Isi variabel lingkungan SITE_URL, mis. "
                "SITE_URL=https://surat.mojokertokab.go.id, lalu jalankan ulang perintah ini.",
                id="sop_surat.E001",
            )
        ]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Error(
                f"SITE_URL tidak berbentuk alamat web: {value!r}.",
                hint="Tulis alamat lengkap dengan http:// atau https://, mis. "
                "SITE_URL=https://surat.mojokertokab.go.id.",
                id="sop_surat.E002",
            )
        ]
    return []
