"""The Dasbor from SQL: each step's duration is stored when the step ends (in office
minutes), the figures are aggregate queries over those rows, the overdue table shows the
longest few with a link to all, and the page costs the same number of queries however
many letters the unit has."""

import datetime
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals import actions, dasbor, durasi, notifications, terlambat, timeline
from approvals.models import DurasiLangkah, RekapDasbor
from letters import riwayat, triggers
from letters.models import Letter, LetterEvent
from organisasi.jam_kerja import kalender_unit
from organisasi.models import Unit
from tests.conftest import DISPATCH_DATA, FORWARD, PASSWORD, ensure_key

TZ = timezone.get_current_timezone()
JUMAT = datetime.datetime(2026, 3, 6, 15, 50, tzinfo=TZ)  # Monday 9 March is a holiday
SELASA = datetime.datetime(2026, 3, 10, 7, 40, tzinfo=TZ)


def advance(letter, state: str, office):
    """One SOP step at a time from where the letter is (the conftest's ``advance`` starts
    from a draft), up to ``state``."""
    before = ["draft"] + [target for target, _a, _u in FORWARD]
    while letter.status != state:
        _target, action, username = FORWARD[before.index(letter.status)]
        kwargs = DISPATCH_DATA() if action == "dispatch" else {}
        if action in ("paraf", "approve", "sign"):
            kwargs = {"versi": letter.versi}
        if action == "sign":
            kwargs["passphrase"] = PASSWORD
            ensure_key(office[username])
        letter = getattr(actions, action)(letter, by=office[username], **kwargs)
    return Letter.objects.get(pk=letter.pk)


def _unit():
    return Unit.objects.get(induk=None)


def _rows(letter) -> list[tuple]:
    return list(
        DurasiLangkah.objects.filter(letter=letter)
        .order_by("selesai", "pk")
        .values_list("langkah", "menit", "melebihi")
    )


def _from_history(letter) -> list[tuple]:
    """What the letter's timeline says, the way the Dasbor computed it before."""
    unit = _unit()
    spans = timeline.intervals(
        letter.events.order_by("waktu", "pk"), timeline.langkah_unit(unit), kalender_unit(unit)
    )
    mutu = {s.nomor: s.mutu_baku for s in timeline.langkah_unit(unit)}
    return [
        (i.step, i.durasi.total_seconds() / 60, i.durasi.total_seconds() / 60 > mutu[i.step])
        for i in spans
        if i.step and i.selesai
    ]


def test_each_step_is_stored_when_it_ends_in_office_minutes(
    make_letter, office, time_machine, kalender_kantor
):
    time_machine.move_to(JUMAT, tick=False)
    letter = make_letter("draft")
    assert _rows(letter) == []  # nothing has ended yet
    time_machine.move_to(SELASA, tick=False)  # weekend and Monday's holiday do not count
    letter = advance(letter, "numbering", office)
    time_machine.move_to(SELASA + datetime.timedelta(minutes=2), tick=False)
    letter = advance(letter, "review", office)
    # 10 minutes on Friday, 10 on Tuesday: past the 15 of step 1; numbering took its 2.
    assert _rows(letter) == [(1, 20.0, True), (2, 2.0, False)]
    assert _rows(letter) == _from_history(letter)
    row = DurasiLangkah.objects.filter(letter=letter).last()
    assert row.unit == _unit() and row.selesai == letter.events.last().waktu


def test_a_letter_returned_for_revision_has_each_stay_stored(
    make_letter, office, time_machine, kalender_kantor
):
    time_machine.move_to(SELASA, tick=False)
    letter = make_letter("review")
    time_machine.move_to(SELASA + datetime.timedelta(minutes=7), tick=False)
    letter = actions.return_for_revision(letter, by=office["kasi"], catatan="Perbaiki.")
    time_machine.move_to(SELASA + datetime.timedelta(minutes=37), tick=False)
    letter = actions.resubmit(letter, by=office["pelaksana"])
    rows = _rows(letter)
    assert [r[0] for r in rows] == [1, 2, 3, 1]
    assert rows[2] == (3, 7.0, True) and rows[3] == (1, 30.0, True)
    assert rows == _from_history(letter)


def _old_step_figures(unit, mulai, selesai):
    """The Dasbor's former computation: every letter's history replayed in Python."""
    start = datetime.datetime.combine(mulai, datetime.time.min, TZ)
    end = datetime.datetime.combine(selesai + datetime.timedelta(days=1), datetime.time.min, TZ)
    langkah = timeline.langkah_unit(unit)
    per_step = {s.nomor: [] for s in langkah}
    for letter in Letter.objects.filter(unit=unit):
        events = letter.events.order_by("waktu", "pk")
        for i in timeline.intervals(events, langkah, kalender_unit(unit)):
            if i.step and i.selesai and start <= i.selesai < end:
                per_step[i.step].append(i.durasi.total_seconds() / 60)
    hasil = {}
    for s in langkah:
        v = sorted(per_step[s.nomor])
        hasil[s.nomor] = (
            len(v),
            sum(v) / len(v) if v else None,
            v[max(0, math.ceil(0.9 * len(v)) - 1)] if v else None,
            100 * sum(1 for x in v if x <= s.mutu_baku) / len(v) if v else None,
        )
    return hasil


@pytest.fixture
def banyak_surat(make_letter, office, time_machine, kalender_kantor):
    """Eleven letters moved on to signing at different paces, one sent back by the Camat."""
    mulai = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=TZ)
    for n in range(11):
        time_machine.move_to(mulai + datetime.timedelta(hours=5 * n, minutes=n), tick=False)
        letter = make_letter("draft")
        # Not signed: a key made at today's date is not valid yet on these days.
        for k, state in enumerate(["numbering", "review", "approval", "signing"]):
            time_machine.shift(datetime.timedelta(minutes=(3 + 7 * n + 5 * k) % 41 + 1))
            letter = advance(letter, state, office)
        if n == 4:
            time_machine.shift(datetime.timedelta(minutes=12))
            letter = actions.return_for_revision(letter, by=office["camat"], catatan="Ubah.")
            time_machine.shift(datetime.timedelta(minutes=50))
            actions.resubmit(letter, by=office["pelaksana"])


def _assert_same(figures, old):
    for f in figures:
        jumlah, rata, p90, tepat = old[f.nomor]
        assert f.jumlah == jumlah, f.nomor
        if jumlah == 0:
            assert f.rata_rata is f.p90 is f.tepat_waktu is None
        else:
            assert f.rata_rata == pytest.approx(rata)
            assert f.p90 == pytest.approx(p90)
            assert f.tepat_waktu == pytest.approx(tepat)


def test_figures_from_sql_equal_the_former_python_computation(banyak_surat):
    unit = _unit()
    for mulai, selesai in [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 3, 3), datetime.date(2026, 3, 4)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)),
    ]:
        figures = dasbor.step_figures(unit, mulai, selesai)
        _assert_same(figures, _old_step_figures(unit, mulai, selesai))
    assert sum(f.jumlah for f in dasbor.step_figures(unit, *_maret())) == 11 * 4 + 2


def _maret():
    return datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)


def test_the_percentile_is_read_down_an_index_in_one_query_per_step(banyak_surat):
    """No sort of every stay: per step, the value at the nearest rank counted from the
    longest stay, the same on SQLite and PostgreSQL, in a fixed number of queries."""
    unit = _unit()
    with CaptureQueriesContext(connection) as ctx:
        figures = dasbor.step_figures(unit, *_maret())
    langkah_terisi = sum(1 for f in figures if f.jumlah)
    assert langkah_terisi >= 4
    # the totals, the unit's steps, then one per step that has stays
    assert len(ctx.captured_queries) == 2 + langkah_terisi
    turun = [q for q in ctx.captured_queries if "durasilangkah" in q["sql"] and "DESC" in q["sql"]]
    assert len(turun) == langkah_terisi
    _assert_same(figures, _old_step_figures(unit, *_maret()))


def test_rebuilding_from_history_gives_the_stored_rows(banyak_surat):
    letters = Letter.objects.filter(unit=_unit())
    stored = sorted(DurasiLangkah.objects.values_list("letter", "langkah", "selesai", "menit"))
    assert durasi.isi_ulang(letters) == len(stored)
    rebuilt = sorted(DurasiLangkah.objects.values_list("letter", "langkah", "selesai", "menit"))
    assert rebuilt == stored


def _backdate(letter, minutes: int):
    with triggers.suspended():  # backdating rewrites the history on purpose
        LetterEvent.objects.filter(letter=letter).update(
            waktu=timezone.now() - datetime.timedelta(minutes=minutes)
        )
    riwayat.sejak_dari_riwayat(Letter.objects.filter(pk=letter.pk))


def _various(make_letter, office, n: int):
    states = ["sent", "approval", "review", "signed", "draft", "revision", "numbering", "signing"]
    for i in range(n):
        letter = make_letter(states[i % len(states)], hal=f"Surat {i}")
        if i % 3 != 2:  # two of three late, from the first two letters on
            _backdate(letter, 2 * 24 * 60)


def test_the_dasbor_builds_its_readers_filter_once(make_letter, login, monkeypatch):
    """Its counters and its overdue table draw from the same letters the reader may see;
    that filter (every route of every holding) is long to build, so once per page."""
    from approvals import rules

    make_letter("review")
    dibangun = []
    asli = rules.visible_filter
    monkeypatch.setattr(rules, "visible_filter", lambda user: dibangun.append(user) or asli(user))
    assert login("camat").get("/dasbor/").status_code == 200
    assert len(dibangun) == 1


def test_the_dasbor_costs_the_same_queries_for_2_and_30_letters(
    make_letter, office, login, time_machine
):
    # Both measurements in one Dasbor period: CI runs the suite across a year's end, and a
    # month that has just closed is read from its kept figures (other queries).
    time_machine.move_to(timezone.now(), tick=False)
    Unit.objects.update(hitung_jam_kerja=False)
    client = login("camat")
    _various(make_letter, office, 2)
    client.get("/dasbor/")  # warm the session and caches
    with CaptureQueriesContext(connection) as sedikit:
        assert client.get("/dasbor/").status_code == 200
    _various(make_letter, office, 28)
    with CaptureQueriesContext(connection) as banyak:
        html = client.get("/dasbor/").content.decode()
    assert len(banyak.captured_queries) == len(sedikit.captured_queries)
    assert len(banyak.captured_queries) <= 24
    assert "surat terlambat dalam daftar" in html
    # The unit, its SOP steps and the holidays are read once for the whole page.
    for tabel in ("organisasi_unit", "approvals_langkahsop", "organisasi_harilibur"):
        dari = [q["sql"] for q in banyak.captured_queries if f'FROM "{tabel}"' in q["sql"]]
        assert len(dari) == 1, (tabel, dari)
    rows = dasbor.overdue_letters(_unit())
    assert len(rows) == 15  # two of three of the 30 backdated, less 3 sent and 2 drafts
    for row in rows:  # who holds each letter: the rule of the notifications, letter by letter
        holders = notifications.actors_for(row["letter"])
        assert row["pemegang"] == (", ".join(str(u) for u in holders) or "-")


def test_the_dasbor_shows_the_longest_overdue_and_links_to_all(
    make_letter, office, login, monkeypatch
):
    monkeypatch.setattr(dasbor, "BATAS_TERLAMBAT", 2)
    Unit.objects.update(hitung_jam_kerja=False)
    for i in range(3):
        letter = make_letter("approval", hal=f"Menunggu {i}")
        _backdate(letter, 60 * (i + 1))
    rows, jumlah = dasbor.terlambat_teratas(_unit(), dasbor.surat_unit(_unit().pk), batas=2)
    assert jumlah == 3 and [r["letter"].hal for r in rows] == ["Menunggu 2", "Menunggu 1"]
    html = login("sekcam").get("/dasbor/").content.decode()
    assert 'href="/dasbor/surat/?terlambat=1">Lihat 3 surat terlambat dalam daftar</a>' in html
    assert "2 surat paling lama dari 3 surat terlambat." in html
    assert "Menunggu 2" in html and "Menunggu 0" not in html
    listed = login("sekcam").get("/dasbor/surat/", {"terlambat": "1"}).content.decode()
    assert all(f"Menunggu {i}" in listed for i in range(3))


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_durations_of_existing_letters(make_letter, office):
    from django.db.migrations.executor import MigrationExecutor

    make_letter("approval")
    make_letter("revision")
    kolom = ("letter", "unit", "langkah", "selesai", "menit", "melebihi")
    stored = sorted(DurasiLangkah.objects.values_list(*kolom))
    assert len(stored) == 3 + 3  # steps 1-3 of each
    MigrationExecutor(connection).migrate([("approvals", "0002_penandatanganan_banyak")])
    MigrationExecutor(connection).migrate([("approvals", "0003_durasi_langkah")])
    assert sorted(DurasiLangkah.objects.values_list(*kolom)) == stored


def test_the_synthetic_kabupaten_stores_the_durations_the_actions_would(db):
    from approvals import kabupaten

    hasil = kabupaten.bangun(surat=120, tahun_mulai=2025, tulis=lambda _s: None)
    kolom = ("letter", "langkah", "selesai", "menit", "melebihi")
    generated = sorted(DurasiLangkah.objects.values_list(*kolom))
    assert len(generated) > 120
    assert durasi.isi_ulang(Letter.objects.all()) == len(generated)
    rebuilt = sorted(DurasiLangkah.objects.values_list(*kolom))
    assert [r[:3] for r in rebuilt] == [r[:3] for r in generated]
    assert [r[3] for r in rebuilt] == pytest.approx([r[3] for r in generated])
    unit = next(i.unit for i in hasil.instansi if DurasiLangkah.objects.filter(unit=i.unit))
    figures = dasbor.step_figures(unit, datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
    assert sum(f.jumlah for f in figures) == DurasiLangkah.objects.filter(unit=unit).count()
    dasbor.step_figures(unit, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))  # kept
    assert RekapDasbor.objects.filter(unit=unit).exists()
    assert kabupaten.hapus()["lama langkah"] > 0 and not DurasiLangkah.objects.exists()
    assert not RekapDasbor.objects.exists()


def test_a_draft_is_not_overdue_before_it_is_submitted_but_a_returned_letter_is(
    make_letter, office
):
    draft = make_letter("draft", hal="Konsep yang ditinggal")
    returned = make_letter("revision", hal="Dikembalikan untuk revisi")
    later = timezone.now() + datetime.timedelta(days=10)
    late = terlambat.keterlambatan(Letter.objects.filter(pk__in=[draft.pk, returned.pk]), later)
    assert draft.pk not in late
    assert returned.pk in late


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN ANALYZE: PostgreSQL")
def test_on_postgresql_the_list_of_letters_in_progress_reads_only_open_letters(
    make_letter, office, login
):
    """The Dasbor's list behind its counters, newest change first, reads the unit's open
    letters alone, in the page's order: its finished letters (changed before and after
    them) are not read and dropped one by one on the way to the page's rows, and the open
    ones are not all read and sorted for one page."""
    for i in range(6):
        if i in (2, 3, 4):
            make_letter("review", hal=f"Dalam proses {i}")
        else:
            actions.cancel(make_letter(hal=f"Batal {i}"), by=office["kasubbag"], catatan="Batal")
    with CaptureQueriesContext(connection) as kueri:
        html = login("kasubbag").get("/dasbor/surat/").content.decode()
    assert "Dalam proses 4" in html and "Batal 5" not in html
    urut = 'ORDER BY "letters_letter"."diubah"'
    (baca,) = [q["sql"] for q in kueri.captured_queries if urut in q["sql"]]
    with connection.cursor() as cursor:
        # A few test rows are cheaper to sort than to read in order: ask for the plan a
        # kabupaten's letters get.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {baca}")
        plan = cursor.fetchone()[0]

    def simpul(node) -> list[dict]:
        return [node, *(n for anak in node.get("Plans", []) for n in simpul(anak))]

    dibaca = simpul(plan[0]["Plan"])
    # Read in the page's order (no sort of the unit's open letters) and nothing dropped.
    assert not [n for n in dibaca if "Sort" in n["Node Type"]], plan
    assert sum(n.get("Rows Removed by Filter", 0) for n in dibaca) == 0, plan
