"""Background work, run by `manage.py db_worker` (django-tasks, database backend): the
e-mail outbox, big registers, and step durations counted again after a holiday changed.
Batch signing's task, ``tandatangani_latar``, lives in ``approvals.ttd_latar``: it signs
through ``actions``, which import this module (mail after each step), so defining it here
would make an import cycle."""

import datetime
import logging
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from approvals import durasi, outbox, rules
from approvals.models import Notifikasi, SurelKeluar
from letters import registers
from letters.models import BerkasRegister

logger = logging.getLogger(__name__)


@task()
def kirim_surel() -> int:
    """Send the e-mail outbox (queued after each commit that wrote mail); returns how many
    were sent. Failures stay in the outbox with their next attempt: this task succeeds."""
    return outbox.kirim_antrean().terkirim


def jadwalkan_pengiriman() -> None:
    """Ask the task worker to send the outbox now (after a commit; the periodic
    ``manage.py kirim_surel --ulang`` sends anything this misses)."""
    kirim_surel.enqueue()


@task()
def kirim_email(notifikasi_id: int) -> None:
    """Tasks queued before the outbox existed: put their mail in the outbox, then send it."""
    note = Notifikasi.objects.select_related("user").filter(pk=notifikasi_id).first()
    if note is not None and not SurelKeluar.objects.filter(notifikasi=note).exists():
        outbox.tulis_surel([note])
    outbox.kirim_antrean()


@task()
def hitung_ulang_durasi(tanggal: str) -> int:
    """The step durations around a holiday added, moved or removed (ISO date): see
    ``durasi.hitung_ulang_hari``. Years of letters may be rebuilt: not in the request."""
    return durasi.hitung_ulang_hari(datetime.date.fromisoformat(tanggal))


@task()
def buat_register(berkas_id: str) -> None:
    """Make a big register (Agenda, Buku Ekspedisi) asked for on the print page.

    The rows are the letters the requester may see *now*: visibility is recomputed from
    the stored user, so a position lost since the request is not printed."""
    berkas = BerkasRegister.objects.select_related("unit", "diminta_oleh").get(pk=berkas_id)
    if berkas.status == BerkasRegister.Status.SIAP:
        return
    BerkasRegister.objects.filter(pk=berkas.pk).update(
        status=BerkasRegister.Status.DIBUAT, progres=0, galat=""
    )
    shown = [0]

    def progres(fraction: float) -> None:
        percent = min(99, int(fraction * 100))
        if percent > shown[0]:  # one small UPDATE per percent at most
            shown[0] = percent
            BerkasRegister.objects.filter(pk=berkas.pk).update(progres=percent)

    try:
        content = registers.buat(
            berkas.dokumen,
            berkas.format,
            terlihat=rules.surat_terlihat(berkas.diminta_oleh),
            unit=berkas.unit,
            periode=registers.Periode(berkas.mulai, berkas.selesai, berkas.periode_label),
            mengetahui=berkas.mengetahui,
            progres=progres,
        )
    except Exception as exc:
        logger.exception("Register %s gagal dibuat", berkas.pk)
        BerkasRegister.objects.filter(pk=berkas.pk).update(
            status=BerkasRegister.Status.GAGAL, galat=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    berkas.berkas.save(f"{uuid.uuid4().hex}.{berkas.format}", ContentFile(content), save=False)
    berkas.status = BerkasRegister.Status.SIAP
    berkas.progres = 100
    berkas.selesai_pada = timezone.now()
    berkas.save(update_fields=["berkas", "status", "progres", "selesai_pada"])
