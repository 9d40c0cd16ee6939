"""The Excel registers are ready to print and file: title, Mengetahui block, print
set-up (landscape, fit to width, header row on every page, margins, paper) and No. Urut
as a number (a sisipan such as "1.1" stays readable as text)."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from approvals import actions
from letters.models import PengaturanSurat
from letters.numbering import Sisipan
from organisasi import tanggal
from organisasi.models import Unit


def _workbook(client, dokumen: str, **extra):
    today = timezone.localdate()
    params = {"unduh": f"{dokumen}.xlsx", "jenis": "bulan", "tahun": today.year}
    response = client.get("/agenda/cetak/", {**params, "bulan": today.month, **extra})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def _header_row(sheet) -> int:
    return next(c.row for (c,) in sheet.iter_rows(max_col=1) if c.value == "No. Urut")


def _texts(sheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize(
    ("dokumen", "judul"), [("agenda", "AGENDA SURAT KELUAR"), ("ekspedisi", "BUKU EKSPEDISI")]
)
def test_the_register_has_a_title_and_prints_landscape_fitted_to_the_width(
    make_letter, login, dokumen, judul
):
    make_letter("sent")
    sheet = _workbook(login("kasubbag"), dokumen)
    today = timezone.localdate()
    assert [sheet.cell(r, 1).value for r in (1, 2, 3)] == [
        judul,
        "KECAMATAN MOJOANYAR",
        f"Bulan {tanggal.nama_bulan(today.month)} {today.year}",
    ]
    assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges)  # centred above
    header = _header_row(sheet)
    assert header == 5
    assert sheet.print_title_rows == f"${header}:${header}"  # repeated on every printed page
    assert sheet.freeze_panes == f"A{header + 1}"
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert setup.paperSize == 9  # A4, the unit's paper
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # one page wide, as tall as needed
    margins = sheet.page_margins
    assert 0.3 <= margins.left <= 0.6 and 0.3 <= margins.right <= 0.6
    assert 0.3 <= margins.top <= 0.8 and 0.3 <= margins.bottom <= 0.8
    assert sheet.print_options.horizontalCentered
    assert "Halaman &P dari &N" in sheet.oddFooter.right.text


def test_an_f4_unit_gets_folio_paper(make_letter, login):
    unit = Unit.objects.get(nama="Kecamatan Mojoanyar")
    PengaturanSurat.objects.filter(unit=unit).update(ukuran_kertas="F4")
    make_letter("review")
    sheet = _workbook(login("kasubbag"), "agenda")
    assert sheet.page_setup.paperSize == 14  # Folio, 8.5 x 13 in = 215 x 330 mm


@pytest.mark.parametrize("dokumen", ["agenda", "ekspedisi"])
def test_the_mengetahui_block_follows_the_table(make_letter, login, dokumen):
    make_letter("sent")
    sheet = _workbook(login("kasubbag"), dokumen)
    texts = _texts(sheet)
    block = texts[texts.index("Mengetahui,") - 1 :]
    assert block[0].startswith("Mojoanyar, ")
    assert block[2:] == [
        "Sekretaris Kecamatan",
        "Hendra Saputra, S.H.",
        block[4],
        block[5],
    ]
    assert block[5].startswith("NIP ")
    name = next(c for row in sheet.iter_rows() for c in row if c.value == "Hendra Saputra, S.H.")
    assert name.font.b and name.font.u == "single"
    assert name.row > _header_row(sheet) + 1  # under the table
    last_printed = int(sheet.print_area.rsplit("$", 1)[-1])
    assert last_printed == name.row + 2  # the print area ends with the NIP line


def test_the_kasubbag_can_sign_the_excel_agenda_instead(make_letter, login):
    make_letter("review")
    texts = _texts(_workbook(login("kasubbag"), "agenda", mengetahui="kasubbag_umpeg"))
    assert "Kepala Sub Bagian Umum dan Kepegawaian" in texts
    assert "Dewi Lestari, S.AP." in texts


def test_no_urut_is_a_number_and_a_sisipan_reads_as_typed(make_letter, office, login):
    first = make_letter("review", hal="Surat pertama")
    actions.assign_number(
        make_letter("numbering", hal="Surat susulan"),
        by=office["kasubbag"],
        sisipan=Sisipan(setelah=first.agenda.nomor_urut, alasan="Surat susulan"),
    )
    make_letter("review", hal="Surat kedua")
    sheet = _workbook(login("kasubbag"), "agenda")
    header = _header_row(sheet)
    lines = {sheet.cell(r, 6).value: sheet.cell(r, 1) for r in range(header + 1, header + 4)}
    assert lines["Surat pertama"].value == 1 and lines["Surat pertama"].data_type == "n"
    assert lines["Surat kedua"].value == 2 and lines["Surat kedua"].data_type == "n"
    assert lines["Surat susulan"].value == "1.1" and lines["Surat susulan"].data_type == "s"
    for cell in lines.values():
        assert cell.alignment.horizontal == "right"  # numbers and the sisipan line up
    order = [sheet.cell(r, 1).value for r in range(header + 1, header + 4)]
    assert order == [1, "1.1", 2]
