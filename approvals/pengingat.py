"""Reminders: a letter that stays at a step longer than its mutu baku (plus a grace) makes
the people who must act get a reminder — once per stay at that step."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from approvals import notifications, terlambat
from approvals.models import Pengingat
from letters.models import Letter


def overdue(now=None, tenggang_menit: int | None = None):
    """(letter, step, spent) for every letter past its step's mutu baku plus the grace."""
    tenggang = settings.PENGINGAT_TENGGANG_MENIT if tenggang_menit is None else tenggang_menit
    aturan = terlambat.Aturan()
    terlambat_saja = terlambat.saring_terlambat(Letter.objects.all(), now, tenggang, aturan)
    letters = list(terlambat_saja.select_related("unit", "pembuat", "posisi_pembuat"))
    late = terlambat.hitung(letters, now, tenggang, aturan)
    for letter in letters:
        if letter.pk in late:
            yield letter, late[letter.pk].langkah, late[letter.pk].lama


def kirim_pengingat(now=None, tenggang_menit: int | None = None) -> int:
    """Send the reminders that are due; returns how many letters got one."""
    sent = 0
    staff = {}  # per unit, loaded once
    for letter, step, spent in overdue(now, tenggang_menit):
        if letter.unit_id not in staff:
            staff[letter.unit_id] = notifications.staff(letter.unit_id)
        try:
            with transaction.atomic():
                Pengingat.objects.create(letter=letter, langkah=step.nomor, sejak=letter.sejak)
                users = notifications.actors_for(letter, staff[letter.unit_id])
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
