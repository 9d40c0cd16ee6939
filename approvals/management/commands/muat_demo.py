from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from approvals.demo import DEMO_USERS, load_demo
from organisasi.models import User


class Command(BaseCommand):
    help = "Memuat kantor demo Kecamatan Mojoanyar (hanya bila DEBUG aktif)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Data demo ditolak karena DEBUG tidak aktif: jangan memuat pengguna demo "
                "ke server produksi."
            )
        load_demo(settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Kantor demo Kecamatan Mojoanyar siap."))
        self.stdout.write(f"Login demo (kata sandi: {settings.DEMO_PASSWORD}):")
        users = User.objects.filter(username__in=DEMO_USERS).prefetch_related("penugasan__position")
        for user in sorted(users, key=lambda u: DEMO_USERS.index(u.username)):
            jabatan = ", ".join(f"{a.awalan}{a.position}" for a in user.penugasan.all())
            self.stdout.write(f"  {user.username:<10} {jabatan or 'Administrator sistem'}")
