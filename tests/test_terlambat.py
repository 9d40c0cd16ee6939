"""Overdue letters from an index: each letter keeps when it entered its state
(``Letter.sejak``), and the letters past their step's mutu baku are the ones that entered
before the moment the unit's calendar puts the mutu baku back from now — the same letters
timing each one finds, in the Kotak Masuk, the Dasbor and the reminders."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals import actions, terlambat
from letters import riwayat, triggers
from letters.models import WAITING, Letter, LetterEvent
from organisasi.models import HariLibur, Unit
from tests.conftest import current_version, letter_data, recipients

TZ = timezone.get_current_timezone()
SENIN = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=TZ)


def _terakhir_bukan_edit(letter) -> datetime.datetime:
    return (
        LetterEvent.objects.filter(letter=letter)
        .exclude(aksi="edit")
        .order_by("-waktu", "-pk")
        .values_list("waktu", flat=True)
        .first()
    )


def test_a_letter_keeps_when_it_entered_its_state_and_an_edit_does_not_move_it(
    office, time_machine
):
    time_machine.move_to(SENIN, tick=False)
    letter = actions.create_letter(
        by=office["pelaksana"], data=letter_data(), penerima=recipients()
    )
    assert Letter.objects.get(pk=letter.pk).sejak == SENIN
    time_machine.move_to(SENIN + datetime.timedelta(minutes=20), tick=False)
    letter = actions.submit(letter, by=office["pelaksana"])
    diajukan = SENIN + datetime.timedelta(minutes=20)
    assert Letter.objects.get(pk=letter.pk).sejak == diajukan

    time_machine.move_to(SENIN + datetime.timedelta(minutes=40), tick=False)
    letter = actions.assign_number(letter, by=office["kasubbag"])
    time_machine.move_to(SENIN + datetime.timedelta(minutes=50), tick=False)
    assert actions.update_letter(
        letter,
        by=office["kasi"],
        data={"hal": "Hal yang diperbaiki Kasi"},
        penerima=recipients(),
        versi_dasar=current_version(letter),
    )
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.hal == "Hal yang diperbaiki Kasi"
    assert letter.sejak == SENIN + datetime.timedelta(minutes=40) == _terakhir_bukan_edit(letter)


def test_a_step_writes_the_letter_once_with_its_new_state_and_time(make_letter, office):
    letter = make_letter("review")

    with CaptureQueriesContext(connection) as ditangkap:
        actions.paraf(letter, by=office["kasi"], versi=letter.versi)

    ditulis = [q["sql"] for q in ditangkap.captured_queries]
    assert len([s for s in ditulis if s.startswith('UPDATE "letters_letter"')]) == 1
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == "approval"
    assert letter.sejak == _terakhir_bukan_edit(letter)


def _campuran(make_letter, jumlah: int) -> list[Letter]:
    """Letters in every state, their histories moved back by different amounts."""
    states = ["approval", "review", "numbering", "signing", "signed", "revision", "draft", "sent"]
    letters = []
    for i in range(jumlah):
        letter = make_letter(states[i % len(states)], hal=f"Surat {i}")
        menit = [0, 3, 25, 61, 240, 600, 1500, 4000, 9000][i % 9] + i
        with triggers.suspended():  # backdating rewrites the history on purpose
            for event in LetterEvent.objects.filter(letter=letter):
                LetterEvent.objects.filter(pk=event.pk).update(
                    waktu=event.waktu - datetime.timedelta(minutes=menit)
                )
        letters.append(letter)
    riwayat.sejak_dari_riwayat(Letter.objects.all())
    return letters


def _hari_berikut(hari: int, jam: datetime.time) -> datetime.datetime:
    """The next ISO weekday ``hari`` (1 = Monday) after today, at ``jam``."""
    today = timezone.localdate()
    tanggal = today + datetime.timedelta(days=(hari - today.isoweekday() - 1) % 7 + 1)
    return datetime.datetime.combine(tanggal, jam, TZ)


@pytest.mark.parametrize("jam_kerja", [True, False], ids=["jam kerja", "waktu penuh"])
def test_the_overdue_query_finds_exactly_the_letters_timing_each_one_finds(
    make_letter, office, jam_kerja
):
    Unit.objects.update(hitung_jam_kerja=jam_kerja)
    selasa_pagi = _hari_berikut(2, datetime.time(7, 45))  # a quarter after opening
    senin = selasa_pagi.date() - datetime.timedelta(days=1)
    HariLibur.objects.get_or_create(tanggal=senin, defaults={"nama": "Libur"})
    _campuran(make_letter, 27)
    for now in (
        timezone.now(),
        selasa_pagi,  # after a weekend and a holiday
        _hari_berikut(6, datetime.time(11, 0)),  # a Saturday
        selasa_pagi + datetime.timedelta(days=3, hours=2),
    ):
        for tenggang in (0, 30):
            semua = Letter.objects.filter(status__in=WAITING).select_related("unit")
            satu_per_satu = terlambat.hitung(list(semua), now, tenggang)
            dari_indeks = terlambat.keterlambatan(Letter.objects.all(), now, tenggang)
            assert dari_indeks == satu_per_satu
            assert set(
                terlambat.saring_terlambat(Letter.objects.all(), now, tenggang).values_list(
                    "pk", flat=True
                )
            ) == set(satu_per_satu)
            assert len(satu_per_satu) < Letter.objects.filter(status__in=WAITING).count()
    assert dari_indeks, "no letter is late: the comparison proves nothing"


def test_finding_and_timing_the_late_letters_reads_the_office_rules_once(make_letter, office):
    _campuran(make_letter, 12)
    later = timezone.now() + datetime.timedelta(days=7)
    with CaptureQueriesContext(connection) as ctx:
        late = terlambat.keterlambatan(Letter.objects.all(), later)
    assert late, "no letter is late: nothing was timed"
    tables = [
        t for q in ctx.captured_queries for t in ("harilibur", "langkahsop") if f"_{t}" in q["sql"]
    ]
    assert sorted(tables) == ["harilibur", "langkahsop"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_when_existing_letters_entered_their_state(make_letter, office):
    from django.db.migrations.executor import MigrationExecutor

    make_letter("approval")
    make_letter("draft")
    stored = sorted(Letter.objects.values_list("pk", "sejak"))
    assert all(sejak is not None for _pk, sejak in stored)
    executor = MigrationExecutor(connection)
    executor.migrate([("letters", "0008_indeks_daftar")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert sorted(Letter.objects.values_list("pk", "sejak")) == stored
