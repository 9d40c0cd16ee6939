"""The Agenda Surat Keluar page: columns, filters, pagination, BATAL, Rahasia."""

import datetime
import re

from django.db import connection
from django.utils import timezone

from approvals import actions
from letters.models import AgendaEntry, KodeKlasifikasi, Letter
from organisasi.models import Assignment, Position, User

COLUMNS = [
    "No. Urut",
    "Nomor Surat",
    "Kode Klasifikasi",
    "Tanggal Surat",
    "Tujuan",
    "Perihal",
    "Sifat",
    "Lampiran",
    "Penandatangan",
    "Tanggal Kirim",
    "Cara Kirim / Tanda Terima",
    "Keterangan",
]


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr.*?</tr>", body, flags=re.S)


def test_it_shows_every_column_of_the_register(make_letter, login):
    make_letter("sent", hal="Permohonan Data Kependudukan")
    html = login("kasubbag").get("/agenda/").content.decode()
    for column in COLUMNS:
        assert f"<th>{column}</th>" in html
    (row,) = _rows(html)
    assert "Permohonan Data Kependudukan" in row
    assert "Kepala Desa Jabon; Kepala Desa Wunut" in row
    assert "CAMAT" in row.upper() and "Bagus Wicaksono" in row
    assert "Diantar kurir/caraka" in row
    assert timezone.localdate().strftime("%d-%m-%Y") in row


def test_a_letter_without_a_number_is_not_in_the_agenda(make_letter, login):
    make_letter("numbering", hal="Belum bernomor")
    assert "Belum bernomor" not in login("kasubbag").get("/agenda/").content.decode()


def test_a_cancelled_letter_keeps_its_line_marked_batal(make_letter, office, login):
    letter = make_letter("review", hal="Surat yang dibatalkan")
    actions.cancel(letter, by=office["kasubbag"], catatan="Acara ditunda")
    (row,) = _rows(login("kasubbag").get("/agenda/").content.decode())
    assert "Surat yang dibatalkan" in row
    assert "BATAL" in row


def test_a_sisipan_line_reads_its_number_and_reason_and_a_signed_one_its_signer(
    make_letter, office, login
):
    from letters.numbering import Sisipan

    signed = make_letter("signed", hal="Surat yang sudah ditandatangani")
    actions.assign_number(
        make_letter("numbering", hal="Surat susulan"),
        by=office["kasubbag"],
        sisipan=Sisipan(setelah=signed.agenda.nomor_urut, alasan="Tertinggal dari rapat"),
    )
    rows = _rows(login("kasubbag").get("/agenda/").content.decode())
    (susulan,) = [r for r in rows if "Surat susulan" in r]
    assert f'data-label="No. Urut">{signed.agenda.nomor_urut}.1<' in susulan
    assert "Sisipan: Tertinggal dari rapat" in susulan and "BATAL" not in susulan
    (ttd,) = [r for r in rows if "Surat yang sudah ditandatangani" in r]
    assert str(office["camat"]) in ttd and signed.jabatan_penandatangan in ttd
    assert f'href="/surat/{signed.public_id}/pdf/">PDF ber-TTE</a>' in ttd


def test_it_filters_by_classification_status_month_and_text(make_letter, login):
    make_letter("sent", hal="Undangan Musyawarah Desa")
    make_letter(
        "review",
        hal="Laporan Kegiatan PKK",
        klasifikasi=KodeKlasifikasi.objects.get(kode="000.1.1"),
    )
    client = login("sekcam")

    def hal(query):
        html = client.get("/agenda/", query).content.decode()
        return sorted(h for h in ("Undangan Musyawarah Desa", "Laporan Kegiatan PKK") if h in html)

    assert hal({"klasifikasi": "000.1"}) == ["Laporan Kegiatan PKK"]
    assert hal({"klasifikasi": "100"}) == ["Undangan Musyawarah Desa"]
    assert hal({"status": "terkirim"}) == ["Undangan Musyawarah Desa"]
    assert hal({"status": "proses"}) == ["Laporan Kegiatan PKK"]
    assert hal({"q": "musyawarah"}) == ["Undangan Musyawarah Desa"]
    assert hal({"q": "Wunut"}) == ["Laporan Kegiatan PKK", "Undangan Musyawarah Desa"]
    this_month = timezone.localdate().month
    other_month = this_month % 12 + 1
    assert len(hal({"bulan": this_month})) == 2
    assert hal({"bulan": other_month}) == []
    assert hal({"tahun": timezone.localdate().year - 1}) == []


def test_the_status_filter_follows_the_letter_whoever_changes_its_status(
    make_letter, office, login
):
    letter = make_letter("review", hal="Surat yang akan dibatalkan")
    client = login("sekcam")

    def shown(status: str) -> bool:
        html = client.get("/agenda/", {"status": status}).content.decode()
        return "Surat yang akan dibatalkan" in html

    assert shown("proses") and not shown("batal")
    actions.cancel(letter, by=office["kasubbag"], catatan="Acara ditunda")
    assert shown("batal") and not shown("proses")
    # The line's copy of the status is the database's to keep: a change made in SQL
    # (a shell, psql) reaches it, and another value written on the line is replaced.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE letters_letter SET status = 'sent' WHERE id = %s", [letter.pk])
    assert shown("terkirim") and not shown("batal")
    AgendaEntry.objects.filter(letter=letter).update(status_surat="draft")
    assert AgendaEntry.objects.get(letter=letter).status_surat == "sent"


def test_it_pages_fifty_lines_at_a_time_with_a_constant_number_of_queries(
    make_letter, login, django_assert_max_num_queries, time_machine
):
    # The clock stands still: 55 numbers given across midnight of 31 December would fall
    # in two years, and the agenda opens on the current year.
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(55):
        make_letter("review")
    client = login("kasubbag")
    with django_assert_max_num_queries(14):
        first = client.get("/agenda/").content.decode()
    assert len(_rows(first)) == 50
    assert "Halaman 1 dari 2" in first
    second = client.get("/agenda/", {"halaman": 2}).content.decode()
    assert len(_rows(second)) == 5


def test_a_long_agenda_is_not_counted_to_the_end(make_letter, login, monkeypatch, time_machine):
    """Counting a kabupaten's year row by row would cost what reading it does: past the
    limit the page says "Lebih dari …" and the pager goes on without a total."""
    from letters import agenda

    monkeypatch.setattr(agenda, "BATAS_HITUNG", 3)
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(5):
        make_letter("review")
    client = login("kasubbag")
    first = client.get("/agenda/").content.decode()
    assert "Lebih dari 3 entri" in first
    assert len(_rows(first)) == 5  # every row is still listed
    monkeypatch.setattr(agenda, "BATAS_HITUNG", 1000)
    assert "5 entri" in client.get("/agenda/").content.decode()


def test_a_rahasia_letter_is_listed_only_for_its_participants(make_letter, office, client):
    letter = make_letter("review", sifat=Letter.Sifat.RAHASIA, hal="Hal yang rahasia")
    make_letter("review", hal="Hal yang biasa")
    assert AgendaEntry.objects.filter(letter=letter).exists()
    for username in ("kasubbag", "kasi", "sekcam", "camat", "plt_camat", "pelaksana"):
        client.force_login(office[username])
        assert "Hal yang rahasia" in client.get("/agenda/").content.decode(), username
    outsider = User.objects.create_user("staf_trantib", password="x")
    Assignment.objects.create(
        user=outsider,
        mulai=datetime.date(2025, 1, 1),
        position=Position.objects.get(nama="Kepala Seksi Ketenteraman dan Ketertiban Umum"),
    )
    client.force_login(outsider)
    html = client.get("/agenda/").content.decode()
    assert "Hal yang biasa" in html
    assert "Hal yang rahasia" not in html
    assert client.get(f"/surat/{letter.public_id}/").status_code == 403
