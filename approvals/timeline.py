"""The letter's way through the SOP: how long each step took against its mutu baku."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from letters.models import WAITING, Status
from organisasi.jam_kerja import Kalender, durasi
from organisasi.kueri_siap import KueriSiap
from organisasi.models import Unit

# The six SOP steps of DESIGN.md §1, seeded as LangkahSop rows for every issuing unit:
# (nomor, pelaksana, kegiatan, mutu baku in minutes, output, letter states of the step).
DEFAULT_STEPS = [
    (
        1,
        "Pelaksana",
        "Pembuatan konsep surat",
        15,
        "Konsep surat",
        (Status.DRAFT, Status.REVISION),
    ),
    (
        2,
        "Kasubbag Umum dan Kepegawaian",
        "Pemberian nomor surat",
        2,
        "Nomor surat",
        (Status.NUMBERING,),
    ),
    (3, "Pejabat Pengawas", "Paraf Pejabat Pengawas", 5, "Paraf pada konsep", (Status.REVIEW,)),
    (
        4,
        "Sekretaris Kecamatan",
        "Persetujuan Sekretaris Kecamatan",
        15,
        "Disetujui untuk ditandatangani",
        (Status.APPROVAL,),
    ),
    (5, "Camat / Plt. / Plh.", "Penandatanganan", 5, "Surat ditandatangani", (Status.SIGNING,)),
    (6, "Pelaksana", "Pengiriman surat", 10, "Surat terkirim", (Status.SIGNED,)),
]


@dataclass(frozen=True)
class Langkah:
    nomor: int
    pelaksana: str
    kegiatan: str
    mutu_baku: int
    states: tuple[Status, ...]


def default_langkah() -> list[Langkah]:
    return [Langkah(n, p, k, m, s) for n, p, k, m, _o, s in DEFAULT_STEPS]


def status_list(text: str) -> list[str]:
    """The state values in a step's ``status_surat`` ("draft,revision")."""
    return [s.strip() for s in text.split(",") if s.strip()]


def states(text: str) -> list[Status]:
    """The letter states of a step, from its ``status_surat``."""
    return [Status(s) for s in status_list(text)]


def langkah_unit(unit) -> list[Langkah]:
    """``unit``'s steps: those prefetched with it (a list of units), else read by its id."""
    if "langkah_sop" not in getattr(unit, "_prefetched_objects_cache", {}):
        return langkah_unit_id(unit.pk)
    return langkah_dari_baris(
        (r.nomor, r.pelaksana, r.kegiatan, r.mutu_baku, r.status_surat)
        for r in unit.langkah_sop.all()
    )


# The columns of a LangkahSop that :func:`langkah_dari_baris` takes, in its order.
KOLOM_LANGKAH = ("nomor", "pelaksana", "kegiatan", "mutu_baku", "status_surat")

# One unit's steps, read on many pages and in every SOP action: compiled once. The table
# is reached through the unit (the model's module imports this one).
_LANGKAH = KueriSiap(
    lambda unit_id: Unit(pk=unit_id).langkah_sop.order_by("nomor").values_list(*KOLOM_LANGKAH),
    unit_id=-7_000_002,
)


def langkah_unit_id(unit_id: int) -> list[Langkah]:
    """The steps of the unit ``unit_id``: one query."""
    return langkah_dari_baris(_LANGKAH.baris(unit_id=unit_id))


def langkah_dari_baris(rows) -> list[Langkah]:
    """A unit's steps from its LangkahSop rows (:data:`KOLOM_LANGKAH`, in order); the
    default steps if it has none."""
    langkah = [
        Langkah(nomor, pelaksana, kegiatan, mutu_baku, tuple(states(status_surat)))
        for nomor, pelaksana, kegiatan, mutu_baku, status_surat in rows
    ]
    return langkah or default_langkah()


@dataclass
class Interval:
    state: str
    step: int | None
    mulai: datetime.datetime
    selesai: datetime.datetime | None = None
    event: object | None = None  # the event that ended this interval
    durasi: datetime.timedelta = datetime.timedelta(0)


@dataclass
class StepSummary:
    nomor: int
    kegiatan: str
    pelaksana: str
    mutu_baku: int
    durasi: datetime.timedelta | None
    intervals: list
    berjalan: bool

    @property
    def menit(self) -> float | None:
        return None if self.durasi is None else self.durasi.total_seconds() / 60

    @property
    def melebihi(self) -> bool:
        return self.menit is not None and self.menit > self.mutu_baku


def intervals(events, langkah: list[Langkah], kalender: Kalender, now=None) -> list[Interval]:
    """Time spent in each state, in order, measured in office time; edits do not count."""
    state_step = {state: step.nomor for step in langkah for state in step.states}
    now = now or timezone.now()
    result: list[Interval] = []
    current: Interval | None = None
    for event in events:
        if event.dari == event.ke and event.aksi != "create":
            continue
        if current is not None:
            current.selesai, current.event = event.waktu, event
            result.append(current)
        current = Interval(state=event.ke, step=state_step.get(event.ke), mulai=event.waktu)
    if current is not None and current.state in WAITING:  # still running
        result.append(current)
    for interval in result:
        interval.durasi = durasi(interval.mulai, interval.selesai or now, kalender)
    return result


def steps(events, langkah: list[Langkah], kalender: Kalender, now=None) -> list[StepSummary]:
    spans = intervals(events, langkah, kalender, now)
    summary = []
    for step in langkah:
        own = [i for i in spans if i.step == step.nomor]
        summary.append(
            StepSummary(
                nomor=step.nomor,
                kegiatan=step.kegiatan,
                pelaksana=step.pelaksana,
                mutu_baku=step.mutu_baku,
                durasi=sum((i.durasi for i in own), datetime.timedelta()) if own else None,
                intervals=own,
                berjalan=any(i.selesai is None for i in own),
            )
        )
    return summary
