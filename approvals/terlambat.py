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
from organisasi.models import HariLibur, Unit


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
    ``tenggang_menit``. One query for the holidays, only if a letter is waiting; each unit's
    steps and calendar are worked out once, however many of its letters there are."""
    now = now or timezone.now()
    tenggang = datetime.timedelta(minutes=tenggang_menit)
    hasil: dict[int, Terlambat] = {}
    per_unit: dict[int, tuple[list[timeline.Langkah], object]] = {}
    libur = None
    for letter in letters:
        if letter.status not in WAITING or letter.status == Status.DRAFT or letter.sejak is None:
            continue  # a draft is not late before it is submitted
        if letter.unit_id not in per_unit:
            if libur is None:
                libur = frozenset(HariLibur.objects.values_list("tanggal", flat=True))
            per_unit[letter.unit_id] = (
                timeline.langkah_unit(letter.unit),
                kalender_unit(letter.unit, libur),
            )
        langkah, kalender = per_unit[letter.unit_id]
        step = next((s for s in langkah if letter.status in s.states), None)
        if step is None:
            continue
        lama = durasi(letter.sejak, now, kalender)
        if lama > datetime.timedelta(minutes=step.mutu_baku) + tenggang:
            hasil[letter.pk] = Terlambat(step, lama)
    return hasil


@dataclass(frozen=True)
class _Menunggu:
    """What :func:`hitung` reads of a waiting letter, without building the model."""

    pk: int
    status: str
    unit_id: int
    sejak: datetime.datetime | None
    unit: Unit


def keterlambatan(letters: QuerySet, now=None, tenggang_menit: int = 0) -> dict[int, Terlambat]:
    """:func:`hitung` for every letter of the queryset ``letters`` (four queries): read as
    plain values, since a unit may have a thousand letters waiting."""
    rows = list(
        letters.filter(status__in=WAITING)
        .exclude(status=Status.DRAFT)
        .order_by()
        .annotate(sejak=Subquery(masuk_langkah()))
        .values_list("pk", "status", "unit_id", "sejak")
    )
    units = Unit.objects.prefetch_related("langkah_sop").in_bulk({r[2] for r in rows})
    return hitung(
        (
            _Menunggu(pk, status, unit_id, sejak, units[unit_id])
            for pk, status, unit_id, sejak in rows
        ),
        now,
        tenggang_menit,
    )
