"""The Dasbor's figures of a closed period, worked out once and kept (``RekapDasbor``).

A period of whole calendar months that ended before today no longer changes: its stays
at each step and its agenda lines are written (numbers are given in the current year,
stays end now, and the agenda refuses changes to its lines). Its figures are read from
the stored row; database triggers delete the row if a stay or an agenda line of that
period is written after all (``RekapDasbor``). The current period, and a free date range,
are always worked out afresh.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from approvals.models import RekapDasbor

SEHARI = datetime.timedelta(days=1)


def tertutup(mulai: datetime.date, selesai: datetime.date) -> bool:
    """Whole calendar months that ended before today."""
    return mulai.day == 1 and (selesai + SEHARI).day == 1 and selesai < timezone.localdate()


def angka(unit_id: int, kunci: str, mulai: datetime.date, selesai: datetime.date, hitung: Callable):
    """What ``hitung()`` gives (JSON-able figures named ``kunci``) for the unit and period:
    read from the stored row when the period is closed, and stored the first time."""
    if not tertutup(mulai, selesai):
        return hitung()
    periode = {"unit_id": unit_id, "kunci": kunci, "mulai": mulai, "selesai": selesai}
    isi = RekapDasbor.objects.filter(**periode).values_list("isi", flat=True).first()
    if isi is None:
        isi = hitung()
        # Two readers of the same new period: the first row stays, both show the same.
        RekapDasbor.objects.bulk_create([RekapDasbor(isi=isi, **periode)], ignore_conflicts=True)
    return isi
