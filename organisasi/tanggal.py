"""Dates as the office writes them: month names, Roman numerals, and every date format
shown in pages, letters, registers and messages ("24 November 2026", "24-11-2026").

Pages use these through the template filters of ``organisasi.templatetags.tanggal``.
Times are shown in office time (the current time zone).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
# Roman numerals 1 to 12: the month in a letter number ({bulan_romawi}), the quarter (triwulan).
ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# Excel's number format for tanggal_angka: the cell stays a real date.
FORMAT_EXCEL = "DD-MM-YYYY"


def _lokal(nilai: datetime.date) -> datetime.date:
    """An aware datetime in office time; a date or a naive datetime as it is."""
    if isinstance(nilai, datetime.datetime) and timezone.is_aware(nilai):
        return timezone.localtime(nilai)
    return nilai


def romawi(angka: int) -> str:
    return ROMAWI[angka - 1]


def nama_bulan(bulan: int) -> str:
    return BULAN[bulan - 1]


def tanggal(nilai: datetime.date) -> str:
    """24 November 2026"""
    return _tanggal(_lokal(nilai))


def _tanggal(lokal: datetime.date) -> str:
    return f"{lokal.day} {BULAN[lokal.month - 1]} {lokal.year}"


def bulan_tahun(nilai: datetime.date) -> str:
    """November 2026"""
    nilai = _lokal(nilai)
    return f"{BULAN[nilai.month - 1]} {nilai.year}"


def tanggal_angka(nilai: datetime.date) -> str:
    """24-11-2026"""
    return f"{_lokal(nilai):%d-%m-%Y}"


def jam(nilai: datetime.datetime, *, detik: bool = False) -> str:
    """14.05 (with seconds 14.05.09)"""
    return _jam(_lokal(nilai), detik)


def _jam(lokal: datetime.datetime, detik: bool = False) -> str:
    return f"{lokal:%H.%M.%S}" if detik else f"{lokal:%H.%M}"


# The times below are put in office time once: a list writes one for each of its rows,
# and each conversion asks for the active time zone again.


def waktu(nilai: datetime.datetime) -> str:
    """24 November 2026 14.05"""
    nilai = _lokal(nilai)
    return f"{_tanggal(nilai)} {_jam(nilai)}"


def waktu_singkat(nilai: datetime.datetime, *, tahun: bool = True) -> str:
    """24 Nov 2026 14.05 (without the year: 24 Nov 14.05)"""
    nilai = _lokal(nilai)
    bulan = BULAN_SINGKAT[nilai.month - 1]
    hari = f"{nilai.day} {bulan} {nilai.year}" if tahun else f"{nilai.day} {bulan}"
    return f"{hari} {_jam(nilai)}"


def waktu_angka(nilai: datetime.datetime, *, detik: bool = False) -> str:
    """24-11-2026 14.05 (with seconds 24-11-2026 14.05.09)"""
    nilai = _lokal(nilai)
    return f"{nilai:%d-%m-%Y} {_jam(nilai, detik)}"
