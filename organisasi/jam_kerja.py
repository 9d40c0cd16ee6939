"""Office time: how much of an interval falls inside the unit's working hours.

Working days and hours come from the unit, national holidays from HariLibur; a unit may
choose to count raw time instead.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from organisasi.kueri_siap import KueriSiap

ZERO = datetime.timedelta(0)


@dataclass(frozen=True)
class Kalender:
    jam_masuk: datetime.time = datetime.time(7, 30)
    jam_pulang: datetime.time = datetime.time(16, 0)
    hari_kerja: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO weekdays, 1 = Monday
    libur: frozenset[datetime.date] = field(default_factory=frozenset)
    jam_kerja_saja: bool = True

    def hari_kerja_pada(self, tanggal: datetime.date) -> bool:
        return tanggal.isoweekday() in self.hari_kerja and tanggal not in self.libur

    @cached_property
    def _libur_hari_kerja(self) -> list[datetime.date]:
        """The holidays that fall on a working weekday, sorted (the others change nothing)."""
        return sorted(d for d in self.libur if d.isoweekday() in self.hari_kerja)

    @cached_property
    def _lama_sehari(self) -> datetime.timedelta:
        hari = datetime.date(2000, 1, 3)
        lama = datetime.datetime.combine(hari, self.jam_pulang) - datetime.datetime.combine(
            hari, self.jam_masuk
        )
        return max(lama, ZERO)

    def jumlah_hari_kerja(self, awal: datetime.date, akhir: datetime.date) -> int:
        """Working days in ``[awal, akhir)``, by arithmetic: whole weeks, the days left
        over, less the holidays on working weekdays (no loop over the days)."""
        if akhir <= awal:
            return 0
        minggu, sisa = divmod((akhir - awal).days, 7)
        hari_awal = awal.isoweekday() - 1
        jumlah = minggu * len(self.hari_kerja) + sum(
            1 for i in range(sisa) if (hari_awal + i) % 7 + 1 in self.hari_kerja
        )
        libur = self._libur_hari_kerja
        return jumlah - (bisect_left(libur, akhir) - bisect_left(libur, awal))


def _tanggal_libur():
    from organisasi.models import HariLibur

    return HariLibur.objects.order_by().values_list("tanggal")


# Read on many pages (every letter's calendar, the late marks): compiled once.
_LIBUR = KueriSiap(_tanggal_libur)


def hari_libur() -> frozenset[datetime.date]:
    """The holidays (HariLibur), all of them."""
    return frozenset(tanggal for (tanggal,) in _LIBUR.baris())


def kalender_unit(unit, libur=None) -> Kalender:
    """``unit``'s calendar (``libur``: the holidays, if the caller has read them)."""
    if libur is None:
        libur = hari_libur()
    return kalender_dari_kolom(
        unit.jam_masuk, unit.jam_pulang, unit.hari_kerja, unit.hitung_jam_kerja, libur
    )


# The columns of a unit that :func:`kalender_dari_kolom` takes, in its order.
KOLOM_KALENDER = ("jam_masuk", "jam_pulang", "hari_kerja", "hitung_jam_kerja")


def kalender_dari_kolom(
    jam_masuk, jam_pulang, hari_kerja: str, jam_kerja_saja: bool, libur
) -> Kalender:
    """A unit's calendar from its columns (:data:`KOLOM_KALENDER`) and the holidays."""
    return Kalender(
        jam_masuk=jam_masuk,
        jam_pulang=jam_pulang,
        hari_kerja=frozenset(int(d) for d in hari_kerja.split(",") if d.strip()),
        libur=frozenset(libur),
        jam_kerja_saja=jam_kerja_saja,
    )


def durasi(
    mulai: datetime.datetime, selesai: datetime.datetime, kalender: Kalender
) -> datetime.timedelta:
    """Office time between two aware datetimes (raw time if the unit counts raw time)."""
    if selesai <= mulai:
        return ZERO
    if not kalender.jam_kerja_saja:
        return selesai - mulai
    mulai, selesai = timezone.localtime(mulai), timezone.localtime(selesai)
    pertama, terakhir = mulai.date(), selesai.date()
    if pertama == terakhir:
        return _dalam_sehari(pertama, mulai, selesai, kalender)
    ujung = datetime.timedelta(days=1)
    # The first and the last day in part; every working day between them whole. (Office
    # hours are read as wall-clock times; Indonesia keeps no daylight saving time.)
    return (
        _dalam_sehari(pertama, mulai, selesai, kalender)
        + _dalam_sehari(terakhir, mulai, selesai, kalender)
        + kalender.jumlah_hari_kerja(pertama + ujung, terakhir) * kalender._lama_sehari
    )


def _dalam_sehari(
    tanggal: datetime.date,
    mulai: datetime.datetime,
    selesai: datetime.datetime,
    kalender: Kalender,
) -> datetime.timedelta:
    """The part of ``[mulai, selesai)`` inside the office hours of ``tanggal``."""
    if not kalender.hari_kerja_pada(tanggal):
        return ZERO
    buka = datetime.datetime.combine(tanggal, kalender.jam_masuk, mulai.tzinfo)
    tutup = datetime.datetime.combine(tanggal, kalender.jam_pulang, mulai.tzinfo)
    awal, akhir = max(buka, mulai), min(tutup, selesai)
    return akhir - awal if akhir > awal else ZERO


# A year without a working day: the calendar counts no office time at all.
_HARI_CARI = 366


def batas_masuk(
    now: datetime.datetime, lama: datetime.timedelta, kalender: Kalender
) -> datetime.datetime:
    """The earliest start from which no more than ``lama`` of office time has passed by
    ``now``: ``durasi(mulai, now, kalender) > lama`` exactly when ``mulai`` is before it.

    Walks back from ``now`` a working day at a time (a few days for a mutu baku in
    minutes). When ``lama`` ends just at the opening of a working day, the non-working
    time before it adds nothing, so the bound is the close of the working day before.
    """
    if not kalender.jam_kerja_saja:
        return now - lama
    now = timezone.localtime(now)
    sisa = lama
    hari = now.date()
    tanpa_kerja = 0
    while tanpa_kerja < _HARI_CARI:
        buka = datetime.datetime.combine(hari, kalender.jam_masuk, now.tzinfo)
        tutup = min(datetime.datetime.combine(hari, kalender.jam_pulang, now.tzinfo), now)
        if kalender.hari_kerja_pada(hari) and tutup > buka:
            if sisa < tutup - buka:
                return tutup - sisa
            sisa -= tutup - buka
            tanpa_kerja = 0
        else:
            tanpa_kerja += 1
        hari -= datetime.timedelta(days=1)
    return datetime.datetime.min.replace(tzinfo=datetime.UTC)
