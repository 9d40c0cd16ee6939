"""A picture of a letter's PDF, its pages one under another: the preview on the signing
pages. A phone's browser seldom shows a PDF inside a page, but every browser shows an
image, and the picture is drawn from the very PDF the letter is printed or signed as."""

from __future__ import annotations

import io
import threading

import pypdfium2
from django.core.cache import cache
from PIL import Image

from letters import naskah
from letters.models import Letter

SKALA = 1.5  # 108 dpi: an A4 page 893 px wide, readable when zoomed in on a phone
JARAK = 12  # px of grey between two pages
MAKS_HALAMAN = 10
_PDFIUM = threading.Lock()  # PDFium is not thread-safe (runserver serves in threads)


def gambar_pdf(pdf: bytes) -> bytes:
    """The pages of ``pdf`` (at most MAKS_HALAMAN) as one greyscale PNG."""
    with _PDFIUM:
        dokumen = pypdfium2.PdfDocument(pdf)
        try:
            halaman = [
                dokumen[i].render(scale=SKALA).to_pil().convert("L")
                for i in range(min(len(dokumen), MAKS_HALAMAN))
            ]
        finally:
            dokumen.close()
    lebar = max(h.width for h in halaman)
    tinggi = sum(h.height for h in halaman) + JARAK * (len(halaman) - 1)
    kanvas = Image.new("L", (lebar, tinggi), 190)
    y = 0
    for h in halaman:
        kanvas.paste(h, (0, y))
        y += h.height + JARAK
    keluaran = io.BytesIO()
    kanvas.save(keluaran, "PNG", optimize=True)
    return keluaran.getvalue()


def pratinjau_surat(letter: Letter) -> bytes:
    """The letter as it stands (the stored PDF once signed, else its KONSEP), as a picture.

    Kept in the cache per version and last change: every Camat opening the signing page of
    the same letter is served the same picture without drawing it again.
    """
    kunci = f"pratinjau:{letter.pk}:{letter.versi}:{letter.diubah.timestamp()}"
    gambar = cache.get(kunci)
    if gambar is None:
        dokumen = getattr(letter, "dokumen", None)
        if dokumen is not None:
            with dokumen.berkas.open("rb") as berkas:
                pdf = berkas.read()
        else:
            pdf = naskah.konsep_pdf(letter)
        gambar = gambar_pdf(pdf)
        cache.set(kunci, gambar, 60 * 60)
    return gambar
