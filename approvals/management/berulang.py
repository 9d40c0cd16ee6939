"""A management command that does one round of work, once or every N seconds (--ulang)."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger(__name__)


class PerintahBerulang(BaseCommand):
    """Subclasses implement ``satu_putaran()``, returning what to print (or "")."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--ulang",
            type=int,
            default=0,
            metavar="DETIK",
            help="Periksa terus setiap DETIK detik (0 = sekali saja).",
        )

    def satu_putaran(self, verbosity: int) -> str:
        raise NotImplementedError

    def handle(self, *args, **options):
        while True:
            try:
                laporan = self.satu_putaran(options["verbosity"])
            except Exception:
                if not options["ulang"]:
                    raise
                # Keep the loop alive (e.g. the database restarting); try again next round.
                logger.exception("%s terhenti; dicoba lagi nanti.", self.help)
            else:
                if laporan:
                    self.stdout.write(laporan)
            if not options["ulang"]:
                return
            time.sleep(options["ulang"])
            close_old_connections()  # a long-running process must not keep a dead connection
