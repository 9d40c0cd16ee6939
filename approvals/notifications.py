"""Telling people: whenever a letter reaches someone, they get a notification and an email.

Notifications are written in the transition's own transaction (so they exist exactly
when the step happened); emails are queued after it commits and sent by the task worker
(django-tasks, database backend), so a slow mail server never slows a click.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from approvals import rules
from approvals.models import Notifikasi, User

# The action the letter waits for in each state, and what the notification says.
NEXT_ACTION = {
    "draft": "submit",
    "numbering": "assign_number",
    "review": "paraf",
    "approval": "approve",
    "signing": "sign",
    "signed": "dispatch",
    "revision": "resubmit",
}
JUDUL = {
    "numbering": "Surat menunggu nomor",
    "review": "Surat menunggu paraf",
    "approval": "Surat menunggu persetujuan",
    "signing": "Surat menunggu tanda tangan",
    "signed": "Surat telah ditandatangani dan siap dikirim",
    "revision": "Surat dikembalikan untuk revisi",
    "sent": "Surat telah terkirim",
    "cancelled": "Surat dibatalkan",
}
# The drafter hears of these whatever their role.
KABAR_PEMBUAT = {"revision", "signed", "sent", "cancelled"}


def staff_assignments(unit_id: int) -> list:
    """Today's assignments in an issuing unit, with their users: load once, ask many times."""
    return list(
        rules.current_assignments()
        .filter(position__unit__instansi_id=unit_id, user__is_active=True)
        .select_related("user")
    )


def actors_for(letter, assignments: list | None = None) -> list[User]:
    """Everyone who may take the letter's next step now (Plt./Plh. holders included)."""
    action = NEXT_ACTION.get(letter.status)
    if action is None:
        return []
    by_user = defaultdict(list)
    for a in staff_assignments(letter.unit_id) if assignments is None else assignments:
        by_user[a.user_id].append(a)
    users = []
    for assignments in by_user.values():
        user = assignments[0].user
        rules.prime_holdings(user, assignments)
        if rules.capacity(user, action, letter) is not None:
            users.append(user)
    return users


def letter_url(letter) -> str:
    return settings.SITE_URL + reverse("letters:detail", args=[letter.public_id])


def notify(letter, users, judul: str, pesan: str) -> list[Notifikasi]:
    """Store one notification per person and queue their emails after commit."""
    notes = Notifikasi.objects.bulk_create(
        Notifikasi(user=user, letter=letter, judul=judul, pesan=pesan) for user in users
    )
    with_email = [n.pk for n, user in zip(notes, users, strict=True) if user.email]
    if with_email:
        from approvals.tasks import kirim_email

        transaction.on_commit(lambda: [kirim_email.enqueue(pk) for pk in with_email])
    return notes


def after_transition(letter, event) -> list[Notifikasi]:
    """Tell the next actors, and the drafter when it concerns them."""
    users = {u.pk: u for u in actors_for(letter)}
    if letter.status in KABAR_PEMBUAT:
        users.setdefault(letter.pembuat_id, letter.pembuat)
    users.pop(event.oleh_id, None)
    if not users:
        return []
    judul = f"{JUDUL.get(letter.status, letter.get_status_display())}: {letter.hal}"[:200]
    lines = [f"{event.get_aksi_display()} oleh {event.oleh} ({event.sebagai})."]
    if event.catatan:
        lines.append(f"Catatan: {event.catatan}")
    lines.append(f"Buka surat: {letter_url(letter)}")
    return notify(letter, list(users.values()), judul, "\n".join(lines))
