"""Figures of the Dasbor and the monthly SOP compliance report, for one issuing unit."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from approvals import notifications, rules, terlambat, timeline
from letters.models import WAITING as STILL_WAITING
from letters.models import AgendaEntry, KodeKlasifikasi, Letter, LetterEvent, Status
from organisasi.jam_kerja import kalender_unit
from organisasi.tanggal import BULAN_SINGKAT

WAITING = [
    (Status.NUMBERING, "Menunggu nomor"),
    (Status.REVIEW, "Menunggu paraf"),
    (Status.APPROVAL, "Menunggu persetujuan"),
    (Status.SIGNING, "Menunggu tanda tangan"),
    (Status.SIGNED, "Ditandatangani, belum dikirim"),
]


def surat_unit(unit_id: int, user=None):
    """The unit's letters still in progress, only those ``user`` may see in lists
    (``rules.visible_filter``; ``user=None``: all). What the Dasbor counts, the list
    behind each counter shows, and the overdue table draws from: the same letters."""
    letters = Letter.objects.filter(unit_id=unit_id, status__in=STILL_WAITING)
    if user is not None:
        letters = letters.filter(rules.visible_filter(user))
    return letters


def counters(unit_id: int, user=None) -> list[dict]:
    counts = dict(
        surat_unit(unit_id, user)
        .filter(status__in=[s for s, _ in WAITING])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
        .order_by()
    )
    return [{"status": s, "label": label, "jumlah": counts.get(s, 0)} for s, label in WAITING]


def overdue_letters(unit, now=None, *, user=None) -> list[dict]:
    """Letters past their step's mutu baku, with who holds them now.

    With ``user`` (the Dasbor page), only the letters that user may see in lists
    (``rules.visible_filter``): a Rahasia letter stays with its route here too.
    """
    letters = surat_unit(unit.pk, user)
    telat = terlambat.keterlambatan(letters, now)
    if not telat:
        return []
    assignments = notifications.staff_assignments(unit.pk)
    rows = []
    for letter in letters.filter(pk__in=list(telat)).select_related(
        "unit", "pembuat", "posisi_pembuat"
    ):
        holders = notifications.actors_for(letter, assignments)
        rows.append(
            {
                "letter": letter,
                "langkah": telat[letter.pk].langkah,
                "menit": telat[letter.pk].menit,
                "pemegang": ", ".join(str(u) for u in holders) or "-",
            }
        )
    return sorted(rows, key=lambda r: -r["menit"])


@dataclass
class StepFigures:
    nomor: int
    kegiatan: str
    mutu_baku: int
    jumlah: int
    rata_rata: float | None  # minutes
    p90: float | None
    tepat_waktu: float | None  # percent of stays within the mutu baku

    @property
    def melebihi(self) -> bool:
        return self.rata_rata is not None and self.rata_rata > self.mutu_baku


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (what a spreadsheet user can check by hand)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def step_figures(unit, mulai: datetime.date, selesai: datetime.date) -> list[StepFigures]:
    """Per SOP step: every stay that ended within the period, in office time."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(mulai, datetime.time.min, tz)
    end = datetime.datetime.combine(selesai + datetime.timedelta(days=1), datetime.time.min, tz)
    letters = (
        Letter.objects.filter(unit_id=unit.pk, events__waktu__gte=start, events__waktu__lt=end)
        .distinct()
        .prefetch_related(Prefetch("events", queryset=LetterEvent.objects.order_by("waktu", "pk")))
    )
    langkah = timeline.langkah_unit(unit)
    kalender = kalender_unit(unit)
    per_step: dict[int, list[float]] = {step.nomor: [] for step in langkah}
    for letter in letters:
        for interval in timeline.intervals(letter.events.all(), langkah, kalender):
            if interval.step and interval.selesai and start <= interval.selesai < end:
                per_step[interval.step].append(interval.durasi.total_seconds() / 60)
    figures = []
    for step in langkah:
        values = per_step[step.nomor]
        within = sum(1 for v in values if v <= step.mutu_baku)
        figures.append(
            StepFigures(
                nomor=step.nomor,
                kegiatan=step.kegiatan,
                mutu_baku=step.mutu_baku,
                jumlah=len(values),
                rata_rata=sum(values) / len(values) if values else None,
                p90=percentile(values, 90),
                tepat_waktu=100 * within / len(values) if values else None,
            )
        )
    return figures


def per_month(unit_id: int, tahun: int) -> list[dict]:
    """Numbered letters per month of the year (from the agenda)."""
    counts = dict(
        AgendaEntry.objects.filter(unit_id=unit_id, tahun=tahun)
        .annotate(bulan=ExtractMonth("tanggal"))
        .values("bulan")
        .annotate(n=Count("pk"))
        .values_list("bulan", "n")
    )
    return [{"label": BULAN_SINGKAT[m - 1], "jumlah": counts.get(m, 0)} for m in range(1, 13)]


def per_classification(unit_id: int, tahun: int) -> list[dict]:
    """Numbered letters per main classification (000, 100, …, 900)."""
    kode = AgendaEntry.objects.filter(unit_id=unit_id, tahun=tahun).values_list(
        "letter__klasifikasi__kode", flat=True
    )
    counts: dict[str, int] = {}
    for k in kode:
        counts[k.split(".")[0]] = counts.get(k.split(".")[0], 0) + 1
    names = dict(KodeKlasifikasi.objects.filter(kode__in=counts).values_list("kode", "nama"))
    return [{"label": k, "nama": names.get(k, ""), "jumlah": n} for k, n in sorted(counts.items())]


def bar_chart(rows: list[dict], width: int = 600, height: int = 150) -> dict:
    """Geometry of a server-rendered SVG bar chart (no JavaScript, no CDN).

    The SVG holds only the bars and stretches to the width of the page; the labels and
    counts are HTML under it (partials/bar_chart.html), one equal slot per bar, so their
    text keeps its size on a phone as on a desktop.
    """
    top = max((r["jumlah"] for r in rows), default=0) or 1
    slot = width / max(len(rows), 1)
    w = min(slot, width / 12) * 0.7  # no wider than a month's bar
    bars = []
    for i, row in enumerate(rows):
        h = (height - 8) * row["jumlah"] / top
        bars.append(
            {
                "x": round(i * slot + (slot - w) / 2, 1),
                "w": round(w, 1),
                "y": round(height - h, 1),
                "h": round(h, 1),
                "label": row["label"],
                "jumlah": row["jumlah"],
            }
        )
    return {"width": width, "height": height, "bars": bars, "base": height}
