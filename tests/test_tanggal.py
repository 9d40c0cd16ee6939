"""Dates shown to people come from one place (organisasi.tanggal) and read as the office
writes them: "1 Januari 2027", "31-12-2026", office time (WIB) for moments."""

import datetime
import zoneinfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from organisasi import tanggal

HARI = [datetime.date(2026, 12, 25) + datetime.timedelta(days=n) for n in range(0, 400, 7)]


@pytest.mark.parametrize("hari", HARI)
def test_a_date_reads_like_djangos_indonesian(hari):
    with translation.override("id"):
        assert tanggal.tanggal(hari) == date_format(hari, "j F Y")
        assert tanggal.tanggal_angka(hari) == date_format(hari, "d-m-Y")
        assert tanggal.bulan_tahun(hari) == date_format(hari, "F Y")


def test_a_moment_is_shown_in_office_time_across_the_years_end():
    utc = datetime.datetime(2026, 12, 31, 17, 30, tzinfo=datetime.UTC)  # 00.30 WIB, 1 Jan
    assert tanggal.tanggal(utc) == "1 Januari 2027"
    assert tanggal.jam(utc) == "00.30"
    wib = utc.astimezone(zoneinfo.ZoneInfo("Asia/Jakarta"))
    assert tanggal.tanggal(wib) == "1 Januari 2027"


def test_month_names_short_names_and_roman_numerals():
    assert tanggal.nama_bulan(8) == "Agustus"
    assert tanggal.BULAN_SINGKAT[7] == "Agu"
    assert [tanggal.romawi(m) for m in (1, 4, 9, 12)] == ["I", "IV", "IX", "XII"]
