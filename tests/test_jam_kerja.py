"""Office-time arithmetic: working days and hours, holidays, raw time."""

import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from organisasi.jam_kerja import Kalender, batas_masuk, durasi

WIB = ZoneInfo("Asia/Jakarta")
KANTOR = Kalender(jam_masuk=datetime.time(7, 30), jam_pulang=datetime.time(16, 0))
MIN = datetime.timedelta(minutes=1)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in March 2026 (Monday 2 March is day 2)."""
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=WIB)


def test_time_inside_one_working_day_counts_fully():
    assert durasi(at(2, 9), at(2, 9, 40), KANTOR) == 40 * MIN


def test_time_after_hours_and_overnight_does_not_count():
    # Monday 15.50 to Tuesday 07.40: 10 minutes on Monday, 10 on Tuesday.
    assert durasi(at(2, 15, 50), at(3, 7, 40), KANTOR) == 20 * MIN


def test_weekends_do_not_count():
    # Friday 15.55 to Monday 07.35.
    assert durasi(at(6, 15, 55), at(9, 7, 35), KANTOR) == 10 * MIN


def test_holidays_do_not_count():
    nyepi = Kalender(libur=frozenset({datetime.date(2026, 3, 19)}))
    # Wednesday 15.00 to Friday 08.30, Thursday being a holiday: 60 + 60 minutes.
    assert durasi(at(18, 15), at(20, 8, 30), nyepi) == 120 * MIN
    assert durasi(at(18, 15), at(20, 8, 30), KANTOR) == (60 + 510 + 60) * MIN


def test_raw_time_counts_everything():
    raw = Kalender(jam_kerja_saja=False)
    assert durasi(at(6, 15, 55), at(9, 7, 35), raw) == datetime.timedelta(
        days=2, hours=15, minutes=40
    )


moments = st.datetimes(
    min_value=datetime.datetime(2026, 1, 1),
    max_value=datetime.datetime(2026, 12, 31),
    timezones=st.just(WIB),
)
kalenders = st.builds(
    Kalender,
    jam_masuk=st.sampled_from([datetime.time(7, 0), datetime.time(7, 30), datetime.time(8, 0)]),
    jam_pulang=st.sampled_from([datetime.time(15, 30), datetime.time(16, 0)]),
    hari_kerja=st.frozensets(st.integers(1, 7), min_size=1),
    libur=st.frozensets(
        st.dates(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)), max_size=20
    ),
)


@settings(max_examples=200, deadline=None)
@given(moments, moments, moments, kalenders)
def test_office_time_adds_up_over_any_split(a, b, c, kalender):
    a, b, c = sorted([a, b, c])
    assert durasi(a, c, kalender) == durasi(a, b, kalender) + durasi(b, c, kalender)


@settings(max_examples=200, deadline=None)
@given(moments, moments, kalenders)
def test_office_time_is_never_negative_nor_more_than_raw_time(a, b, kalender):
    d = durasi(a, b, kalender)
    assert datetime.timedelta(0) <= d <= max(b - a, datetime.timedelta(0))


@settings(max_examples=100, deadline=None)
@given(st.dates(datetime.date(2026, 1, 1), datetime.date(2026, 12, 30)), kalenders)
def test_a_whole_day_counts_its_office_hours_or_nothing(day, kalender):
    start = datetime.datetime.combine(day, datetime.time(0, 0), WIB)
    whole = durasi(start, start + datetime.timedelta(days=1), kalender)
    open_hours = datetime.datetime.combine(day, kalender.jam_pulang) - datetime.datetime.combine(
        day, kalender.jam_masuk
    )
    assert whole == (open_hours if kalender.hari_kerja_pada(day) else datetime.timedelta(0))


def _hari_demi_hari(mulai, selesai, kalender):
    """The office time counted day by day, the plain way (what the arithmetic must equal)."""
    total, tanggal = datetime.timedelta(0), mulai.date()
    while tanggal <= selesai.date():
        if kalender.hari_kerja_pada(tanggal):
            buka = datetime.datetime.combine(tanggal, kalender.jam_masuk, WIB)
            tutup = datetime.datetime.combine(tanggal, kalender.jam_pulang, WIB)
            total += max(min(tutup, selesai) - max(buka, mulai), datetime.timedelta(0))
        tanggal += datetime.timedelta(days=1)
    return total


@settings(max_examples=300, deadline=None)
@given(moments, moments, kalenders)
def test_office_time_over_months_equals_counting_day_by_day(a, b, kalender):
    """A letter waiting for months costs no more to time than one waiting an hour, and the
    arithmetic (whole weeks, holidays looked up) gives the same minutes as walking the days."""
    a, b = sorted([a, b])
    assert durasi(a, b, kalender) == _hari_demi_hari(a, b, kalender)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(0, 6000), kalenders | st.just(Kalender(jam_kerja_saja=False)))
def test_late_exactly_when_started_before_the_bound(now, menit, kalender):
    """A letter is late (more than its mutu baku spent) exactly when it entered its step
    before :func:`batas_masuk`: the overdue lists ask the database for that range."""
    lama = datetime.timedelta(minutes=menit)
    batas = batas_masuk(now, lama, kalender)
    sebelum = batas - datetime.timedelta(microseconds=1)
    assert durasi(batas, now, kalender) <= lama
    assert durasi(sebelum, now, kalender) > lama


def test_bound_of_a_mutu_baku_ending_at_the_morning_opening():
    """Thirty minutes back from Monday 8:00 is Monday 7:30; a letter that came in over
    the weekend has spent exactly those thirty minutes, so only Friday's are late."""
    senin_8 = at(9, 8, 0)
    assert batas_masuk(senin_8, 30 * MIN, KANTOR) == at(6, 16, 0)
    assert durasi(at(7, 10, 0), senin_8, KANTOR) == 30 * MIN
    assert batas_masuk(senin_8, 29 * MIN, KANTOR) == at(9, 7, 31)
