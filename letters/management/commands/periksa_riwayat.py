"""Check every letter's history chain and the database triggers that guard the record."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Prefetch

from letters import riwayat, triggers
from letters.models import Letter, LetterEvent


class Command(BaseCommand):
    help = (
        "Memeriksa rantai hash riwayat setiap surat dan pemicu basis data yang menjaganya; "
        "keluar dengan kode bukan nol dan menyebut surat yang rusak bila ada."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Basis data yang diperiksa (bawaan: default).",
        )

    def handle(self, **options):
        database = options["database"]
        events = LetterEvent.objects.using(database).order_by("waktu", "pk")
        letters = (
            Letter.objects.using(database)
            .order_by("pk")
            .select_related("agenda")
            .prefetch_related(Prefetch("events", queryset=events))
        )
        jumlah, rusak = 0, 0
        for letter in letters.iterator(chunk_size=500):
            jumlah += 1
            problems = riwayat.periksa(letter)
            if problems:
                rusak += 1
                nomor = letter.nomor or "belum bernomor"
                self.stderr.write(f"Surat “{letter.hal}” ({nomor}; {letter.public_id}):")
                for problem in problems:
                    self.stderr.write(f"  - {problem}")

        hilang = triggers.missing(database)
        if hilang:
            self.stderr.write("Pemicu pengaman basis data yang tidak ada atau dinonaktifkan:")
            for name in hilang:
                self.stderr.write(f"  - {name}")

        if rusak or hilang:
            bagian = []
            if rusak:
                bagian.append(f"riwayat {rusak} dari {jumlah} surat rusak")
            if hilang:
                bagian.append(f"{len(hilang)} pemicu pengaman tidak aktif")
            raise CommandError("Pemeriksaan riwayat gagal: " + "; ".join(bagian) + ".")
        self.stdout.write(f"Riwayat {jumlah} surat utuh dan pemicu pengaman aktif.")
