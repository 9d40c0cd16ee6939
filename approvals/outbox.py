"""The e-mail outbox: nothing lost on the way out.

Every e-mail is a ``SurelKeluar`` row written in the same transaction as the action that
causes it (``tulis_surel``, called by ``notifications.notify``): if the action rolls back
there is no mail, if it commits the mail exists even when the process dies right after.

``kirim_antrean`` sends the rows that are due. It is run after each commit by the task
worker (``approvals.tasks.kirim_surel``) and every minute by ``manage.py kirim_surel
--ulang 60``, which also picks up the retries. Each row goes through three steps:

1. *claim*, in a short transaction: the oldest due row is taken (``FOR UPDATE SKIP
   LOCKED`` on PostgreSQL, so two workers never take the same row; SQLite serialises
   writers) and its next attempt is pushed ``KLAIM`` ahead, so no other worker takes it
   while it is being sent and a worker that dies mid-send leaves it to be tried again;
2. *send* through Django's mail backend, outside any transaction (a slow SMTP server
   never holds a database lock);
3. *record*: sent (only after the server accepted it), or the error and the next attempt
   after an exponential backoff (1, 2, 4 … minutes, at most ``JEDA_MAKS``). After
   ``MAKS_PERCOBAAN`` attempts (about 24 hours), or when the server refuses the address
   for good (5xx), the row becomes *gagal permanen* and an ERROR is logged.

A mail can only go out twice if the process dies between the server's acceptance and
step 3; each row carries a fixed Message-ID so receiving servers can tell such a copy.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from approvals.models import Notifikasi, SurelKeluar

logger = logging.getLogger("approvals.surel")

JEDA_AWAL = datetime.timedelta(minutes=1)
JEDA_MAKS = datetime.timedelta(hours=1)
# 1+2+4+8+16+32 minutes, then hourly: the 30th attempt comes about 24 hours after the first.
MAKS_PERCOBAAN = 30
# How long a claimed row is left to the worker sending it (far longer than one SMTP send).
KLAIM = datetime.timedelta(minutes=15)
AWALAN_SUBJEK = "[SOP Surat] "


@dataclass
class Hasil:
    """What one pass over the outbox did."""

    terkirim: int = 0
    ditunda: int = 0
    gagal: int = 0

    def __str__(self):
        return (
            f"{self.terkirim} surel terkirim, {self.ditunda} ditunda untuk dicoba lagi, "
            f"{self.gagal} gagal permanen."
        )


def tulis_surel(notes: list[Notifikasi]) -> list[SurelKeluar]:
    """Write the e-mail of each notification whose recipient has an address.

    Call it inside the transaction that creates the notifications.
    """
    rows = [
        SurelKeluar(
            notifikasi=note,
            kepada=note.user.email,
            # A line break in a subject would make the mail unsendable.
            subjek=" ".join(f"{AWALAN_SUBJEK}{note.judul}".split())[:255],
            isi=note.pesan,
        )
        for note in notes
        if note.user.email
    ]
    return SurelKeluar.objects.bulk_create(rows)


def jeda(percobaan: int) -> datetime.timedelta:
    """The wait after the ``percobaan``-th failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return min(JEDA_AWAL * 2 ** (percobaan - 1), JEDA_MAKS)


def kirim_antrean(now: datetime.datetime | None = None, batas: int | None = None) -> Hasil:
    """Send the due outbox rows (at most ``batas``); ``now`` fixes the clock for tests."""
    jam = (lambda: now) if now is not None else timezone.now
    hasil = Hasil()
    backend = None
    server_mati: Exception | None = None  # once the server is unreachable, stop dialling it
    try:
        while batas is None or hasil.terkirim + hasil.ditunda + hasil.gagal < batas:
            surel = _klaim(jam())
            if surel is None:
                break
            if server_mati is not None:
                _gagal(surel, server_mati, jam(), hasil, catat=False)
                continue
            try:
                if backend is None:
                    backend = get_connection(fail_silently=False)
                    backend.open()
                if backend.send_messages([_pesan(surel)]) != 1:
                    raise smtplib.SMTPException("Server surel tidak menerima surel ini.")
            except Exception as exc:
                if not _salah_surel_ini(exc):
                    server_mati = exc
                    backend = _tutup(backend)
                _gagal(surel, exc, jam(), hasil, catat=server_mati is None)
            else:
                SurelKeluar.objects.filter(pk=surel.pk).update(
                    status=SurelKeluar.Status.TERKIRIM, terkirim_pada=jam(), galat_terakhir=""
                )
                hasil.terkirim += 1
    finally:
        _tutup(backend)
    if server_mati is not None:
        logger.warning(
            "Pengiriman surel keluar tertunda: %s. %d surel akan dicoba lagi nanti.",
            _uraian(server_mati),
            hasil.ditunda,
        )
    return hasil


def _klaim(now: datetime.datetime) -> SurelKeluar | None:
    """Take the oldest due row for this worker, or None when nothing is due."""
    while True:
        with transaction.atomic():
            due = SurelKeluar.objects.filter(
                status=SurelKeluar.Status.MENUNGGU, coba_lagi_pada__lte=now
            ).order_by("coba_lagi_pada", "pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            surel = due.first()
            if surel is None:
                return None
            # Conditional, so that even without row locks only one worker wins the row.
            taken = SurelKeluar.objects.filter(
                pk=surel.pk,
                status=SurelKeluar.Status.MENUNGGU,
                coba_lagi_pada=surel.coba_lagi_pada,
            ).update(percobaan=F("percobaan") + 1, coba_lagi_pada=now + KLAIM)
        if taken:
            surel.percobaan += 1
            return surel


def _pesan(surel: SurelKeluar) -> EmailMessage:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return EmailMessage(
        subject=surel.subjek,
        body=surel.isi,
        to=[surel.kepada],
        headers={"Message-ID": f"<surel-keluar-{surel.pk}.{surel.dibuat:%Y%m%d%H%M%S}@{domain}>"},
    )


def _salah_surel_ini(exc: Exception) -> bool:
    """Whether the error concerns this mail only (the server itself works)."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError | ValueError)


def _permanen(exc: Exception) -> bool:
    """Whether sending this mail again cannot succeed (the server refused it for good)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return isinstance(exc, ValueError)  # the message itself cannot be written


def _uraian(exc: Exception) -> str:
    """The error as the admin reads it in the outbox list."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(
            f"{alamat}: {code} {_teks(msg)}" for alamat, (code, msg) in exc.recipients.items()
        )
        teks = f"Alamat ditolak server surel ({detail})"
    elif isinstance(exc, smtplib.SMTPResponseException):
        teks = f"Server surel menolak: {exc.smtp_code} {_teks(exc.smtp_error)}"
    elif isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException):
        teks = f"Tidak dapat terhubung ke server surel ({type(exc).__name__}: {exc})"
    else:
        teks = f"{type(exc).__name__}: {exc}"
    return teks[:2000]


def _teks(msg) -> str:
    return msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)


def _gagal(surel: SurelKeluar, exc: Exception, now, hasil: Hasil, catat: bool) -> None:
    galat = _uraian(exc)
    if _permanen(exc) or surel.percobaan >= MAKS_PERCOBAAN:
        SurelKeluar.objects.filter(pk=surel.pk).update(
            status=SurelKeluar.Status.GAGAL, galat_terakhir=galat
        )
        hasil.gagal += 1
        logger.error(
            'Surel keluar #%d ke %s ("%s") gagal permanen setelah %d percobaan: %s. '
            "Periksa alamat atau pengaturan server surel, lalu kirim ulang dari admin "
            "(Surel keluar).",
            surel.pk,
            surel.kepada,
            surel.subjek,
            surel.percobaan,
            galat,
        )
        return
    SurelKeluar.objects.filter(pk=surel.pk).update(
        galat_terakhir=galat, coba_lagi_pada=now + jeda(surel.percobaan)
    )
    hasil.ditunda += 1
    if catat:
        logger.warning(
            "Surel keluar #%d ke %s belum terkirim (percobaan %d), dicoba lagi: %s",
            surel.pk,
            surel.kepada,
            surel.percobaan,
            galat,
        )


def _tutup(backend) -> None:
    if backend is not None:
        try:
            backend.close()
        except Exception:  # a connection already broken cannot be closed politely
            logger.debug("Menutup koneksi server surel gagal", exc_info=True)


def kirim_ulang(queryset) -> int:
    """Put the chosen rows that are not sent back in the queue, due now, with fresh attempts."""
    return queryset.exclude(status=SurelKeluar.Status.TERKIRIM).update(
        status=SurelKeluar.Status.MENUNGGU, percobaan=0, coba_lagi_pada=timezone.now()
    )
