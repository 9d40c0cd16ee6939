import time

from django.core.management.base import BaseCommand

from approvals.pengingat import kirim_pengingat


class Command(BaseCommand):
    help = "Mengirim pengingat untuk surat yang melewati mutu baku langkahnya."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ulang",
            type=int,
            default=0,
            metavar="DETIK",
            help="Periksa terus setiap DETIK detik (0 = sekali saja).",
        )

    def handle(self, *args, **options):
        while True:
            jumlah = kirim_pengingat()
            if jumlah or options["verbosity"] > 1:
                self.stdout.write(f"{jumlah} pengingat dikirim.")
            if not options["ulang"]:
                return
            time.sleep(options["ulang"])
