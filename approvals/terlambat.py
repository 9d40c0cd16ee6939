"""Which waiting letters are past their step's mutu baku, and by how much, in office time.

The Kotak Masuk marks them, the Dasbor lists them; both ask :func:`keterlambatan` for
just the letters they show, in a fixed number of queries however many letters that is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from approvals import timeline
from letters.models import WAITING, LetterEvent, Status
from organisasi.jam_kerja import durasi, kalender_unit
from organisasi.models import HariLibur


@dataclass(frozen=True)
class Terlambat:
    """A letter's current step and the office time it has spent there."""

    langkah: timeline.Langkah
    lama: datetime.timedelta

    @property
    def menit(self) -> int:
        """Minutes spent at the step."""
        return round(self.lama.total_seconds() / 60)

    @property
    def menit_lewat(self) -> int:
        """Minutes past the mutu baku (at least 1: a letter here is late)."""
        return max(1, self.menit - self.langkah.mutu_baku)


def masuk_langkah():
    """When the letter entered its current state: its last event that was not an edit."""
    return (
        LetterEvent.objects.filter(letter_id=OuterRef("pk"))
        .exclude(aksi="edit")
        .order_by("-waktu", "-pk")
        .values("waktu")[:1]
    )


def dengan_waktu_masuk(letters: QuerySet) -> QuerySet:
    """``letters`` with what :func:`hitung` needs: when each entered its state (``sejak``)
    and its unit's SOP steps (one query more, however many letters)."""
    return (
        letters.annotate(sejak=Subquery(masuk_langkah()))
        .select_related("unit")
        .prefetch_related("unit__langkah_sop")
    )


def hitung(letters, now=None, tenggang_menit: int = 0) -> dict[int, Terlambat]:
    """``{letter pk: Terlambat}`` for the loaded ``letters`` (from
    :func:`dengan_waktu_masuk`) submitted, still waiting and past their step's mutu baku plus
    ``tenggang_menit``. One query for the holidays, only if a letter is waiting."""
    now = now or timezone.now()
    tenggang = datetime.timedelta(minutes=tenggang_menit)
    hasil: dict[int, Terlambat] = {}
    kalender = {}
    libur = None
    for letter in letters:
        if letter.status not in WAITING or letter.status == Status.DRAFT or letter.sejak is None:
            continue  # a draft is not late before it is submitted
        step = next(
            (s for s in timeline.langkah_unit(letter.unit) if letter.status in s.states), None
        )
        if step is None:
            continue
        if libur is None:
            libur = frozenset(HariLibur.objects.values_list("tanggal", flat=True))
        if letter.unit_id not in kalender:
            kalender[letter.unit_id] = kalender_unit(letter.unit, libur)
        lama = durasi(letter.sejak, now, kalender[letter.unit_id])
        if lama > datetime.timedelta(minutes=step.mutu_baku) + tenggang:
            hasil[letter.pk] = Terlambat(step, lama)
    return hasil


def keterlambatan(letters: QuerySet, now=None, tenggang_menit: int = 0) -> dict[int, Terlambat]:
    """:func:`hitung` for every letter of the queryset ``letters`` (three queries)."""
    rows = dengan_waktu_masuk(
        letters.filter(status__in=WAITING).only("pk", "status", "unit").order_by()
    )
    return hitung(rows, now, tenggang_menit)
