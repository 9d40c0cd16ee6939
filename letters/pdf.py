"""HTML to PDF with WeasyPrint, never touching the network.

User-written HTML (the letter body) is rendered here, so the URL fetcher accepts only
``data:`` URIs and files beside the PDF templates and uploaded logos: a remote
URL in a letter cannot make the server fetch anything.
"""

from __future__ import annotations

import base64
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

# Relative URLs in a PDF template resolve here (the folder of the PDF templates).
STATIC_DIR = Path(__file__).resolve().parent / "templates" / "pdf"


class RefusedURL(ValueError):
    pass


class LocalFetcher(URLFetcher):
    """Fetches ``data:`` URIs and files under the allowed folders; refuses the rest."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots):
                return super().fetch(url, headers)
        raise RefusedURL(f"Alamat tidak diizinkan dalam dokumen: {url[:80]}")


def fetcher() -> LocalFetcher:
    return LocalFetcher([STATIC_DIR, Path(settings.MEDIA_ROOT) / "logo"])


def berkas_uri(berkas) -> str:
    """A stored file (an uploaded logo) as an address the renderer may fetch: the file
    itself on local disk, or its bytes as a ``data:`` URI when the storage has no local
    path (object storage shared by several app nodes)."""
    try:
        return Path(berkas.path).resolve().as_uri()
    except NotImplementedError:
        pass
    with berkas.open("rb") as handle:
        isi = handle.read()
    jenis = mimetypes.guess_type(berkas.name)[0] or "application/octet-stream"
    return f"data:{jenis};base64,{base64.b64encode(isi).decode('ascii')}"


_per_thread = threading.local()


def font_config() -> FontConfiguration:
    """One font set-up per thread, kept between documents.

    Building it costs more than laying out a short page, and our documents declare no
    ``@font-face`` (user HTML is sanitised to plain markup), so nothing accumulates in it.
    """
    if not hasattr(_per_thread, "font_config"):
        _per_thread.font_config = FontConfiguration()
    return _per_thread.font_config


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher()).write_pdf(
        pdf_identifier=b"sop-surat", uncompressed_pdf=False, font_config=font_config()
    )


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))
