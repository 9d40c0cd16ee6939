"""Reading generated PDFs back, as a person reading the printout would."""

import io

from pypdf import PdfReader

MM = 72 / 25.4


def pages(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def text(content: bytes) -> str:
    return "\n".join(pages(content))


def size_mm(content: bytes, page: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(content)).pages[page].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)
