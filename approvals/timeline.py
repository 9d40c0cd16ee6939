"""The letter's way through the SOP: how long each step took against its mutu baku."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

# The six SOP steps (DESIGN.md §1) and the letter states that belong to each.
SOP_STEPS = [
    (1, "Pembuatan konsep surat", "Pelaksana", 15, ("draft", "revision")),
    (2, "Pemberian nomor surat", "Kasubbag Umum dan Kepegawaian", 2, ("numbering",)),
    (3, "Paraf Pejabat Pengawas", "Pejabat Pengawas", 5, ("review",)),
    (4, "Persetujuan Sekretaris Kecamatan", "Sekretaris Kecamatan", 15, ("approval",)),
    (5, "Penandatanganan", "Camat / Plt. / Plh.", 5, ("signing",)),
    (6, "Pengiriman surat", "Pelaksana", 10, ("signed",)),
]
STATE_STEP = {state: step[0] for step in SOP_STEPS for state in step[4]}
FINAL_STATES = {"sent", "cancelled"}


@dataclass
class Interval:
    state: str
    step: int | None
    mulai: datetime
    selesai: datetime | None = None
    event: object | None = None  # the event that ended this interval

    @property
    def durasi(self) -> timedelta:
        return (self.selesai or timezone.now()) - self.mulai


@dataclass
class StepSummary:
    nomor: int
    kegiatan: str
    pelaksana: str
    mutu_baku: int
    durasi: timedelta | None
    intervals: list
    berjalan: bool

    @property
    def menit(self) -> float | None:
        return None if self.durasi is None else self.durasi.total_seconds() / 60

    @property
    def melebihi(self) -> bool:
        return self.menit is not None and self.menit > self.mutu_baku


def intervals(events) -> list[Interval]:
    """Time spent in each state, in order; edits do not change the state."""
    result: list[Interval] = []
    current: Interval | None = None
    for event in events:
        if event.dari == event.ke and event.aksi != "create":
            continue
        if current is not None:
            current.selesai, current.event = event.waktu, event
            result.append(current)
        current = Interval(state=event.ke, step=STATE_STEP.get(event.ke), mulai=event.waktu)
    if current is not None and current.state not in FINAL_STATES:
        result.append(current)
    return result


def steps(events) -> list[StepSummary]:
    spans = intervals(events)
    summary = []
    for nomor, kegiatan, pelaksana, menit, _states in SOP_STEPS:
        own = [i for i in spans if i.step == nomor]
        summary.append(
            StepSummary(
                nomor=nomor,
                kegiatan=kegiatan,
                pelaksana=pelaksana,
                mutu_baku=menit,
                durasi=sum((i.durasi for i in own), timedelta()) if own else None,
                intervals=own,
                berjalan=any(i.selesai is None for i in own),
            )
        )
    return summary


TOTAL_MUTU_BAKU = sum(step[3] for step in SOP_STEPS)
