"""Which waiting letters are past their step's mutu baku, and by how much, in office time.

The Kotak Masuk marks them, the Dasbor lists them, the reminders go out for them. Which
letters are late is a query (:func:`saring_terlambat`: a range on when each letter entered
its state, ``Letter.sejak``); by how much is worked out (:func:`hitung`) only for the
letters shown, in a fixed number of queries however many letters a unit has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from approvals import timeline
from letters.models import WAITING, Status
from organisasi.jam_kerja import (
    KOLOM_KALENDER,
    Kalender,
    batas_masuk,
    durasi,
    hari_libur,
    kalender_dari_kolom,
    kalender_unit,
)
from organisasi.kueri_siap import KueriSiap
from organisasi.models import Unit


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


def _langkah_per_status(langkah: list[timeline.Langkah]) -> dict[str, timeline.Langkah]:
    """The step a letter waits in for each state that can be late (a draft is not late
    before it is submitted): the first step holding the state."""
    per_status: dict[str, timeline.Langkah] = {}
    for step in langkah:
        for state in step.states:
            if state in WAITING and state != Status.DRAFT:
                per_status.setdefault(state, step)
    return per_status


class Aturan:
    """What times each unit's waiting letters, its step per state and its office
    calendar, worked out once per unit; the holidays are read once. Shared by the
    functions below so that finding the late letters and then timing them reads the
    units, their steps and the holidays once, not once each."""

    def __init__(self):
        self._libur: frozenset[datetime.date] | None = None
        self._unit: dict[int, tuple[dict[str, timeline.Langkah], Kalender]] = {}

    def __contains__(self, unit_id: int) -> bool:
        return unit_id in self._unit

    def __getitem__(self, unit_id: int) -> tuple[dict[str, timeline.Langkah], Kalender]:
        return self._unit[unit_id]

    def _hari_libur(self) -> frozenset[datetime.date]:
        if self._libur is None:
            self._libur = hari_libur()
        return self._libur

    def tambah(self, unit) -> None:
        """Work out ``unit``'s rules (its ``langkah_sop`` prefetched) if not yet known."""
        if unit.pk not in self._unit:
            self._unit[unit.pk] = (
                _langkah_per_status(timeline.langkah_unit(unit)),
                kalender_unit(unit, self._hari_libur()),
            )

    def muat(self, unit_ids) -> None:
        """Work out the rules of the units ``unit_ids`` not yet known: two queries (the
        units, their steps) and the holidays once, none if all are known."""
        baru = set(unit_ids) - self._unit.keys()
        if len(baru) == 1:
            # A list of one unit's letters (the usual page): its rules from ready SQL.
            (unit_id,) = baru
            for kolom in _KALENDER.baris(unit_id=unit_id):
                self._unit[unit_id] = (
                    _langkah_per_status(timeline.langkah_unit_id(unit_id)),
                    kalender_dari_kolom(*kolom, self._hari_libur()),
                )
        elif baru:
            for unit in Unit.objects.filter(pk__in=baru).prefetch_related("langkah_sop"):
                self.tambah(unit)


# What :meth:`Aturan.muat` reads of one unit, on many pages: compiled once.
_CONTOH_UNIT = -7_000_002
_KALENDER = KueriSiap(
    lambda unit_id: Unit.objects.filter(pk=unit_id).values_list(*KOLOM_KALENDER),
    unit_id=_CONTOH_UNIT,
)


def saring_terlambat(
    letters: QuerySet,
    now=None,
    tenggang_menit: int = 0,
    aturan: Aturan | None = None,
    units=None,
) -> QuerySet:
    """The letters of ``letters`` past their step's mutu baku plus ``tenggang_menit``, as a
    query: for each unit and state, the letters that entered it before the moment the
    unit's calendar puts the mutu baku back from now (``jam_kerja.batas_masuk``), an
    index range on (unit, status, sejak). Three queries (units, their steps, the
    holidays), whatever the letters; the rules read are kept in ``aturan``. ``units``:
    the units the letters are in, if the caller has them (their steps prefetched)."""
    now = now or timezone.now()
    aturan = aturan if aturan is not None else Aturan()
    tenggang = datetime.timedelta(minutes=tenggang_menit)
    if units is None:
        units = Unit.objects.filter(
            pk__in=letters.filter(status__in=WAITING).order_by().values("unit_id")
        ).prefetch_related("langkah_sop")
    q = Q(pk__in=[])
    for unit in units:
        aturan.tambah(unit)
        per_status, kalender = aturan[unit.pk]
        for state, step in per_status.items():
            lama = datetime.timedelta(minutes=step.mutu_baku) + tenggang
            q |= Q(unit_id=unit.pk, status=state, sejak__lt=batas_masuk(now, lama, kalender))
    return letters.filter(q)


def hitung(
    letters, now=None, tenggang_menit: int = 0, aturan: Aturan | None = None
) -> dict[int, Terlambat]:
    """``{letter pk: Terlambat}`` for the loaded ``letters`` (their ``unit`` loaded, or
    known to ``aturan``) submitted, still waiting and past their step's mutu baku plus
    ``tenggang_menit``. One query for the holidays, only if a letter is waiting (none if
    ``aturan`` knows the units); each unit's steps and calendar are worked out once,
    however many of its letters there are."""
    now = now or timezone.now()
    aturan = aturan if aturan is not None else Aturan()
    tenggang = datetime.timedelta(minutes=tenggang_menit)
    hasil: dict[int, Terlambat] = {}
    for letter in letters:
        if letter.status not in WAITING or letter.sejak is None:
            continue
        if letter.unit_id not in aturan:  # asked first: a letter read as values has no unit
            aturan.tambah(letter.unit)
        langkah, kalender = aturan[letter.unit_id]
        step = langkah.get(letter.status)
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


def waktu_tunggu(
    letters: QuerySet, now=None, tenggang_menit: int = 0, aturan: Aturan | None = None
) -> dict[int, Terlambat]:
    """:func:`hitung` for every letter of the queryset ``letters``, read as plain values."""
    rows = list(letters.order_by().values_list("pk", "status", "unit_id", "sejak"))
    return hitung_nilai(rows, now, tenggang_menit, aturan)


def hitung_nilai(
    rows, now=None, tenggang_menit: int = 0, aturan: Aturan | None = None
) -> dict[int, Terlambat]:
    """:func:`hitung` for letters given as values ``(pk, status, unit_id, sejak)``: two
    queries more (their units and the units' steps), none without letters or if
    ``aturan`` knows their units."""
    aturan = aturan if aturan is not None else Aturan()
    aturan.muat({r[2] for r in rows})
    return hitung([_Menunggu(*r) for r in rows], now, tenggang_menit, aturan)


def keterlambatan(letters: QuerySet, now=None, tenggang_menit: int = 0) -> dict[int, Terlambat]:
    """:func:`hitung` for the letters of ``letters`` that are late (:func:`saring_terlambat`):
    only those are read, and the units' rules once."""
    aturan = Aturan()
    late = saring_terlambat(letters, now, tenggang_menit, aturan)
    return waktu_tunggu(late, now, tenggang_menit, aturan)
