"""Figures of the Dasbor and the monthly SOP compliance report, for one issuing unit."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import ExtractMonth, RowNumber
from django.utils import timezone

from approvals import notifications, rekap, rules, terlambat, timeline
from approvals.models import DurasiLangkah
from letters.models import WAITING as STILL_WAITING
from letters.models import AgendaEntry, KodeKlasifikasi, Letter, Status
from organisasi.tanggal import BULAN_SINGKAT

WAITING = [
    (Status.NUMBERING, "Menunggu nomor"),
    (Status.REVIEW, "Menunggu paraf"),
    (Status.APPROVAL, "Menunggu persetujuan"),
    (Status.SIGNING, "Menunggu tanda tangan"),
    (Status.SIGNED, "Ditandatangani, belum dikirim"),
]


def surat_unit(unit_id: int, user=None) -> QuerySet[Letter]:
    """The unit's letters still in progress, only those ``user`` may see in lists
    (``rules.visible_filter``; ``user=None``: all). What the Dasbor counts, the list
    behind each counter shows, and the overdue table draws from: the same letters. The
    reader's filter is long to build (every route of every holding): build it once per
    page and hand the query on."""
    letters = Letter.objects.filter(unit_id=unit_id, status__in=STILL_WAITING)
    if user is not None:
        letters = letters.filter(rules.visible_filter(user))
    return letters


def counters(surat: QuerySet[Letter]) -> list[dict]:
    """How many of ``surat`` (:func:`surat_unit`) wait in each step."""
    counts = dict(
        surat.filter(status__in=[s for s, _ in WAITING])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
        .order_by()
    )
    return [{"status": s, "label": label, "jumlah": counts.get(s, 0)} for s, label in WAITING]


# The longest overdue letters the Dasbor shows (an overview: who holds each is worked out
# per letter); all of them are in the list it links to, paged and filterable.
BATAS_TERLAMBAT = 10


def overdue_letters(unit, now=None, *, user=None, batas: int | None = None) -> list[dict]:
    """Letters past their step's mutu baku, longest first, with who holds them now
    (at most ``batas``): :func:`terlambat_teratas` without the count."""
    return terlambat_teratas(unit, surat_unit(unit.pk, user), now, batas=batas)[0]


def terlambat_teratas(
    unit, surat: QuerySet[Letter], now=None, *, batas: int | None
) -> tuple[list[dict], int]:
    """The ``batas`` letters of ``surat`` (the unit's, :func:`surat_unit`) longest past
    their step's mutu baku, with who holds them now, and how many are late in all.

    The late letters are an indexed query (``terlambat.saring_terlambat``), counted in
    the database; in each state the longest-waiting are the earliest in, so only the first
    ``batas`` of each state are read (as values) and timed, and only the ones shown are
    loaded, with their holders. The Dasbor page gives the letters its reader may see in
    lists: a Rahasia letter stays with its route here too.
    """
    now = now or timezone.now()
    aturan = terlambat.Aturan()
    late = terlambat.saring_terlambat(surat, now, aturan=aturan, units=[unit])
    if batas is None:
        telat = terlambat.waktu_tunggu(late, now, aturan=aturan)
        jumlah = len(telat)
    else:
        # How many are late in all rides along on each row read (a window over every late
        # letter, counted before the rows past ``batas`` are dropped): no second query.
        late = late.annotate(
            urutan=Window(RowNumber(), partition_by=[F("status")], order_by=[F("sejak"), F("pk")]),
            semua=Window(Count("pk")),
        ).filter(urutan__lte=batas)
        rows = list(late.order_by().values_list("pk", "status", "unit_id", "sejak", "semua"))
        jumlah = rows[0][4] if rows else 0
        telat = terlambat.hitung_nilai([r[:4] for r in rows], now, aturan=aturan)
    if not jumlah:
        return [], 0
    shown = sorted(telat, key=lambda pk: (-telat[pk].menit, pk))[:batas]
    dimuat = Letter.objects.filter(pk__in=shown).in_bulk()
    letters = [dimuat[pk] for pk in shown]
    for letter in letters:
        # All of them are the unit's (the late filter has only its rules): who holds a
        # letter asks its unit (how it is signed), and the unit's settings are read once
        # for them all instead of being joined to every letter.
        letter.unit = unit
    rules.muat_paraf(letters)
    staff = notifications.staff(unit.pk)
    rows = [
        {
            "letter": letter,
            "langkah": telat[letter.pk].langkah,
            "menit": telat[letter.pk].menit,
            "pemegang": ", ".join(str(u) for u in notifications.actors_for(letter, staff)) or "-",
        }
        for letter in letters
    ]
    return rows, jumlah


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


def _peringkat(n: int, p: float) -> int:
    """The 0-based position, in ascending order, of the nearest-rank ``p``-th percentile of
    ``n`` values (at least 1)."""
    return max(0, math.ceil(p / 100 * n) - 1)


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (what a spreadsheet user can check by hand)."""
    if not values:
        return None
    return sorted(values)[_peringkat(len(values), p)]


def _p90_per_step(rows, jumlah: dict[int, int]) -> dict[int, float]:
    """The 90th percentile (:func:`percentile`) of each step's stays ``rows``, ``jumlah``
    per step: the one value at that rank, read down from the longest stay along the index
    (unit, langkah, menit): a tenth of the step's stays, not a sort of all of them."""
    return {
        nomor: rows.filter(langkah=nomor)
        .order_by("-menit")
        .values_list("menit", flat=True)[n - 1 - _peringkat(n, 90)]
        for nomor, n in jumlah.items()
    }


def angka_langkah(unit_id: int, mulai: datetime.date, selesai: datetime.date) -> list[list]:
    """Per SOP step with stays that ended within the period: ``[langkah, jumlah, rata-rata,
    persentil 90, tepat waktu]`` (minutes of office time), from the durations stored when
    each step ended (``DurasiLangkah``): one aggregate query read from a covering index
    (count, average, on-time count), and one indexed read per step for its 90th
    percentile."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(mulai, datetime.time.min, tz)
    end = datetime.datetime.combine(selesai + datetime.timedelta(days=1), datetime.time.min, tz)
    rows = DurasiLangkah.objects.filter(unit_id=unit_id, selesai__gte=start, selesai__lt=end)
    totals = (
        rows.values("langkah")
        .annotate(
            jumlah=Count("*"),
            rata_rata=Avg("menit"),
            tepat=Count("langkah", filter=Q(melebihi=False)),
        )
        .order_by("langkah")
    )
    totals = [(t["langkah"], t["jumlah"], t["rata_rata"], t["tepat"]) for t in totals]
    p90 = _p90_per_step(rows, {nomor: jumlah for nomor, jumlah, *_ in totals})
    return [[nomor, n, rata, p90[nomor], tepat] for nomor, n, rata, tepat in totals]


def step_figures(unit, mulai: datetime.date, selesai: datetime.date) -> list[StepFigures]:
    """The figures of each of the unit's SOP steps (:func:`angka_langkah`) over the period,
    with its activity and mutu baku as they are now; a closed period's are stored."""
    per_step = {
        row[0]: row
        for row in rekap.angka(
            unit.pk, "langkah", mulai, selesai, lambda: angka_langkah(unit.pk, mulai, selesai)
        )
    }
    figures = []
    for step in timeline.langkah_unit(unit):
        _nomor, n, rata_rata, p90, tepat = per_step.get(step.nomor, (step.nomor, 0, 0, 0, 0))
        figures.append(
            StepFigures(
                nomor=step.nomor,
                kegiatan=step.kegiatan,
                mutu_baku=step.mutu_baku,
                jumlah=n,
                rata_rata=rata_rata if n else None,
                p90=p90 if n else None,
                tepat_waktu=100 * tepat / n if n else None,
            )
        )
    return figures


def _tahun(tahun: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(tahun, 1, 1), datetime.date(tahun, 12, 31)


def _jumlah_per_bulan(unit_id: int, tahun: int) -> list[int]:
    counts = dict(
        AgendaEntry.objects.filter(unit_id=unit_id, tahun=tahun)
        .annotate(bulan=ExtractMonth("tanggal"))
        .values("bulan")
        .annotate(n=Count("pk"))
        .values_list("bulan", "n")
    )
    return [counts.get(m, 0) for m in range(1, 13)]


def per_month(unit_id: int, tahun: int) -> list[dict]:
    """Numbered letters per month of the year (from the agenda; a past year's stored)."""
    counts = rekap.angka(
        unit_id, "per_bulan", *_tahun(tahun), lambda: _jumlah_per_bulan(unit_id, tahun)
    )
    return [{"label": BULAN_SINGKAT[m], "jumlah": n} for m, n in enumerate(counts)]


def _jumlah_per_klasifikasi(unit_id: int, tahun: int) -> list[list]:
    per_kode = (
        AgendaEntry.objects.filter(unit_id=unit_id, tahun=tahun, letter__unit_id=unit_id)
        .values("letter__klasifikasi__kode")
        .annotate(n=Count("pk"))
        .values_list("letter__klasifikasi__kode", "n")
        .order_by()
    )
    counts: dict[str, int] = {}
    for k, n in per_kode:  # a row per code used, not per letter
        counts[k.split(".")[0]] = counts.get(k.split(".")[0], 0) + n
    return sorted([k, n] for k, n in counts.items())


def per_classification(unit_id: int, tahun: int) -> list[dict]:
    """Numbered letters per main classification (000, 100, …, 900); a past year's stored.
    The letters' side of the join is read from the index (unit, klasifikasi), not the
    letters table."""
    counts = rekap.angka(
        unit_id, "per_klasifikasi", *_tahun(tahun), lambda: _jumlah_per_klasifikasi(unit_id, tahun)
    )
    names = dict(
        KodeKlasifikasi.objects.filter(kode__in=[k for k, _n in counts]).values_list("kode", "nama")
    )
    return [{"label": k, "nama": names.get(k, ""), "jumlah": n} for k, n in counts]


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
