"""Reminders: a letter that stays at a step longer than its mutu baku (plus a grace) makes
the people who must act get a reminder — once per stay at that step."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from approvals import notifications, timeline
from approvals.models import Pengingat
from letters.models import WAITING, Letter, LetterEvent
from organisasi.jam_kerja import durasi, kalender_unit
from organisasi.models import HariLibur


def overdue(now=None, tenggang_menit: int | None = None):
    """(letter, step, since) for every letter past its step's mutu baku plus the grace."""
    now = now or timezone.now()
    tenggang = datetime.timedelta(
        minutes=settings.PENGINGAT_TENGGANG_MENIT if tenggang_menit is None else tenggang_menit
    )
    entered = (
        LetterEvent.objects.filter(letter_id=OuterRef("pk"))
        .exclude(aksi="edit")
        .order_by("-waktu", "-pk")
        .values("waktu")[:1]
    )
    letters = (
        Letter.objects.filter(status__in=WAITING)
        .annotate(sejak=Subquery(entered))
        .select_related("unit", "pembuat", "posisi_pembuat")
        .prefetch_related("unit__langkah_sop")
    )
    libur = frozenset(HariLibur.objects.values_list("tanggal", flat=True))
    kalender_cache = {}
    for letter in letters:
        if letter.unit_id not in kalender_cache:
            kalender_cache[letter.unit_id] = kalender_unit(letter.unit, libur)
        step = next(
            (s for s in timeline.langkah_unit(letter.unit) if letter.status in s.states), None
        )
        if step is None or letter.sejak is None:
            continue
        spent = durasi(letter.sejak, now, kalender_cache[letter.unit_id])
        if spent > datetime.timedelta(minutes=step.mutu_baku) + tenggang:
            yield letter, step, spent


def kirim_pengingat(now=None, tenggang_menit: int | None = None) -> int:
    """Send the reminders that are due; returns how many letters got one."""
    sent = 0
    for letter, step, spent in overdue(now, tenggang_menit):
        try:
            with transaction.atomic():
                Pengingat.objects.create(letter=letter, langkah=step.nomor, sejak=letter.sejak)
                users = notifications.actors_for(letter)
                menit = int(spent.total_seconds() // 60)
                notifications.notify(
                    letter,
                    users,
                    f"Pengingat: {letter.hal} melewati mutu baku"[:200],
                    f"Langkah {step.nomor} ({step.kegiatan}) sudah {menit} menit, mutu bakunya "
                    f"{step.mutu_baku} menit.\n{notifications.baris_tautan(letter)}",
                )
        except IntegrityError:
            continue  # already reminded for this stay at this step
        sent += 1
    return sent
