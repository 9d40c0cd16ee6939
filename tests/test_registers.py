"""The printed Agenda Surat Keluar and Buku Ekspedisi: PDF and Excel for a period."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from approvals import actions
from letters.models import AgendaEntry, KodeKlasifikasi, Letter, Penerima
from organisasi.models import User
from tests.conftest import position
from tests.pdf_text import pages, size_mm, text

TODAY = timezone.localdate


def _get(client, **params):
    return client.get("/agenda/cetak/", params)


def _month(**extra):
    today = TODAY()
    return {"jenis": "bulan", "tahun": today.year, "bulan": today.month, **extra}


def _bulk_agenda(office, count: int, tanggal: datetime.date, first: int = 1):
    """``count`` numbered letters straight into the tables (rendering data, not workflow)."""
    kasubbag, pelaksana = office["kasubbag"], office["pelaksana"]
    kode = KodeKlasifikasi.objects.get(kode="100.2.4")
    common = {
        "unit_id": kasubbag.penugasan.get().position.unit.instansi_id,
        "klasifikasi": kode,
        "pejabat_pengawas": position("Kepala Seksi Pemerintahan"),
        "isi": "<p>Isi</p>",
        "penandatangan": position("Camat Mojoanyar"),
        "pembuat": pelaksana,
        "status": "review",
    }
    letters = Letter.objects.bulk_create(
        Letter(hal=f"Surat massal {i}", **common) for i in range(first, first + count)
    )
    AgendaEntry.objects.bulk_create(
        AgendaEntry(
            letter=letter,
            unit_id=common["unit_id"],
            tahun=tanggal.year,
            nomor_urut=i,
            nomor=f"100.2.4/{i:03d}/416-XX/{tanggal.year}",
            tanggal=tanggal,
            diberikan_oleh=kasubbag,
        )
        for i, letter in enumerate(letters, start=first)
    )
    Penerima.objects.bulk_create(
        Penerima(letter=letter, nama="Kepala Desa Jabon") for letter in letters
    )


def _header_row(sheet) -> int:
    return next(c.row for (c,) in sheet.iter_rows(max_col=1) if c.value == "No. Urut")


def test_the_print_page_offers_both_registers_in_both_formats(office, login):
    html = login("kasubbag").get("/agenda/cetak/").content.decode()
    for label in (
        "Agenda Surat Keluar (PDF)",
        "Agenda Surat Keluar (Excel)",
        "Buku Ekspedisi (PDF)",
        "Buku Ekspedisi (Excel)",
    ):
        assert label in html


def test_the_agenda_pdf_is_landscape_with_its_columns_and_a_mengetahui_block(make_letter, login):
    letter = make_letter("sent", hal="Permohonan Data Penduduk")
    response = _get(login("kasubbag"), unduh="agenda.pdf", **_month())
    assert response["Content-Type"] == "application/pdf"
    width, height = size_mm(response.content)
    assert (width, height) == (297, 210)
    printed = " ".join(text(response.content).split())
    for expected in (
        "AGENDA SURAT KELUAR",
        "KECAMATAN MOJOANYAR",
        "No. Urut",
        "Nomor Surat",
        "Perihal",
        "Penandatangan",
        "Cara Kirim / Tanda Terima",
        "Keterangan",
        letter.nomor,
        "Permohonan Data Penduduk",
        "Mengetahui,",
        "Sekretaris Kecamatan",
        "Hendra Saputra, S.H.",
        "Halaman 1 dari 1",
    ):
        assert expected in printed, expected


def test_the_kasubbag_can_sign_the_agenda_instead(make_letter, login):
    make_letter("review")
    response = _get(login("kasubbag"), unduh="agenda.pdf", mengetahui="kasubbag_umpeg", **_month())
    printed = " ".join(text(response.content).split())
    assert "Kepala Sub Bagian Umum dan Kepegawaian" in printed
    assert "Dewi Lestari, S.AP." in printed


def test_the_agenda_shows_batal_and_sisipan(make_letter, office, login):
    from letters.numbering import Sisipan

    cancelled = make_letter("review", hal="Surat yang batal")
    actions.cancel(cancelled, by=office["kasubbag"], catatan="Acara batal")
    actions.assign_number(
        make_letter("numbering"),
        by=office["kasubbag"],
        sisipan=Sisipan(setelah=1, alasan="Surat susulan"),
    )
    printed = " ".join(
        text(_get(login("kasubbag"), unduh="agenda.pdf", **_month()).content).split()
    )
    assert "BATAL" in printed
    assert "Sisipan: Surat susulan" in printed
    assert "1.1" in printed


def test_a_600_line_agenda_repeats_the_header_on_every_page(office, login):
    _bulk_agenda(office, 600, TODAY())
    content = _get(login("kasubbag"), unduh="agenda.pdf", **_month()).content
    all_pages = pages(content)
    assert len(all_pages) > 10
    for number, page in enumerate(all_pages, start=1):
        flat = " ".join(page.split())
        assert f"Halaman {number} dari {len(all_pages)}" in flat
        if "Surat massal" in flat:  # every page of the table, not the signature-only page
            assert "Nomor Surat" in flat and "Perihal" in flat, number
    printed = " ".join(text(content).split())
    assert "Surat massal 1 " in printed and "Surat massal 600" in printed


@pytest.mark.parametrize(
    ("params", "inside"),
    [
        ({"jenis": "bulan", "tahun": 2025, "bulan": 3}, {"Maret"}),
        ({"jenis": "triwulan", "tahun": 2025, "triwulan": 1}, {"Januari", "Maret"}),
        ({"jenis": "triwulan", "tahun": 2025, "triwulan": 2}, {"Juni"}),
        ({"jenis": "tahun", "tahun": 2025}, {"Januari", "Maret", "Juni"}),
        ({"jenis": "rentang", "dari": "2025-01-15", "sampai": "2025-03-31"}, {"Januari", "Maret"}),
        ({"jenis": "rentang", "dari": "2025-01-16", "sampai": "2025-03-30"}, set()),
    ],
)
def test_the_period_decides_which_lines_are_printed(office, login, params, inside):
    for month_name, date in (
        ("Januari", datetime.date(2025, 1, 15)),
        ("Maret", datetime.date(2025, 3, 31)),
        ("Juni", datetime.date(2025, 6, 1)),
    ):
        _bulk_agenda(office, 1, date, first=date.month)
        Letter.objects.filter(hal=f"Surat massal {date.month}").update(
            hal=f"Surat bulan {month_name}"
        )
    printed = text(_get(login("kasubbag"), unduh="agenda.pdf", **params).content)
    shown = {m for m in ("Januari", "Maret", "Juni") if f"Surat bulan {m}" in printed}
    assert shown == inside


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"jenis": "bulan", "tahun": 2025}, "Pilih bulan."),
        ({"jenis": "rentang", "dari": "2025-05-01"}, "Isi tanggal awal dan akhir."),
        (
            {"jenis": "rentang", "dari": "2025-05-01", "sampai": "2025-04-01"},
            "Tanggal akhir tidak boleh sebelum tanggal awal.",
        ),
        ({"jenis": "tahun", "tahun": "abc"}, "Tahun harus berupa angka, mis. 2026."),
    ],
)
def test_a_bad_period_is_explained_in_indonesian(office, login, params, message):
    response = _get(login("kasubbag"), unduh="agenda.pdf", **params)
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_the_agenda_excel_has_real_dates_a_frozen_header_and_sized_columns(make_letter, login):
    letter = make_letter("sent", hal="Laporan Bulanan")
    response = _get(login("kasubbag"), unduh="agenda.xlsx", **_month())
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = _header_row(sheet)
    assert [c.value for c in sheet[header]][:4] == [
        "No. Urut",
        "Nomor Surat",
        "Kode Klasifikasi",
        "Tanggal Surat",
    ]
    assert sheet.freeze_panes == f"A{header + 1}"
    row = [c.value for c in sheet[header + 1]]
    assert row[1] == letter.nomor and row[5] == "Laporan Bulanan"
    assert isinstance(row[3], datetime.datetime) and row[3].date() == TODAY()
    assert isinstance(row[9], datetime.datetime)
    assert sheet.column_dimensions["F"].width == 36  # Perihal
    assert sheet.cell(header + 2, 1).value is None  # one line only


def test_the_buku_ekspedisi_lists_dispatches_with_receiver_and_receipt(make_letter, office, login):
    letter = make_letter("signed", hal="Undangan Rapat Desa")
    scan = SimpleUploadedFile(
        "tanda-terima.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png"
    )
    actions.dispatch(
        letter,
        by=office["pelaksana"],
        tanggal_kirim=TODAY(),
        cara="kurir",
        nama_penerima="Slamet Riyadi",
        tanggal_terima=TODAY(),
        bukti=scan,
        catatan="Diterima di balai desa",
    )
    client = login("kasubbag")

    printed = " ".join(text(_get(client, unduh="ekspedisi.pdf", **_month()).content).split())
    for expected in (
        "BUKU EKSPEDISI",
        "Ditujukan Kepada",
        "Nama Penerima",
        letter.nomor,
        "Undangan Rapat Desa",
        "Kepala Desa Jabon",
        "Slamet Riyadi",
        "Diantar kurir/caraka; Diterima di balai desa",
        "Mengetahui,",
    ):
        assert expected in printed, expected

    sheet = load_workbook(
        io.BytesIO(_get(client, unduh="ekspedisi.xlsx", **_month()).content)
    ).active
    row = [c.value for c in sheet[_header_row(sheet) + 1]]
    assert row[0] == 1 and row[7] == "Slamet Riyadi"
    assert row[1].date() == TODAY() and row[8].date() == TODAY()
    receipt_url = row[9]
    assert receipt_url.endswith("/tanda-terima/")
    download = client.get(receipt_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_someone_without_a_position_cannot_print(office, client):
    client.force_login(User.objects.create_user("tamu", password="x"))
    assert client.get("/agenda/cetak/", {"unduh": "agenda.pdf", **_month()}).status_code == 403
