"""Kotak Masuk: search and filters that combine and survive paging, markers in words
(Segera, Rahasia, Terlambat) timed on the office calendar, and the Dasbor's counters that
open the list of exactly the letters they count."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals import actions, dasbor, rules
from letters.models import Letter
from organisasi.models import Unit
from tests.conftest import advance, letter_data, position, recipients

TZ = timezone.get_current_timezone()


def _hals(html: str) -> list[str]:
    return re.findall(r"<strong>([^<]+)</strong>", html)


def _inbox(client, **params) -> str:
    return client.get("/", params).content.decode()


def test_search_finds_by_hal_number_drafter_and_addressee(make_letter, office, login):
    a = make_letter("review", hal="Permohonan data kependudukan")
    make_letter("review", hal="Undangan musrenbang")
    lain = actions.create_letter(
        by=office["pelaksana"],
        data=letter_data(hal="Surat ke Polsek"),
        penerima=recipients("Kepala Kepolisian Sektor Mojoanyar"),
    )
    advance(lain, "review", office)
    kasi = login("kasi")
    assert _hals(_inbox(kasi, q="kependudukan")) == ["Permohonan data kependudukan"]
    assert _hals(_inbox(kasi, q=a.nomor)) == ["Permohonan data kependudukan"]
    assert _hals(_inbox(kasi, q="kepolisian")) == ["Surat ke Polsek"]
    nama = office["pelaksana"].nama.split()[0]
    assert len(_hals(_inbox(kasi, q=nama))) == 3
    html = _inbox(kasi, q="tidak ada yang begini")
    assert _hals(html) == []
    assert "Tidak ada surat di Kotak Masuk yang cocok dengan pencarian atau saringan ini." in html
    assert 'href="/">Tampilkan semua surat</a>' in html


def test_the_same_search_rule_serves_surat_saya(make_letter, office, login):
    make_letter("review", hal="Surat biasa")
    actions.create_letter(
        by=office["pelaksana"],
        data=letter_data(hal="Surat ke Koramil"),
        penerima=recipients("Komandan Komando Rayon Militer Mojoanyar"),
    )
    page = login("pelaksana").get("/surat/saya/", {"q": "komando rayon"}).content.decode()
    assert "Surat ke Koramil" in page and "Surat biasa" not in page


def test_filters_combine_with_the_status_and_the_search(make_letter, login):
    make_letter("draft", hal="Konsep segera", kecepatan=Letter.Kecepatan.SEGERA)
    make_letter("draft", hal="Konsep biasa")
    make_letter("revision", hal="Revisi segera", kecepatan=Letter.Kecepatan.SEGERA)
    make_letter("draft", hal="Pengumuman segera", kecepatan="segera", jenis="pengumuman")
    client = login("pelaksana")
    assert set(_hals(_inbox(client, kecepatan="segera"))) == {
        "Konsep segera",
        "Revisi segera",
        "Pengumuman segera",
    }
    html = _inbox(client, kecepatan="segera", status="draft")
    assert set(_hals(html)) == {"Konsep segera", "Pengumuman segera"}
    # the counters count what the search found, and keep the search in their links
    assert re.search(r'<span class="n">3</span> Semua', html)
    assert 'href="?kecepatan=segera&amp;status=revision"' in html
    assert _hals(_inbox(client, kecepatan="segera", jenis="pengumuman")) == ["Pengumuman segera"]
    assert _hals(_inbox(client, kecepatan="segera", q="revisi")) == ["Revisi segera"]
    # the form shows what is in force
    assert 'value="segera" selected' in html


def test_the_pager_keeps_the_search(make_letter, login):
    for i in range(27):
        make_letter("numbering", hal=f"Surat nomor {i:02}")
    make_letter("numbering", hal="Lain sama sekali")
    client = login("kasubbag")
    html = _inbox(client, q="Surat nomor")
    assert len(_hals(html)) == 25 and "Halaman 1 dari 2" in html
    assert 'href="?q=Surat+nomor&amp;halaman=2"' in html
    second = _inbox(client, q="Surat nomor", halaman=2)
    assert len(_hals(second)) == 2 and "Lain sama sekali" not in second


def test_markers_say_the_urgency_and_security_class_in_words(make_letter, login):
    make_letter("numbering", hal="Sangat segera", kecepatan=Letter.Kecepatan.SANGAT_SEGERA)
    make_letter("numbering", hal="Segera", kecepatan=Letter.Kecepatan.SEGERA)
    make_letter("numbering", hal="Rahasia", sifat=Letter.Sifat.RAHASIA)
    make_letter("numbering", hal="Biasa saja")
    html = _inbox(login("kasubbag"))
    items = dict(re.findall(r"<strong>([^<]+)</strong>(.*?)</li>", html, flags=re.S))
    assert '<span class="tanda tanda-sangat_segera">Sangat Segera</span>' in items["Sangat segera"]
    assert '<span class="tanda tanda-segera">Segera</span>' in items["Segera"]
    assert '<span class="tanda tanda-sifat">Rahasia</span>' in items["Rahasia"]
    assert "tanda" not in items["Biasa saja"]


def test_an_item_names_its_drafter_as_everywhere_else(make_letter, office, login):
    """Titles around the name; the account name when no name was entered."""
    pembuat = office["pelaksana"]
    make_letter("numbering", hal="Surat Bu Siti")
    pembuat.nama, pembuat.gelar_depan, pembuat.gelar_belakang = "Siti Rahmawati", "Dra.", "M.AP."
    pembuat.save()
    assert "· Dra. Siti Rahmawati, M.AP. ·" in _inbox(login("kasubbag"))
    pembuat.nama = pembuat.first_name = pembuat.last_name = ""
    pembuat.save()
    assert "· pelaksana ·" in _inbox(login("kasubbag"))
    assert str(pembuat) == "pelaksana"


# Friday 15:55 the letter reaches the Kasi; Monday is a holiday; Tuesday 07:40 the Kasi looks.
# Office time: 5 minutes on Friday + 10 on Tuesday = 15, the paraf's mutu baku is 5.
JUMAT = datetime.datetime(2026, 3, 6, 15, 55, tzinfo=TZ)
SELASA = datetime.datetime(2026, 3, 10, 7, 40, tzinfo=TZ)


def test_an_overdue_letter_says_how_late_in_office_minutes(
    make_letter, login, time_machine, kalender_kantor
):
    time_machine.move_to(JUMAT, tick=False)
    make_letter("review", hal="Lama menunggu paraf")
    time_machine.move_to(SELASA - datetime.timedelta(minutes=3), tick=False)
    make_letter("review", hal="Baru masuk")
    time_machine.move_to(SELASA, tick=False)
    kasi = login("kasi")
    html = _inbox(kasi)
    items = dict(re.findall(r"<strong>([^<]+)</strong>(.*?)</li>", html, flags=re.S))
    assert "Terlambat · 10 menit lewat mutu baku" in items["Lama menunggu paraf"]
    assert "Terlambat" not in items["Baru masuk"]  # 3 minutes of its 5
    assert _hals(_inbox(kasi, terlambat="on")) == ["Lama menunggu paraf"]


def test_the_markers_cost_the_same_queries_for_a_full_page(make_letter, login, time_machine):
    def count(n: int) -> int:
        client = login("kasubbag")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/", {"terlambat": "on"} if n < 0 else {}).status_code == 200
        return len(ctx.captured_queries)

    make_letter("numbering", kecepatan="segera")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=3), tick=False)
    few = count(1)
    for _ in range(29):
        make_letter("numbering", kecepatan="segera")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=3), tick=False)
    many = count(25)
    assert many == few
    # The overdue filter is a query built from the units' steps and calendars (their
    # units, steps and the holidays: three queries); with a filter on, the header's badge
    # counts the whole Kotak Masuk itself: four queries more, however many letters.
    assert count(-1) <= few + 4


def test_each_dasbor_counter_opens_the_list_of_the_letters_it_counts(make_letter, office, login):
    make_letter("review", hal="Paraf satu")
    make_letter("review", hal="Paraf dua")
    make_letter("signing", hal="Tanda tangan")
    make_letter("numbering", hal="Nomor")
    # Rahasia, signed a.n. by the Sekcam: not on the Camat's route
    make_letter(
        "review",
        hal="Rahasia sekcam",
        sifat=Letter.Sifat.RAHASIA,
        penandatangan=position("Sekretaris Kecamatan"),
        cara_ttd=Letter.CaraTtd.AN,
    )
    for username in ("camat", "kasubbag"):
        client = login(username)
        html = client.get("/dasbor/").content.decode()
        shown = re.findall(
            r'<a class="count status-(\w+)" href="(/dasbor/surat/\?status=\w+)">'
            r'<span class="n">(\d+)</span>',
            html,
        )
        assert len(shown) == 5
        for status, href, n in shown:
            listed = client.get(href).content.decode()
            assert len(_hals(listed)) == int(n), (username, status)
            assert f"{n} surat</span>" in listed
        visible = Letter.objects.filter(rules.visible_filter(office[username]))
        review = dict((s, int(n)) for s, _h, n in shown)["review"]
        assert review == visible.filter(status="review").count()
    camat = login("camat").get("/dasbor/surat/", {"status": "review"}).content.decode()
    assert "Rahasia sekcam" not in camat
    assert login("pelaksana").get("/dasbor/surat/").status_code == 403


def test_the_dasbor_overdue_table_and_its_list_show_the_same_letters(
    make_letter, login, time_machine, kalender_kantor
):
    time_machine.move_to(JUMAT - datetime.timedelta(minutes=10), tick=False)  # 25 minutes
    make_letter("review", hal="Terlambat di paraf")
    make_letter("approval", hal="Terlambat di persetujuan")
    time_machine.move_to(SELASA, tick=False)
    make_letter("review", hal="Tepat waktu")
    client = login("sekcam")
    html = client.get("/dasbor/").content.decode()
    assert 'href="/dasbor/surat/?terlambat=1">Lihat 2 surat terlambat dalam daftar</a>' in html
    listed = client.get("/dasbor/surat/", {"terlambat": "1"}).content.decode()
    assert set(_hals(listed)) == {"Terlambat di paraf", "Terlambat di persetujuan"}
    assert {r["letter"].hal for r in dasbor.overdue_letters(Unit.objects.get(induk=None))} == {
        "Terlambat di paraf",
        "Terlambat di persetujuan",
    }
