"""The printed registers: Agenda Surat Keluar and Buku Ekspedisi, for a period.

Both the PDF and the Excel file are built from the same rows, so they always agree.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from letters import agenda, excel, naskah, register_pdf
from letters.models import AgendaEntry, Dispatch, Penerima, pengaturan_surat
from organisasi import tanggal


@dataclass(frozen=True)
class Column:
    judul: str
    lebar: int  # Excel width in characters; the PDF uses it as a relative width
    jenis: str = "teks"  # "teks", "tanggal" or "angka"


AGENDA_COLUMNS = [
    # A number; a sisipan ("17.1") is text: see agenda_row.
    Column("No. Urut", 10, "angka"),
    Column("Nomor Surat", 36),
    Column("Kode Klasifikasi", 13),
    Column("Tanggal Surat", 14, "tanggal"),
    Column("Tujuan", 26),
    Column("Perihal", 36),
    Column("Sifat", 9),
    Column("Lampiran", 12),
    Column("Penandatangan", 24),
    Column("Tanggal Kirim", 14, "tanggal"),
    Column("Cara Kirim / Tanda Terima", 24),
    Column("Keterangan", 18),
]
EKSPEDISI_COLUMNS = [
    Column("No. Urut", 7, "angka"),
    Column("Tanggal Pengiriman", 13, "tanggal"),
    Column("Tanggal Surat", 14, "tanggal"),
    Column("Nomor Surat", 36),
    Column("Isi Singkat", 36),
    Column("Ditujukan Kepada", 30),
    Column("Keterangan", 22),
    Column("Nama Penerima", 20),
    Column("Tanggal Diterima", 13, "tanggal"),
    Column("Tanda Terima", 14),
]


@dataclass(frozen=True)
class Periode:
    mulai: datetime.date
    selesai: datetime.date
    label: str


def _agenda_entries(terlihat, unit_id: int, periode: Periode):
    return agenda.lengkapi(
        AgendaEntry.objects.filter(
            letter__in=terlihat.values("pk"),
            unit_id=unit_id,
            tanggal__range=(periode.mulai, periode.selesai),
        )
    ).order_by("tahun", "seri", "nomor_urut", "sisipan")


def agenda_rows(terlihat, unit_id: int, periode: Periode) -> list[list]:
    return [agenda_row(entry) for entry in _agenda_entries(terlihat, unit_id, periode)]


def agenda_row(entry) -> list:
    letter = entry.letter
    kirim = list(letter.pengiriman.all())
    penandatangan = (
        f"{letter.jabatan_penandatangan} — {letter.ditandatangani_oleh.nama_bergelar}"
        if letter.ditandatangani_oleh
        else ""
    )
    return [
        # A plain number stays a number in Excel; a sisipan reads "17.1" as text (as a
        # number it would be 17.1 = 17.10, and sisipan 10 would print as 17.1).
        entry.urut_label if entry.sisipan else entry.nomor_urut,
        entry.nomor,
        letter.klasifikasi.kode,
        letter.tanggal_surat or entry.tanggal,
        agenda.tujuan(p.nama for p in letter.penerima.all()),
        letter.hal,
        letter.get_sifat_display(),
        letter.lampiran or "-",
        penandatangan,
        kirim[0].tanggal_kirim if kirim else None,
        "; ".join(agenda.cara_kirim(d) for d in kirim),
        agenda.keterangan(entry),
    ]


def _dispatches(terlihat, unit_id: int, periode: Periode):
    return Dispatch.objects.filter(
        letter__unit_id=unit_id,
        tanggal_kirim__range=(periode.mulai, periode.selesai),
        letter__in=terlihat.values("pk"),
    )


def ekspedisi_rows(terlihat, unit_id: int, periode: Periode, *, base_url: str = "") -> list[list]:
    dispatches = (
        _dispatches(terlihat, unit_id, periode)
        .select_related("letter__agenda")
        .prefetch_related(
            Prefetch("letter__penerima", queryset=Penerima.objects.order_by("urutan", "pk"))
        )
        .order_by("tanggal_kirim", "dicatat_pada")
    )
    rows = []
    for nomor, dispatch in enumerate(dispatches, start=1):
        letter = dispatch.letter
        keterangan = dispatch.get_cara_display()
        if dispatch.catatan:
            keterangan += f"; {dispatch.catatan}"
        bukti = ""
        if dispatch.bukti:
            bukti = base_url + reverse("letters:tanda_terima", args=[letter.public_id, dispatch.pk])
        rows.append(
            [
                nomor,
                dispatch.tanggal_kirim,
                letter.tanggal_surat,
                letter.nomor,
                letter.hal,
                agenda.tujuan(p.nama for p in letter.penerima.all()),
                keterangan,
                dispatch.nama_penerima,
                dispatch.tanggal_terima,
                bukti,
            ]
        )
    return rows


def display(value, column: Column) -> str:
    """A cell as printed: dates in Indonesian day-month-year."""
    if value in (None, ""):
        return ""
    if column.jenis == "tanggal":
        return tanggal.tanggal_angka(value)
    return str(value)


# Excel's paper sizes (ECMA-376 ST_PaperSize): 9 is A4, 14 is Folio (8.5 x 13 in, the
# 215 x 330 mm sheet offices call F4).
PAPER_EXCEL = {"A4": 9, "F4": 14}
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class Kepala:
    """What a printed register carries besides its table: title lines, paper, signature."""

    baris_judul: list[str] = field(default_factory=list)  # e.g. register, unit, period
    kertas: str = "A4"
    tempat_tanggal: str = ""
    mengetahui: object = None  # naskah.Penandatangan, or None for a blank signature line
    blok_mengetahui: bool = False


def xlsx(
    judul: str,
    columns: list[Column],
    rows: list[list],
    *,
    kepala: Kepala | None = None,
    progres: Callable[[float], None] | None = None,
) -> bytes:
    """An Excel workbook ready to print and file: title lines, header row frozen and
    repeated on every printed page, real dates, numbers as numbers, columns sized to
    their content, landscape and fitted to the page width, and the "Mengetahui" block.

    Text (Hal, names, notes) is written through :mod:`letters.excel`, so it is never read
    as a formula; numbers (No. Urut, counts) and dates stay numbers and dates.
    """
    kepala = kepala or Kepala()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = judul[:31]
    last_col = get_column_letter(len(columns))

    for number, line in enumerate(kepala.baris_judul, start=1):
        sheet.cell(number, 1, excel.text(line)).font = Font(
            bold=True, size=14 if number == 1 else 12
        )
        sheet.cell(number, 1).alignment = Alignment(horizontal="center")
        sheet.merge_cells(f"A{number}:{last_col}{number}")
    header_row = len(kepala.baris_judul) + 2 if kepala.baris_judul else 1
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(header_row, index, column.judul)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
        cell.border = _BORDER

    wrap = Alignment(wrap_text=True, vertical="top")
    right = Alignment(horizontal="right", vertical="top")
    step = max(1, len(rows) // 50)
    for count, row in enumerate(rows, start=1):
        cells = excel.write_row(sheet, header_row + count, row)
        for cell, column in zip(cells, columns, strict=False):
            cell.border = _BORDER
            if column.jenis == "tanggal":
                cell.number_format = tanggal.FORMAT_EXCEL
                cell.alignment = right
            elif column.jenis == "angka":
                cell.alignment = right  # a sisipan ("17.1", text) lines up with the numbers
            else:
                cell.alignment = wrap
        if progres is not None and count % step == 0:
            progres(count / len(rows))
    last_row = header_row + len(rows)

    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.lebar
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last_col}{max(last_row, header_row)}"
    if kepala.blok_mengetahui:
        last_row = _mengetahui(sheet, kepala, len(columns), last_row + 2)

    # Print set-up: landscape on the unit's paper, as wide as the page, header row on
    # every page, margins as the PDF registers (about 10 mm), page numbers in the footer.
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = PAPER_EXCEL.get(kepala.kertas, PAPER_EXCEL["A4"])
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages tall as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_area = f"A1:{last_col}{last_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3
    )
    sheet.oddFooter.left.text = excel.text(" — ".join(kepala.baris_judul) or judul).replace(
        "&", "&&"
    )
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Halaman &P dari &N"
    sheet.oddFooter.right.size = 8

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _mengetahui(sheet, kepala: Kepala, width: int, first_row: int) -> int:
    """The "Mengetahui" block under the table, over its right-hand columns, as in the
    PDF; returns the last row it uses."""
    span = max(1, min(4, width // 3))
    first_col = width - span + 1
    pejabat = kepala.mengetahui
    lines: list[tuple[str, Font | None]] = [
        (kepala.tempat_tanggal, None),
        ("Mengetahui,", None),
    ]
    if pejabat is not None:
        lines += [(line, None) for line in pejabat.jabatan]
        lines += [("", None)] * 3
        lines.append((pejabat.nama, Font(bold=True, underline="single")))
        if pejabat.pangkat:
            lines.append((pejabat.pangkat, None))
        if pejabat.nip:
            lines.append((f"NIP {pejabat.nip}", None))
    else:
        lines += [("", None)] * 3 + [("(……………………………)", None)]
    row = first_row
    for text, font in lines:
        if text:
            cell = sheet.cell(row, first_col, excel.text(text))
            cell.data_type = "s"
            if font is not None:
                cell.font = font
        if span > 1:
            sheet.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=width)
        row += 1
    return row - 1


def periode_label(mulai: datetime.date, selesai: datetime.date) -> str:
    return f"{tanggal.tanggal(mulai)} s.d. {tanggal.tanggal(selesai)}"


@dataclass(frozen=True)
class Document:
    judul: str
    columns: list[Column]
    rows: Callable[..., list[list]]
    queryset: Callable  # the register's lines, for counting


DOCUMENTS = {
    "agenda": Document("Agenda Surat Keluar", AGENDA_COLUMNS, agenda_rows, _agenda_entries),
    "ekspedisi": Document("Buku Ekspedisi", EKSPEDISI_COLUMNS, ekspedisi_rows, _dispatches),
}
FORMATS = ("pdf", "xlsx")


def jumlah_baris(dokumen: str, *, terlihat, unit, periode: Periode) -> int:
    """How many lines the register has: big ones are made by the worker."""
    return DOCUMENTS[dokumen].queryset(terlihat, unit.pk, periode).count()


def _kepala(document: Document, unit, periode: Periode, mengetahui: str) -> Kepala:
    return Kepala(
        baris_judul=[document.judul.upper(), unit.nama.upper(), periode.label],
        kertas=pengaturan_surat(unit).ukuran_kertas,
        tempat_tanggal=naskah.tempat_tanggal(unit, timezone.localdate()),
        mengetahui=naskah.pejabat(unit.pk, mengetahui),
        blok_mengetahui=True,
    )


def _stage(progres, start: float, end: float):
    """``progres`` for one stage of the work, mapped onto [start, end]."""
    if progres is None:
        return None
    return lambda fraction: progres(start + (end - start) * min(max(fraction, 0.0), 1.0))


def as_xlsx(
    dokumen: str,
    *,
    terlihat,
    unit,
    periode: Periode,
    mengetahui: str,
    progres: Callable[[float], None] | None = None,
) -> bytes:
    """The register for ``periode`` as a workbook; ``progres`` (if given) hears 0…1."""
    document = DOCUMENTS[dokumen]
    rows = document.rows(terlihat, unit.pk, periode)
    if progres is not None:
        progres(0.3)
    return xlsx(
        document.judul,
        document.columns,
        rows,
        kepala=_kepala(document, unit, periode, mengetahui),
        progres=_stage(progres, 0.3, 0.95),
    )


def as_pdf(
    dokumen: str,
    *,
    terlihat,
    unit,
    periode: Periode,
    mengetahui: str,
    progres: Callable[[float], None] | None = None,
) -> bytes:
    """The register for ``periode``, landscape, ending with the "Mengetahui" block;
    ``progres`` (if given) hears how far the work is, 0…1."""
    document = DOCUMENTS[dokumen]
    rows = document.rows(terlihat, unit.pk, periode)
    if progres is not None:
        progres(0.1)
    kepala = _kepala(document, unit, periode, mengetahui)
    return register_pdf.render(
        judul=document.judul,
        unit=unit,
        periode_label=periode.label,
        kolom=document.columns,
        baris=[[display(v, c) for v, c in zip(row, document.columns, strict=True)] for row in rows],
        halaman=naskah.halaman(unit),
        tempat_tanggal=kepala.tempat_tanggal,
        mengetahui=kepala.mengetahui,
        progres=_stage(progres, 0.1, 0.98),
    )


def buat(dokumen: str, fmt: str, **kwargs) -> bytes:
    """The register as ``fmt`` ("pdf" or "xlsx"); keyword arguments as :func:`as_pdf`."""
    return (as_pdf if fmt == "pdf" else as_xlsx)(dokumen, **kwargs)
