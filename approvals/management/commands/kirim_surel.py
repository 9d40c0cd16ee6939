import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from approvals.outbox import kirim_antrean

logger = logging.getLogger("approvals.surel")


class Command(BaseCommand):
    help = (
        "Mengirim surel keluar yang sudah waktunya dikirim, termasuk percobaan ulang "
        "surel yang sebelumnya gagal."
    )

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
            try:
                hasil = kirim_antrean()
            except Exception:
                if not options["ulang"]:
                    raise
                # Keep the loop alive (e.g. the database restarting); try again next round.
                logger.exception("Pengiriman surel keluar terhenti; dicoba lagi nanti.")
            else:
                if hasil.terkirim or hasil.ditunda or hasil.gagal or options["verbosity"] > 1:
                    self.stdout.write(str(hasil))
            if not options["ulang"]:
                return
            time.sleep(options["ulang"])
            close_old_connections()  # a long-running process must not keep a dead connection
