"""How long each SOP step took, stored when the step ends (``DurasiLangkah``).

A stay at a step runs from the event that moved the letter into the step's state to the
next event that moved it on (edits do not count), measured in office time with the
unit's calendar: the rule of :func:`approvals.timeline.intervals`, so a stored row equals
what the letter's timeline shows. :func:`catat` writes the row inside the transition's
transaction (``actions._run``); :func:`isi_ulang` rebuilds a letter's rows from its
history (the data migration, backdated test data, the synthetic kabupaten).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import F, Prefetch, Q

from approvals import timeline
from approvals.models import DurasiLangkah
from letters.models import Letter, LetterEvent
from organisasi.jam_kerja import Kalender, durasi, kalender_unit


def stays(events: Iterable, langkah: list[timeline.Langkah], kalender: Kalender) -> list[dict]:
    """The ended stays at an SOP step in ``events`` (in order): what DurasiLangkah holds,
    as field values (``langkah``, ``selesai``, ``menit``, ``melebihi``)."""
    mutu_baku = {step.nomor: step.mutu_baku for step in langkah}
    rows = []
    ended = [i for i in timeline.intervals(list(events), langkah, kalender) if i.selesai]
    for interval in ended:
        if not interval.step:
            continue
        menit = interval.durasi.total_seconds() / 60
        rows.append(
            {
                "langkah": interval.step,
                "selesai": interval.selesai,
                "menit": menit,
                "melebihi": menit > mutu_baku[interval.step],
            }
        )
    return rows


def _moves(events):
    """Events that move a letter from one state to another (what ends a stay)."""
    return events.exclude(Q(dari=F("ke")) & ~Q(aksi=LetterEvent.Aksi.CREATE))


def catat(letter, event) -> DurasiLangkah | None:
    """Store the stay that ``event`` (just written for ``letter``) ended, if it was at an
    SOP step. Call it in the transition's transaction."""
    if event.dari == event.ke and event.aksi != LetterEvent.Aksi.CREATE:
        return None
    masuk = (
        _moves(LetterEvent.objects.filter(letter_id=letter.pk).exclude(pk=event.pk))
        .order_by("-waktu", "-pk")
        .only("ke", "waktu")
        .first()
    )
    if masuk is None:
        return None
    langkah = timeline.langkah_unit(letter.unit)
    step = next((s for s in langkah if masuk.ke in s.states), None)
    if step is None:
        return None
    menit = durasi(masuk.waktu, event.waktu, kalender_unit(letter.unit)).total_seconds() / 60
    return DurasiLangkah.objects.create(
        letter_id=letter.pk,
        unit_id=letter.unit_id,
        langkah=step.nomor,
        selesai=event.waktu,
        menit=menit,
        melebihi=menit > step.mutu_baku,
    )


def isi_ulang(letters, libur: frozenset[datetime.date] | None = None) -> int:
    """Rebuild the stored stays of ``letters`` (a queryset) from their history, with the
    units' current SOP steps and calendar; returns how many rows were written."""
    from organisasi.models import HariLibur

    if libur is None:
        libur = frozenset(HariLibur.objects.values_list("tanggal", flat=True))
    DurasiLangkah.objects.filter(letter__in=letters).delete()
    per_unit: dict[int, tuple] = {}
    written = 0
    pks = list(letters.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), 500):
        batch = (
            Letter.objects.filter(pk__in=pks[start : start + 500])
            .select_related("unit")
            .prefetch_related(
                "unit__langkah_sop",
                Prefetch("events", queryset=LetterEvent.objects.order_by("waktu", "pk")),
            )
        )
        rows = []
        for letter in batch:
            if letter.unit_id not in per_unit:
                per_unit[letter.unit_id] = (
                    timeline.langkah_unit(letter.unit),
                    kalender_unit(letter.unit, libur),
                )
            langkah, kalender = per_unit[letter.unit_id]
            rows += [
                DurasiLangkah(letter_id=letter.pk, unit_id=letter.unit_id, **row)
                for row in stays(letter.events.all(), langkah, kalender)
            ]
        written += len(DurasiLangkah.objects.bulk_create(rows, batch_size=1000))
    return written
