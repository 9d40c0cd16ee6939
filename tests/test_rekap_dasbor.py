"""The Dasbor of a closed period (whole months that ended before today) is worked out
once and kept; the stored figures go as soon as a stay or an agenda line of that period
is written after all, whoever writes it (database triggers), and the current period and
a free date range are always worked out afresh."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals import dasbor, durasi
from approvals.models import DurasiLangkah, RekapDasbor
from letters.models import AgendaEntry, Letter
from organisasi.models import Unit
from tests.test_dasbor_sql import advance

TZ = timezone.get_current_timezone()
MARET = datetime.datetime(2026, 3, 10, 8, 0, tzinfo=TZ)
APRIL = datetime.datetime(2026, 4, 15, 9, 0, tzinfo=TZ)
BULAN_MARET = "/dasbor/?jenis=bulan&tahun=2026&bulan=3"
TAHUN_2026 = "/dasbor/?jenis=tahun&tahun=2026"


def _step_by_step(letter, state, office, time_machine, menit: int):
    """The SOP steps up to ``state``, ``menit`` minutes apart (so the stays last)."""
    order = ["draft", "numbering", "review", "approval", "signing"]
    while letter.status != state:
        time_machine.shift(datetime.timedelta(minutes=menit))
        letter = advance(letter, order[order.index(letter.status) + 1], office)
    return letter


@pytest.fixture
def maret(office, make_letter, time_machine):
    """Letters of March 2026 (two numbered, approved and waiting for the signature, one
    waiting for its number), seen in April. (No signing: the tests' TTE certificates are
    made for today, not for March.)"""
    Unit.objects.update(hitung_jam_kerja=False)
    time_machine.move_to(MARET, tick=False)
    for menit in (3, 11):
        _step_by_step(make_letter(), "signing", office, time_machine, menit)
    _step_by_step(make_letter(), "numbering", office, time_machine, 5)
    time_machine.move_to(APRIL, tick=False)


def _figures(response) -> list[tuple]:
    return [
        (f.nomor, f.jumlah, f.rata_rata, f.p90, f.tepat_waktu) for f in response.context["langkah"]
    ]


def _reads_stays(client, url) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, any("approvals_durasilangkah" in q["sql"] for q in queries)


def test_a_closed_month_is_worked_out_once_and_then_read(maret, login):
    camat = login("camat")
    first, counted = _reads_stays(camat, BULAN_MARET)
    assert counted
    second, counted_again = _reads_stays(camat, BULAN_MARET)
    assert not counted_again  # read from the stored row
    assert _figures(second) == _figures(first)
    by_step = {f.nomor: f for f in second.context["langkah"]}
    assert by_step[1].jumlah == 3 and by_step[2].jumlah == 2 and by_step[5].jumlah == 0
    # The stored figures are what the stays give now.
    unit = Unit.objects.get(induk=None)
    stored = RekapDasbor.objects.get(unit=unit, kunci="langkah")
    assert (stored.mulai, stored.selesai) == (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert stored.isi == dasbor.angka_langkah(unit.pk, stored.mulai, stored.selesai)
    # April is not over and 2026 neither: nothing of them is kept.
    camat.get("/dasbor/")
    camat.get(TAHUN_2026)
    assert list(RekapDasbor.objects.values_list("kunci", flat=True)) == ["langkah"]


def test_a_date_range_is_not_kept(maret, login):
    login("camat").get("/dasbor/?jenis=rentang&dari=01/03/2026&sampai=20/03/2026")
    assert not RekapDasbor.objects.exists()


def test_a_stay_written_into_the_closed_month_drops_the_stored_figures(maret, login):
    camat = login("camat")
    before = {f.nomor: f.jumlah for f in camat.get(BULAN_MARET).context["langkah"]}
    letter = Letter.objects.get(status="numbering")
    # Whoever writes it: a row added directly, dated in March.
    DurasiLangkah.objects.create(
        letter=letter,
        unit=letter.unit,
        langkah=2,
        selesai=datetime.datetime(2026, 3, 31, 23, 30, tzinfo=TZ),
        menit=4,
        melebihi=True,
    )
    assert not RekapDasbor.objects.exists()
    response, counted = _reads_stays(camat, BULAN_MARET)
    assert counted
    after = {f.nomor: f.jumlah for f in response.context["langkah"]}
    assert after[2] == before[2] + 1


def test_working_the_stays_out_again_drops_the_stored_figures(maret, login):
    camat = login("camat")
    camat.get(BULAN_MARET)
    assert RekapDasbor.objects.exists()
    durasi.isi_ulang(Letter.objects.all())
    assert not RekapDasbor.objects.exists()
    # A stay of a later month leaves March's figures alone.
    camat.get(BULAN_MARET)
    letter = Letter.objects.get(status="numbering")
    DurasiLangkah.objects.create(
        letter=letter, unit=letter.unit, langkah=2, selesai=timezone.now(), menit=4, melebihi=True
    )
    assert RekapDasbor.objects.filter(kunci="langkah").exists()


def test_a_number_given_in_a_closed_year_drops_its_stored_counts(
    maret, office, login, time_machine
):
    """Only when the clock was set back: numbers are given in the current year."""
    time_machine.move_to(datetime.datetime(2027, 1, 11, 9, 0, tzinfo=TZ), tick=False)
    camat = login("camat")
    year = camat.get(TAHUN_2026)
    assert sorted(RekapDasbor.objects.values_list("kunci", flat=True)) == [
        "langkah",
        "per_bulan",
        "per_klasifikasi",
    ]
    maret_before = year.context["per_bulan"][2]["jumlah"]
    assert maret_before == 2

    time_machine.move_to(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=TZ), tick=False)
    advance(Letter.objects.get(status="numbering"), "review", office)
    assert not RekapDasbor.objects.exists()

    time_machine.move_to(datetime.datetime(2027, 1, 11, 9, 0, tzinfo=TZ), tick=False)
    year = camat.get(TAHUN_2026)
    assert year.context["per_bulan"][2]["jumlah"] == 3
    assert (
        sum(r["jumlah"] for r in year.context["per_klasifikasi"])
        == AgendaEntry.objects.filter(tahun=2026).count()
    )


def test_the_kept_figures_are_not_backed_up(maret, login):
    from letters import cadangan

    login("camat").get(BULAN_MARET)
    assert RekapDasbor.objects.exists()
    backed_up = cadangan.models_to_back_up()
    assert RekapDasbor not in backed_up
    assert DurasiLangkah in backed_up and AgendaEntry in backed_up
