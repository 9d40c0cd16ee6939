"""``manage.py pulihkan BERKAS.tar.gz``: bring a backup of ``cadangkan`` back.

Only into an empty database (freshly migrated: no letters, no users) and a MEDIA_ROOT
without conflicting files; everything is checked before anything is written, the rows go
in in one transaction, and the history chains are checked at the end (``periksa_riwayat``).
See :mod:`letters.cadangan` for the format and the reasons behind it.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from letters import cadangan


class Command(BaseCommand):
    help = (
        "Memulihkan cadangan buatan `cadangkan` ke basis data kosong yang sudah dimigrasi "
        "dan ke MEDIA_ROOT; ditolak bila basis data tujuan sudah berisi surat atau pengguna."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="Berkas cadangan, mis. cadangan.tar.gz.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Basis data (bawaan: default)."
        )

    def handle(self, *args, **options):
        database = options["database"]
        try:
            ringkasan = cadangan.pulihkan(Path(options["berkas"]), using=database)
        except cadangan.CadanganError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Cadangan dipulihkan: {ringkasan.surat} surat, "
            f"{sum(ringkasan.jumlah.values())} baris data, {ringkasan.berkas} berkas."
        )
        for name in ringkasan.hilang:
            self.stderr.write(f"Peringatan: berkas {name} sudah tidak ada ketika cadangan dibuat.")
        # The history chains and the triggers that guard them, as after any restore.
        call_command("periksa_riwayat", database=database, stdout=self.stdout, stderr=self.stderr)
