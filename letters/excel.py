"""Excel cells that keep user text as text, for every workbook the application writes.

openpyxl turns a string that starts with "=" into a live formula and a string such as
"#N/A" into an error value, so a Hal of ``=HYPERLINK("http://x","klik")`` would become a
clickable link in the Agenda (OWASP "CSV/formula injection"). Excel also re-reads a text
cell starting with "+", "-", "@", a tab or a carriage return as a formula as soon as someone
edits it. Every text cell written through :func:`append_row` is therefore stored as a
string (``data_type "s"``) and, when it starts with one of those characters, carries the
``quotePrefix`` style: Excel's own form of a leading apostrophe, which keeps the text as
typed without showing or storing an apostrophe. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def text(value: str) -> str:
    """``value`` without the control characters an xlsx file cannot hold (they are invisible)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def append_row(sheet: Worksheet, values: Iterable) -> None:
    """Append ``values`` as one row; every ``str`` stays literal text, "" becomes empty."""
    values = [text(v) if isinstance(v, str) else v for v in values]
    sheet.append([None if v == "" else v for v in values])
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if not isinstance(value, str) or value == "":
            continue
        cell.data_type = "s"  # never "f" (formula) or "e" (error value)
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True


def write_row(sheet: Worksheet, row: int, values: Iterable) -> list[Cell]:
    """Write ``values`` into row ``row`` (1-based) as :func:`append_row` does; returns the
    cells. Long sheets use this with a counted row: ``sheet.max_row`` scans every cell."""
    cells = []
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            value = text(value)
        cell = sheet.cell(row, column, None if value == "" else value)
        cells.append(cell)
        if not isinstance(value, str) or value == "":
            continue
        cell.data_type = "s"  # never "f" (formula) or "e" (error value)
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cells
