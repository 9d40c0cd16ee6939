"""Long registers (Agenda Surat Keluar, Buku Ekspedisi) as landscape PDF, with ReportLab.

WeasyPrint lays out a table at about a millisecond per cell: a year's agenda of 5,000
lines (60,000 cells) took over a minute, past a web worker's timeout. ReportLab's table
flowable does the same in a few seconds, so the registers use it; letters, whose body is
HTML from the editor, stay with WeasyPrint. See README ("Pilihan pustaka").
"""

from __future__ import annotations

import io
import subprocess
from functools import cache
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    KeepTogether,
    LayoutError,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

rl_config.invariant = 1  # no creation date or random id: the same rows give the same bytes
FALLBACK = ("Helvetica", "Helvetica-Bold")
CELL_SIZE, CELL_LEADING = 7, 8.4  # points
PADDING = 2  # points, each side of a cell


@cache
def fonts(family: str) -> tuple[str, str]:
    """Register the unit's font (regular, bold) from the system, found with fontconfig."""
    names = []
    for style in ("Regular", "Bold"):
        try:
            path = subprocess.run(
                ["fc-match", "-f", "%{file}", f"{family}:style={style}"],
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return FALLBACK
        if not path.endswith(".ttf"):
            return FALLBACK
        name = f"{family}-{style}"
        pdfmetrics.registerFont(TTFont(name, path))
        names.append(name)
    return names[0], names[1]


class _NumberedCanvas(canvas.Canvas):
    """Draws "Halaman x dari y" and the footer once the number of pages is known."""

    footer = ""
    font = "Helvetica"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, _height = self._pagesize
            self.setFont(self.font, 7)
            self.drawString(10 * mm, 7 * mm, self.footer)
            self.drawRightString(
                width - 10 * mm, 7 * mm, f"Halaman {self._pageNumber} dari {total}"
            )
            super().showPage()
        super().save()


def render(
    *,
    judul: str,
    unit,
    periode_label: str,
    kolom: list,
    baris: list[list[str]],
    halaman: dict,
    tempat_tanggal: str,
    mengetahui,
    progres=None,
) -> bytes:
    """The register as PDF. ``progres`` (if given) is called with 0…1 as pages are laid
    out, against an estimate of the number of pages."""
    regular, bold = fonts(halaman["huruf"])
    cell = ParagraphStyle("sel", fontName=regular, fontSize=CELL_SIZE, leading=CELL_LEADING)
    head = ParagraphStyle("kepala", parent=cell, fontName=bold, alignment=1)
    title = ParagraphStyle("judul", fontName=bold, fontSize=12, leading=15, alignment=1)
    sub = ParagraphStyle("sub", fontName=regular, fontSize=10, leading=12.5, alignment=1)
    text = ParagraphStyle("teks", fontName=regular, fontSize=9, leading=11.5)
    name = ParagraphStyle("nama", parent=text, fontName=bold)

    page = (halaman["tinggi"] * mm, halaman["lebar"] * mm)  # landscape

    def build(split_in_row: int) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=page,
            leftMargin=10 * mm,
            rightMargin=10 * mm,
            topMargin=12 * mm,
            bottomMargin=14 * mm,
            title=judul,
            author=unit.nama,
            creator="SOP Surat",
        )
        total = sum(c.lebar for c in kolom)
        widths = [doc.width * c.lebar / total for c in kolom]
        room = [w - 2 * PADDING - 0.5 for w in widths]  # the text's share of a cell
        # Every text is escaped: a Hal such as "<font size=40>" or "A & B" prints as typed.
        data = [[Paragraph(escape(c.judul), head) for c in kolom]]
        # Paragraphs wrap (also inside a long word, such as a nomor without spaces) but
        # cost time: a value that fits on one line of its column is drawn as a plain
        # string in the same font, anything longer (in any column) becomes a Paragraph.
        width_of = pdfmetrics.stringWidth
        data += [
            [
                v if not v or width_of(v, regular, CELL_SIZE) <= r else Paragraph(escape(v), cell)
                for v, r in zip(row, room, strict=True)
            ]
            for row in baris
        ]
        if not baris:
            data.append(
                [Paragraph("Tidak ada entri pada periode ini.", cell)] + [""] * (len(kolom) - 1)
            )
        table = Table(data, colWidths=widths, repeatRows=1, splitInRow=split_in_row)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
            # Plain-string cells in the register's font and size (ReportLab's default is
            # Helvetica 10, which printed dates over the neighbouring column).
            ("FONT", (0, 0), (-1, -1), regular, CELL_SIZE, CELL_LEADING),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
        ]
        if not baris:
            style.append(("SPAN", (0, 1), (-1, 1)))
        table.setStyle(TableStyle(style))

        block = [Paragraph(escape(tempat_tanggal), text), Paragraph("Mengetahui,", text)]
        if mengetahui is not None:
            block += [Paragraph(escape(line), text) for line in mengetahui.jabatan]
            block += [
                Spacer(1, 18 * mm),
                Paragraph(f"<u>{escape(mengetahui.nama)}</u>", name),
                Paragraph(escape(mengetahui.pangkat), text),
            ]
            if mengetahui.nip:
                block.append(Paragraph(f"NIP {escape(mengetahui.nip)}", text))
        else:
            block += [Spacer(1, 18 * mm), Paragraph("(……………………………)", text)]
        signature = Table([["", block]], colWidths=[doc.width * 0.65, doc.width * 0.35])

        story = [
            Paragraph(escape(judul.upper()), title),
            Paragraph(f"{escape(unit.nama.upper())}<br/>{escape(periode_label)}", sub),
            Spacer(1, 4 * mm),
            table,
            Spacer(1, 8 * mm),
            KeepTogether([signature]),
        ]

        class Numbered(_NumberedCanvas):
            footer = f"{judul} — {unit.nama} — {periode_label}"
            font = regular

        if progres is not None:
            estimate = _pages_estimate(data, room, doc.height)

            def on_progress(kind: str, value: int) -> None:
                if kind == "PAGE":
                    progres(min(value / estimate, 1.0))

            doc.setProgressCallBack(on_progress)
        doc.build(story, canvasmaker=Numbered)
        return buffer.getvalue()

    try:
        return build(split_in_row=0)  # each line whole on one page, as a register should be
    except LayoutError:
        # A line taller than a page (a letter to a hundred addressees) cannot be kept
        # whole: let it continue on the next page rather than fail the whole register.
        return build(split_in_row=1)


def _pages_estimate(data: list[list], room: list[float], height: float) -> float:
    """About how many pages the table fills: each row as tall as its longest cell
    would wrap (a guess, good enough for a progress bar)."""
    width_of = pdfmetrics.stringWidth
    total = 0.0
    for row in data[1:]:
        lines = 1
        for value, r in zip(row, room, strict=False):
            if isinstance(value, Paragraph):
                lines = max(lines, 1 + int(width_of(value.text, "Helvetica", CELL_SIZE) // r))
        total += lines * CELL_LEADING + 2 * PADDING
    return max(1.0, total / (height * 0.9))
