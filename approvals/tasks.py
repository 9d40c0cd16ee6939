"""Background work, run by `manage.py db_worker` (django-tasks, database backend)."""

from django_tasks import task

from approvals import outbox
from approvals.models import Notifikasi, SurelKeluar


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
