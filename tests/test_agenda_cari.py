"""Agenda search through indexes, and pages read after the last row (keyset)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals import actions, rules
from letters import agenda
from tests.conftest import DISPATCH_DATA, letter_data


def _hal(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"</span> (.*?)</td>", body)


def _cari(client, q: str) -> list[str]:
    return sorted(_hal(client.get("/agenda/", {"q": q}).content.decode()))


def test_search_finds_by_number_subject_fragment_and_addressee_in_any_case(
    make_letter, office, login
):
    musdes = make_letter("review", hal="Undangan Musyawarah Desa")
    make_letter("review", hal="Laporan Kegiatan PKK")
    # An addressee given after numbering (the Kasi edits at the review step).
    actions.update_letter(
        musdes,
        by=office["kasi"],
        data=letter_data(hal="Undangan Musyawarah Desa"),
        penerima=[(None, "Ketua BPD Sumberwono")],
        versi_dasar=musdes.versi,
    )
    client = login("kasubbag")
    nomor = musdes.agenda.nomor
    assert _cari(client, nomor) == ["Undangan Musyawarah Desa"]
    assert _cari(client, "musyawarah") == ["Undangan Musyawarah Desa"]
    assert _cari(client, "MUSYAWARAH desa") == ["Undangan Musyawarah Desa"]
    assert _cari(client, "bpd sumber") == ["Undangan Musyawarah Desa"]
    assert _cari(client, "Wunut") == ["Laporan Kegiatan PKK"]  # the old addressee is gone
    assert _cari(client, "kegiatan") == ["Laporan Kegiatan PKK"]
    assert _cari(client, "tidak ada") == []


def test_search_keeps_finding_a_letter_after_dispatch_and_after_cancel(make_letter, office, login):
    terkirim = make_letter("signed", hal="Permohonan Data Penduduk")
    actions.dispatch(terkirim, by=office["pelaksana"], **DISPATCH_DATA())
    batal = make_letter("review", hal="Permohonan Data Sekolah")
    actions.cancel(batal, by=office["kasubbag"], catatan="Tidak jadi")
    client = login("kasubbag")
    assert _cari(client, "permohonan data") == [
        "Permohonan Data Penduduk",
        "Permohonan Data Sekolah",
    ]
    assert _cari(client, "penduduk") == ["Permohonan Data Penduduk"]


def test_a_letter_with_several_matching_addressees_is_listed_once(make_letter, login):
    make_letter("review", hal="Undangan")  # addressees: Kepala Desa Jabon, Kepala Desa Wunut
    html = login("kasubbag").get("/agenda/", {"q": "kepala desa"}).content.decode()
    assert _hal(html) == ["Undangan"]
    assert "1 entri" in html


def _halaman(user, per_halaman, **kunci):
    rows = agenda.entries(rules.unit_terlihat(user), rules.surat_tersembunyi(user))
    return agenda.halaman(
        rows,
        nomor=kunci.pop("nomor", None),
        query="",
        per_halaman=per_halaman,
        setelah=kunci.get("setelah"),
        sebelum=kunci.get("sebelum"),
    )


def _param(query: str, name: str) -> str | None:
    from urllib.parse import parse_qs

    return parse_qs(query).get(name, [None])[0]


def test_pages_neither_repeat_nor_skip_a_row_when_a_letter_is_numbered_meanwhile(
    make_letter, office, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    for i in range(7):
        make_letter("review", hal=f"Surat {i}")
    kasubbag = office["kasubbag"]
    first = _halaman(kasubbag, 3)
    assert first.number == 1 and first.has_next and not first.has_previous
    make_letter("review", hal="Surat baru")  # numbered between two page loads: on top
    seen = [e["letter__hal"] for e in first]
    page = first
    while page.has_next:
        page = _halaman(
            kasubbag,
            3,
            nomor=_param(page.next_query, "halaman"),
            setelah=_param(page.next_query, "setelah"),
        )
        seen += [e["letter__hal"] for e in page]
    assert seen == [f"Surat {i}" for i in reversed(range(7))]
    # And back again from the last page: the same rows, page by page.
    back = page
    while back.has_previous and _param(back.previous_query, "sebelum"):
        back = _halaman(
            kasubbag,
            3,
            nomor=_param(back.previous_query, "halaman"),
            sebelum=_param(back.previous_query, "sebelum"),
        )
    assert [e["letter__hal"] for e in back] == ["Surat 3", "Surat 2", "Surat 1"]
    assert back.number == 2
    assert _param(back.previous_query, "halaman") == "1"  # page 1 itself: the newest rows
    assert [e["letter__hal"] for e in _halaman(kasubbag, 3)] == ["Surat baru", "Surat 6", "Surat 5"]


def test_the_pager_links_carry_the_filters_and_a_deep_page_costs_what_the_first_does(
    make_letter, login, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(55):
        make_letter("review")
    client = login("kasubbag")
    with CaptureQueriesContext(connection) as pertama:
        html = client.get("/agenda/").content.decode()
    assert "Halaman 1 dari 2" in html
    (berikut,) = re.findall(r'href="\?([^"]*)">Berikutnya', html)
    berikut = berikut.replace("&amp;", "&")
    assert _param(berikut, "tahun") == str(timezone.localdate().year)
    assert _param(berikut, "setelah")
    with CaptureQueriesContext(connection) as kedua:
        html = client.get(f"/agenda/?{berikut}").content.decode()
    assert "Halaman 2 dari 2" in html
    assert len(_hal(html)) == 5
    # The first page reads its rows with its count; a later one counts, then reads.
    assert len(kedua.captured_queries) == len(pertama.captured_queries) + 1
    (kembali,) = re.findall(r'href="\?([^"]*)">← Sebelumnya', html)
    assert len(_hal(client.get(f"/agenda/?{kembali.replace('&amp;', '&')}").content.decode())) == 50


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN ANALYZE: PostgreSQL")
def test_on_postgresql_a_later_page_reads_its_rows_from_the_index_not_the_rows_before(
    make_letter, office
):
    """The rows after a page's last row are no single range of the agenda's index (its
    columns have mixed directions): as one OR, the database read every row from the
    start of the year and dropped those before the key, so page 400 cost four hundred
    pages of reading."""
    for i in range(8):
        make_letter("review", hal=f"Surat {i}")
    kasubbag = office["kasubbag"]
    first = _halaman(kasubbag, 3)
    with CaptureQueriesContext(connection) as kueri:
        page = _halaman(kasubbag, 3, setelah=_param(first.next_query, "setelah"))
    assert [e["letter__hal"] for e in page] == ["Surat 4", "Surat 3", "Surat 2"]
    (baca,) = [q["sql"] for q in kueri.captured_queries if q["sql"].endswith("LIMIT 4")]
    with connection.cursor() as cursor:
        # A few test rows are cheaper to sort than to read in order: ask for the plan a
        # kabupaten's agenda gets, read along the agenda's order index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {baca}")
        plan = cursor.fetchone()[0]

    def dibuang(node) -> int:
        return node.get("Rows Removed by Filter", 0) + sum(map(dibuang, node.get("Plans", [])))

    assert dibuang(plan[0]["Plan"]) == 0, plan


def test_a_broken_page_link_shows_the_first_page(make_letter, login):
    make_letter("review", hal="Satu-satunya")
    client = login("kasubbag")
    for rusak in ({"setelah": "x.y"}, {"sebelum": "1.2"}, {"halaman": "abc"}):
        response = client.get("/agenda/", rusak)
        assert response.status_code == 200
        assert "Satu-satunya" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_on_postgresql_the_search_is_answered_from_the_trigram_indexes(make_letter, office):
    make_letter("review", hal="Undangan Musyawarah Desa")
    query = agenda.cocok_cari("musyawarah")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    for index in (
        "letters_agenda_nomor_trgm",
        "letters_letter_hal_trgm",
        "letters_penerima_nama_trgm",
    ):
        assert f"Bitmap Index Scan on {index}" in plan, plan


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL session settings")
def test_on_postgresql_the_app_starts_neither_jit_nor_parallel_workers_for_a_page(db):
    """Both cost a page's short query more than they save (README, DATABASE_PG_OPTIONS):
    two parallel workers made the Agenda "terkirim" 7.4 ms instead of 1.6."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
