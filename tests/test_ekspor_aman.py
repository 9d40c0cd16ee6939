"""User text stays text in every export: Excel cells are never formulas, PDFs never markup.

A Hal, a recipient's name, a receiver's name or a note typed into the application is
printed exactly as typed in the Agenda Surat Keluar, the Buku Ekspedisi and the SOP
compliance report, in Excel (no live formula, no error value, the visible text unchanged)
and in PDF (ReportLab and WeasyPrint print markup and "&" literally).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from approvals import actions
from approvals.models import LangkahSop
from letters.models import Letter, Tujuan
from tests.conftest import advance, letter_data
from tests.pdf_text import text

HAL = '=HYPERLINK("http://x","klik") <font size=40>besar</font> & <b>tebal</b> &amp;'
PENERIMA = "=1+2"
NAMA_PENERIMA = "@SUM(A1:A2)"
CATATAN = "<i>miring</i> & =cmd|' /C calc'!A0"


def _month():
    today = timezone.localdate()
    return {"jenis": "bulan", "tahun": today.year, "bulan": today.month}


def _letter(office, state: str, hal: str, penerima: list[str] | None = None) -> Letter:
    tujuan = Tujuan.objects.get(nama="Kepala Desa Jabon")
    letter = actions.create_letter(
        by=office["pelaksana"],
        data=letter_data(hal=hal, lampiran="-1 berkas"),
        penerima=[(tujuan if nama == "Kepala Desa Jabon" else None, nama) for nama in penerima]
        if penerima
        else [(tujuan, "Kepala Desa Jabon")],
    )
    return advance(letter, state, office)


@pytest.fixture
def sent(office):
    """A signed letter with hostile text everywhere, dispatched with a receipt."""
    letter = _letter(office, "signed", HAL, [PENERIMA, "Kepala Desa Jabon"])
    actions.dispatch(
        letter,
        by=office["pelaksana"],
        tanggal_kirim=timezone.localdate(),
        cara="kurir",
        nama_penerima=NAMA_PENERIMA,
        tanggal_terima=timezone.localdate(),
        bukti=SimpleUploadedFile("tt.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
        catatan=CATATAN,
    )
    return Letter.objects.get(pk=letter.pk)


def _sheet(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def _line(sheet, number: int = 1):
    """The ``number``-th line of a register's table, under its header row (the title
    lines above it vary)."""
    header = next(c.row for (c,) in sheet.iter_rows(max_col=1) if c.value == "No. Urut")
    return sheet[header + number]


def _assert_text(cell, expected: str) -> None:
    assert cell.value == expected
    assert cell.data_type == "s"  # a string, not "f" (formula) or "e" (error value)


def _squash(value: str) -> str:
    """Text without whitespace: a narrow PDF column may wrap a long word anywhere."""
    return "".join(value.split())


def test_the_agenda_in_excel_keeps_hal_recipients_and_lampiran_as_text(sent, login):
    sheet = _sheet(login("kasubbag").get("/agenda/cetak/", {"unduh": "agenda.xlsx", **_month()}))
    row = _line(sheet)
    _assert_text(row[5], HAL)
    _assert_text(row[4], f"{PENERIMA}; Kepala Desa Jabon")
    _assert_text(row[7], "-1 berkas")
    assert row[5].quotePrefix and row[4].quotePrefix and row[7].quotePrefix
    _assert_text(row[10], f"Diantar kurir/caraka — {NAMA_PENERIMA}")
    assert row[1].value == sent.nomor
    assert row[3].data_type == "d"  # dates stay dates


def test_the_buku_ekspedisi_in_excel_keeps_every_typed_text_as_text(sent, login):
    sheet = _sheet(login("kasubbag").get("/agenda/cetak/", {"unduh": "ekspedisi.xlsx", **_month()}))
    row = _line(sheet)
    assert row[0].value == 1 and row[0].data_type == "n"  # No. Urut stays a number
    _assert_text(row[4], HAL)
    _assert_text(row[5], f"{PENERIMA}; Kepala Desa Jabon")
    _assert_text(row[6], f"Diantar kurir/caraka; {CATATAN}")
    _assert_text(row[7], NAMA_PENERIMA)
    assert row[7].quotePrefix
    assert row[8].data_type == "d"


@pytest.mark.parametrize(
    "hal",
    [
        "=1+2",
        "+62 321 555",
        "-5 hari kerja",
        "@SUM(1,2)",
        "\t=1+2 diawali tab",
        "\r=1+2 diawali CR",
        "#N/A",
        "=",
    ],
)
def test_every_formula_prefix_stays_the_typed_text(office, login, hal):
    _letter(office, "review", hal)
    sheet = _sheet(login("kasubbag").get("/agenda/cetak/", {"unduh": "agenda.xlsx", **_month()}))
    cell = _line(sheet)[5]
    _assert_text(cell, hal)
    assert bool(cell.quotePrefix) == hal.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert _line(sheet)[0].value == 1  # No. Urut is a number


def test_invisible_control_characters_do_not_break_the_excel_export(office, login):
    _letter(office, "review", "Rapat\x0b desa\x01")
    sheet = _sheet(login("kasubbag").get("/agenda/cetak/", {"unduh": "agenda.xlsx", **_month()}))
    _assert_text(_line(sheet)[5], "Rapat desa")


@pytest.mark.parametrize("dokumen", ["agenda", "ekspedisi"])
def test_the_pdf_registers_print_markup_and_ampersands_literally(sent, login, dokumen):
    response = login("kasubbag").get("/agenda/cetak/", {"unduh": f"{dokumen}.pdf", **_month()})
    assert response.status_code == 200
    printed = _squash(text(response.content))
    assert _squash(HAL) in printed
    assert _squash(PENERIMA) in printed
    assert _squash(NAMA_PENERIMA) in printed
    if dokumen == "ekspedisi":
        assert _squash(CATATAN) in printed


def test_a_register_with_an_unclosed_tag_and_a_lone_ampersand_still_prints(office, login):
    _letter(office, "review", "<font size=40 & <b>Rapat", ["<br/> & Desa", "&nbsp; &#0;"])
    response = login("kasubbag").get("/agenda/cetak/", {"unduh": "agenda.pdf", **_month()})
    assert response.status_code == 200
    printed = _squash(text(response.content))
    assert "<fontsize=40&<b>Rapat" in printed
    assert "<br/>&Desa;&nbsp;&#0;" in printed


def test_a_line_taller_than_a_page_continues_on_the_next_page(office, login):
    names = [f"Kepala Dinas Pekerjaan Umum dan Penataan Ruang Nomor {i}" for i in range(120)]
    _letter(office, "review", "Undangan & rapat", names)
    response = login("kasubbag").get("/agenda/cetak/", {"unduh": "agenda.pdf", **_month()})
    assert response.status_code == 200
    printed = _squash(text(response.content))
    assert _squash(names[0]) in printed and _squash(names[-1]) in printed
    assert "Halaman2dari" in printed


def test_the_letter_pdf_prints_the_hal_literally(sent, login):
    """WeasyPrint templates autoescape: the signed letter shows the Hal as typed."""
    response = login("kasubbag").get(f"/surat/{sent.public_id}/pdf/")
    printed = _squash(text(b"".join(response.streaming_content)))
    assert _squash(HAL) in printed
    assert _squash(PENERIMA) in printed


def test_the_compliance_report_keeps_step_names_as_text(office, make_letter, login):
    unit = office["sekcam"].penugasan.get().position.unit.instansi
    kegiatan = "=1+2 <b>Pembuatan</b> & konsep"
    assert LangkahSop.objects.filter(unit=unit, nomor=1).update(kegiatan=kegiatan) == 1
    make_letter("review")
    client = login("sekcam")
    sheet = _sheet(client.get("/dasbor/laporan.xlsx", _month()))
    row = sheet[2]
    _assert_text(row[1], kegiatan)
    assert row[0].value == 1 and row[0].data_type == "n"
    assert row[3].value == 1 and row[3].data_type == "n"  # counts stay numbers
    printed = _squash(text(client.get("/dasbor/laporan.pdf", _month()).content))
    assert _squash(kegiatan) in printed
