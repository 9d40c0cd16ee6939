"""The printed registers: Agenda Surat Keluar and Buku Ekspedisi, for a period.

Both the PDF and the Excel file are built from the same rows, so they always agree.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from letters import agenda, excel, naskah, register_pdf
from letters.models import Dispatch, Penerima
from organisasi import tanggal


@dataclass(frozen=True)
class Column:
    judul: str
    lebar: int  # Excel width in characters; the PDF uses it as a relative width
    jenis: str = "teks"  # "teks", "tanggal" or "angka"
    bungkus: bool = True  # may wrap onto several lines (short codes never need to)


AGENDA_COLUMNS = [
    Column("No. Urut", 8, bungkus=False),
    Column("Nomor Surat", 36),
    Column("Kode Klasifikasi", 13, bungkus=False),
    Column("Tanggal Surat", 14, "tanggal"),
    Column("Tujuan", 26),
    Column("Perihal", 36),
    Column("Sifat", 9, bungkus=False),
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


def agenda_rows(terlihat, unit_id: int, periode: Periode) -> list[list]:
    entries = (
        agenda.entries(terlihat)
        .filter(unit_id=unit_id, tanggal__range=(periode.mulai, periode.selesai))
        .order_by("tahun", "seri", "nomor_urut", "sisipan")
    )
    return [agenda_row(entry) for entry in entries]


def agenda_row(entry) -> list:
    letter = entry.letter
    kirim = list(letter.pengiriman.all())
    penandatangan = (
        f"{letter.jabatan_penandatangan} — {letter.ditandatangani_oleh.nama_bergelar}"
        if letter.ditandatangani_oleh
        else ""
    )
    return [
        entry.urut_label,
        entry.nomor,
        letter.klasifikasi.kode,
        letter.tanggal_surat or entry.tanggal,
        "; ".join(p.nama for p in letter.penerima.all()),
        letter.hal,
        letter.get_sifat_display(),
        letter.lampiran or "-",
        penandatangan,
        kirim[0].tanggal_kirim if kirim else None,
        "; ".join(_cara(d) for d in kirim),
        agenda.keterangan(entry),
    ]


def _cara(dispatch: Dispatch) -> str:
    text = dispatch.get_cara_display()
    return f"{text} — {dispatch.nama_penerima}" if dispatch.nama_penerima else text


def ekspedisi_rows(terlihat, unit_id: int, periode: Periode, *, base_url: str = "") -> list[list]:
    dispatches = (
        Dispatch.objects.filter(
            letter__unit_id=unit_id,
            tanggal_kirim__range=(periode.mulai, periode.selesai),
            letter__in=terlihat.values("pk"),
        )
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
                "; ".join(p.nama for p in letter.penerima.all()),
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


def xlsx(judul: str, columns: list[Column], rows: list[list]) -> bytes:
    """An Excel workbook: header row frozen, real dates, columns sized to their content.

    Text (Hal, names, notes) is written through :mod:`letters.excel`, so it is never read
    as a formula; numbers (No. Urut, counts) and dates stay numbers and dates.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = judul[:31]
    excel.append_row(sheet, [c.judul for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        excel.append_row(sheet, row)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.lebar
        if column.jenis == "tanggal":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = tanggal.FORMAT_EXCEL
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def periode_label(mulai: datetime.date, selesai: datetime.date) -> str:
    return f"{tanggal.tanggal(mulai)} s.d. {tanggal.tanggal(selesai)}"


@dataclass(frozen=True)
class Document:
    judul: str
    columns: list[Column]
    rows: Callable[..., list[list]]


DOCUMENTS = {
    "agenda": Document("Agenda Surat Keluar", AGENDA_COLUMNS, agenda_rows),
    "ekspedisi": Document("Buku Ekspedisi", EKSPEDISI_COLUMNS, ekspedisi_rows),
}


def as_xlsx(dokumen: str, *, terlihat, unit, periode: Periode) -> bytes:
    document = DOCUMENTS[dokumen]
    return xlsx(document.judul, document.columns, document.rows(terlihat, unit.pk, periode))


def as_pdf(dokumen: str, *, terlihat, unit, periode: Periode, mengetahui: str) -> bytes:
    """The register for ``periode``, landscape, ending with the "Mengetahui" block."""
    document = DOCUMENTS[dokumen]
    rows = document.rows(terlihat, unit.pk, periode)
    return register_pdf.render(
        judul=document.judul,
        unit=unit,
        periode_label=periode.label,
        kolom=document.columns,
        baris=[[display(v, c) for v, c in zip(row, document.columns, strict=True)] for row in rows],
        halaman=naskah.halaman(unit),
        tempat_tanggal=naskah.tempat_tanggal(unit, timezone.localdate()),
        mengetahui=naskah.pejabat(unit.pk, mengetahui),
    )
