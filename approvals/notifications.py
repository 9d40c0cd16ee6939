"""Telling people: whenever a letter reaches someone, they get a notification and an email.

Notifications are written in the transition's own transaction (so they exist exactly
when the step happened); emails are queued after it commits and sent by the task worker
(django-tasks, database backend), so a slow mail server never slows a click.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from approvals import outbox, rules, tasks
from approvals.models import Notifikasi
from letters.models import Status
from organisasi.kueri_siap import KueriSiap
from organisasi.models import User

# The action the letter waits for in each state (decided in approvals.rules), and what
# the notification says.
NEXT_ACTION = rules.NEXT_ACTION
JUDUL = {
    Status.NUMBERING: "Surat menunggu nomor",
    Status.REVIEW: "Surat menunggu paraf",
    Status.APPROVAL: "Surat menunggu persetujuan",
    Status.SIGNING: "Surat menunggu tanda tangan",
    Status.SIGNED: "Surat telah ditandatangani dan siap dikirim",
    Status.REVISION: "Surat dikembalikan untuk revisi",
    Status.SENT: "Surat telah terkirim",
    Status.CANCELLED: "Surat dibatalkan",
}
# The drafter hears of these whatever their role.
KABAR_PEMBUAT = {Status.REVISION, Status.SIGNED, Status.SENT, Status.CANCELLED}
# All that a notification or e-mail about a Rahasia letter says: no Hal, no number, no
# note. The link leads to the letter page, which checks the reader's rights.
JUDUL_RAHASIA = "Ada surat rahasia untuk Anda"
PESAN_RAHASIA = (
    "Ada surat rahasia untuk Anda. Perihal dan isinya hanya dapat dibaca di aplikasi "
    "setelah Anda masuk.\n{tautan}"
)


# The unread count of one person (the header's badge, on every page): compiled once.
_BELUM_DIBACA = KueriSiap(
    lambda user_id: (
        Notifikasi.objects.filter(user_id=user_id, dibaca=False)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("n")
    ),
    user_id=-7_000_003,
)


def jumlah_belum_dibaca(user) -> int:
    """How many of ``user``'s notifications are unread."""
    rows = _BELUM_DIBACA.baris(user_id=user.pk)
    return rows[0][0] if rows else 0


def staff(unit_id: int) -> list[User]:
    """Today's active staff of an issuing unit, each with their holdings loaded (one query):
    load once, then ask :func:`actors_for` about many letters of the unit."""
    return rules.staf_instansi(unit_id)


def actors_for(letter, people: list[User] | None = None) -> list[User]:
    """Everyone the letter waits for now (Plt./Plh. holders included): the people in whose
    Kotak Masuk it is (``rules.waiting_capacity``), among ``people`` (:func:`staff` of the
    letter's unit when not given)."""
    if rules.next_action(letter) is None:
        return []
    if people is None:
        people = staff(letter.unit_id)
    return [user for user in people if rules.waiting_capacity(user, letter) is not None]


def letter_url(letter) -> str:
    return settings.SITE_URL + reverse("letters:detail", args=[letter.public_id])


def baris_tautan(letter) -> str:
    """The last line of every message: the letter's address, for the e-mail."""
    return f"{Notifikasi.AWALAN_TAUTAN}{letter_url(letter)}"


def isi_rahasia(letter) -> tuple[str, str]:
    """The title and message of every notification about a Rahasia letter."""
    return JUDUL_RAHASIA, PESAN_RAHASIA.format(tautan=baris_tautan(letter))


def notify(letter, users, judul: str, pesan: str) -> list[Notifikasi]:
    """Store one notification per person and their emails in the outbox (same transaction);
    the worker is asked to send them once it commits.

    Whatever the caller wrote, a Rahasia letter's notification says only
    :data:`JUDUL_RAHASIA` and the link (:func:`isi_rahasia`).
    """
    if letter.rahasia:
        judul, pesan = isi_rahasia(letter)
    notes = Notifikasi.objects.bulk_create(
        Notifikasi(user=user, letter=letter, judul=judul, pesan=pesan) for user in users
    )
    if outbox.tulis_surel(notes):
        transaction.on_commit(tasks.jadwalkan_pengiriman, robust=True)
    return notes


def after_transition(letter, event) -> list[Notifikasi]:
    """Tell the next actors, and the drafter when it concerns them — only people who may
    still open the letter (a drafter who left the unit is not told).

    What was said about the letter's earlier step is done once it moved on: those
    notifications no longer count in anyone's badge.
    """
    Notifikasi.objects.filter(letter=letter, dibaca=False).update(dibaca=True)
    users = {u.pk: u for u in actors_for(letter)}
    if letter.status in KABAR_PEMBUAT:
        users.setdefault(letter.pembuat_id, letter.pembuat)
    users.pop(event.oleh_id, None)
    users = {pk: u for pk, u in users.items() if rules.may_view(u, letter)}
    if not users:
        return []
    judul = f"{JUDUL.get(letter.status, letter.get_status_display())}: {letter.hal}"[:200]
    lines = [f"{event.get_aksi_display()} oleh {event.oleh} ({event.sebagai})."]
    if event.catatan:
        lines.append(f"Catatan: {event.catatan}")
    lines.append(baris_tautan(letter))
    return notify(letter, list(users.values()), judul, "\n".join(lines))
