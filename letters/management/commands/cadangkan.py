"""``manage.py cadangkan BERKAS.tar.gz``: the database and the stored files in one archive.

The format, what is (and is not) kept, and why Django's serialisation rather than a vendor
dump (one backup restores into SQLite or PostgreSQL; rows go back as INSERTs only, so the
history triggers stay in force; timestamps keep their microseconds for the history hashes)
are described in :mod:`letters.cadangan`. Restore with ``manage.py pulihkan``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from letters import cadangan


class Command(BaseCommand):
    help = (
        "Mencadangkan seluruh basis data dan berkas tersimpan (MEDIA_ROOT: lampiran, PDF "
        "bertanda tangan, pindaian, tanda terima, logo) ke satu berkas .tar.gz. Simpan "
        "berkasnya di tempat aman: berisi data pengguna dan kunci TTE (terenkripsi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="Berkas cadangan yang dibuat, mis. cadangan.tar.gz.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Basis data (bawaan: default)."
        )

    def handle(self, *args, **options):
        tujuan = Path(options["berkas"])
        try:
            ringkasan = cadangan.cadangkan(tujuan, using=options["database"])
        except cadangan.CadanganError as exc:
            raise CommandError(str(exc)) from exc
        for name in ringkasan.hilang:
            self.stderr.write(f"Peringatan: berkas {name} disebut basis data tetapi tidak ada.")
        self.stdout.write(
            f"Cadangan tersimpan di {tujuan}: {ringkasan.surat} surat, "
            f"{sum(ringkasan.jumlah.values())} baris data, {ringkasan.berkas} berkas."
        )
