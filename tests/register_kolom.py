"""Reading a printed register's table back by position: which column each word is in."""

import io
from dataclasses import dataclass, field

import pdfplumber


@dataclass
class Halaman:
    nomor: int
    batas: list[float]  # x of the table's vertical rules, left to right
    kolom: list[list[str]] = field(default_factory=list)  # each column's words, in order
    melintas: list[str] = field(default_factory=list)  # words crossing a column rule


def tabel(content: bytes) -> list[Halaman]:
    """Every page's table: the column rules and each word sorted into the column it
    starts in; a word reaching past its column's right rule is listed in ``melintas``."""
    result = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            rules = [e for e in page.edges if e["orientation"] == "v"]
            if not rules:
                continue
            batas = sorted({round(e["x0"], 1) for e in rules})
            top = min(e["top"] for e in rules)
            bottom = max(e["bottom"] for e in rules)
            halaman = Halaman(page.page_number, batas, [[] for _ in batas[:-1]])
            # x_tolerance 1 pt: two neighbouring cells' texts are at least their padding
            # (4 pt) apart, so they never read as one word.
            for word in page.extract_words(x_tolerance=1):
                if word["top"] < top or word["bottom"] > bottom:
                    continue
                inside = [i for i, x in enumerate(batas[:-1]) if x <= word["x0"]]
                if not inside or word["x1"] > batas[inside[-1] + 1] + 0.05:
                    halaman.melintas.append(word["text"])
                    continue
                halaman.kolom[inside[-1]].append(word["text"])
            result.append(halaman)
    return result


def rapat(value: str) -> str:
    """Text without whitespace: a narrow column may wrap a long word anywhere."""
    return "".join(value.split())
