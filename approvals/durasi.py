"""How long each SOP step took, stored when the step ends (``DurasiLangkah``).

A stay at a step runs from the event that moved the letter into the step's state to the
next event that moved it on (edits do not count), measured in office time with the
unit's calendar: the rule of :func:`approvals.timeline.intervals`, so a stored row equals
what the letter's timeline shows. :func:`catat` writes the row inside the transition's
transaction (``actions._run``); :func:`isi_ulang` rebuilds a letter's rows from its
history (the data migration, backdated test data, the synthetic kabupaten, and a holiday
added, moved or removed afterwards: :func:`hitung_ulang_hari`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

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
    per_unit: dict[int, tuple] = {}
    written = 0
    # The letters first: ``letters`` may be chosen by their stored stays.
    pks = list(letters.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), 500):
        DurasiLangkah.objects.filter(letter_id__in=pks[start : start + 500]).delete()
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


def surat_sekitar(tanggal: datetime.date):
    """The letters whose stored stays may include the day ``tanggal``: a stay ended after
    the day began and an event before it ended (a day's margin either side, whatever the
    unit's time zone). A superset: their stays are rebuilt whole."""
    awal = timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time.min))
    satu_hari = datetime.timedelta(days=1)
    return Letter.objects.filter(
        Exists(
            DurasiLangkah.objects.filter(letter_id=OuterRef("pk"), selesai__gt=awal - satu_hari)
        ),
        Exists(
            LetterEvent.objects.filter(letter_id=OuterRef("pk"), waktu__lt=awal + 2 * satu_hari)
        ),
    )


def hitung_ulang_hari(tanggal: datetime.date) -> int:
    """Rebuild the stored stays around ``tanggal`` after it became, or stopped being, a
    holiday (a collective leave day announced late, a date entered by mistake): office
    time is counted again with today's holidays. The Dasbor's kept figures of those days
    go with the rows (RekapDasbor's triggers). Returns how many rows were written."""
    return isi_ulang(surat_sekitar(tanggal))
