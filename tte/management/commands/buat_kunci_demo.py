from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from organisasi.models import User
from organisasi.tanggal import tanggal_angka
from tte.demo_ca import issue_demo_key


class Command(BaseCommand):
    help = (
        "Membuat CA demo dan kunci TTE demo (TIDAK SAH SECARA HUKUM) untuk pengguna yang "
        "disebut; passphrase-nya DEMO_PASSWORD. Hanya bila DEBUG aktif."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="+")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Kunci demo ditolak karena DEBUG tidak aktif.")
        for username in options["username"]:
            try:
                user = User.objects.get(username=username)
            except User.DoesNotExist as exc:
                raise CommandError(f"Pengguna {username} tidak ada.") from exc
            key = issue_demo_key(user, settings.DEMO_PASSWORD)
            self.stdout.write(
                f"{username}: {key.subjek} (DEMO, berlaku s.d. {tanggal_angka(key.berlaku_sampai)})"
            )
