"""Office time: how much of an interval falls inside the unit's working hours.

Working days and hours come from the unit, national holidays from HariLibur; a unit may
choose to count raw time instead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

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


def kalender_unit(unit, libur=None) -> Kalender:
    from organisasi.models import HariLibur

    if libur is None:
        libur = frozenset(HariLibur.objects.values_list("tanggal", flat=True))
    return Kalender(
        jam_masuk=unit.jam_masuk,
        jam_pulang=unit.jam_pulang,
        hari_kerja=frozenset(int(d) for d in unit.hari_kerja.split(",") if d.strip()),
        libur=frozenset(libur),
        jam_kerja_saja=unit.hitung_jam_kerja,
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
    total = ZERO
    tanggal = mulai.date()
    while tanggal <= selesai.date():
        if kalender.hari_kerja_pada(tanggal):
            buka = datetime.datetime.combine(tanggal, kalender.jam_masuk, mulai.tzinfo)
            tutup = datetime.datetime.combine(tanggal, kalender.jam_pulang, mulai.tzinfo)
            awal, akhir = max(buka, mulai), min(tutup, selesai)
            if akhir > awal:
                total += akhir - awal
        tanggal += datetime.timedelta(days=1)
    return total
