"""Background work, run by `manage.py db_worker` (django-tasks, database backend)."""

from django.core.mail import send_mail
from django_tasks import task

from approvals.models import Notifikasi


@task()
def kirim_email(notifikasi_id: int) -> None:
    note = Notifikasi.objects.select_related("user").get(pk=notifikasi_id)
    send_mail(
        subject=f"[SOP Surat] {note.judul}",
        message=note.pesan,
        from_email=None,
        recipient_list=[note.user.email],
        fail_silently=False,
    )
