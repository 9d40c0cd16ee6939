"""Build a synthetic regency (kabupaten) for load tests: see approvals.kabupaten.

SYNTHETIC DATA: the letters were not signed; every signed document points at one shared
placeholder PDF. Users get the demo password (settings.DEMO_PASSWORD), so the command
refuses to run without DEBUG unless --saya-yakin is given.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from approvals import kabupaten


class Command(BaseCommand):
    help = (
        "Membangun kabupaten sintetis untuk uji beban: 17 kecamatan dan 40 perangkat "
        "daerah/bagian dengan pejabatnya (sebagian Plt./Plh.) dan N surat selama dua tahun "
        "di semua status, lengkap dengan versi, riwayat, agenda, pengiriman, dokumen dan "
        "notifikasi. Data SINTETIS: surat tidak benar-benar ditandatangani; semua dokumen "
        "menunjuk satu PDF contoh. Hasilnya sama untuk benih yang sama. Pengguna memakai "
        "kata sandi demo, sehingga perintah ini ditolak bila DEBUG tidak aktif."
    )

    def add_arguments(self, parser):
        parser.add_argument("--surat", type=int, default=1000, help="Jumlah surat (bawaan: 1000).")
        parser.add_argument(
            "--tahun-mulai",
            type=int,
            default=datetime.date.today().year - 2,
            help="Tahun pertama dari dua tahun data (bawaan: dua tahun sebelum tahun ini).",
        )
        parser.add_argument(
            "--opd-besar",
            type=int,
            default=0,
            help=(
                "Tambahan surat untuk satu OPD besar (Dinas Pendidikan) dalam satu tahun: "
                "kasus terberat untuk daftar (bawaan: 0)."
            ),
        )
        parser.add_argument("--benih", type=int, default=1, help="Benih acak (bawaan: 1).")
        parser.add_argument(
            "--hapus",
            action="store_true",
            help="Hapus kabupaten sintetis yang sudah ada lebih dulu.",
        )
        parser.add_argument(
            "--saya-yakin",
            action="store_true",
            help="Jalankan juga bila DEBUG tidak aktif (bukan untuk server produksi).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["saya_yakin"]:
            raise CommandError(
                "Kabupaten sintetis ditolak karena DEBUG tidak aktif: pengguna sintetis "
                "memakai kata sandi demo. Tambahkan --saya-yakin hanya di server uji."
            )
        if options["surat"] < 0 or options["opd_besar"] < 0:
            raise CommandError("Jumlah surat tidak boleh negatif.")
        try:
            kabupaten.rentang(options["tahun_mulai"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        ada = kabupaten.generated_units().count()
        if ada and not options["hapus"]:
            raise CommandError(
                f"Kabupaten sintetis sudah ada ({ada} unit). Jalankan lagi dengan --hapus "
                "untuk menghapusnya lebih dulu."
            )
        if ada:
            counts = kabupaten.hapus()
            self.stdout.write(
                f"Kabupaten sintetis lama dihapus: {counts.get('surat', 0)} surat, "
                f"{counts.get('unit', 0)} unit, {counts.get('pengguna', 0)} pengguna."
            )
        try:
            hasil = kabupaten.bangun(
                surat=options["surat"],
                tahun_mulai=options["tahun_mulai"],
                opd_besar=options["opd_besar"],
                benih=options["benih"],
                tulis=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        c = hasil.counts
        self.stdout.write(
            self.style.SUCCESS(f"Kabupaten sintetis siap dalam {hasil.detik:.1f} detik.")
        )
        for label, key in (
            ("Instansi", "instansi"),
            ("Unit", "unit"),
            ("Pegawai", "pegawai"),
            ("Penugasan", "penugasan"),
            ("  di antaranya Plt./Plh.", "plt_plh"),
            ("Surat", "surat"),
            ("Versi", "versi"),
            ("Riwayat", "riwayat"),
            ("Penerima", "penerima"),
            ("Agenda", "agenda"),
            ("Pengiriman", "pengiriman"),
            ("Dokumen", "dokumen"),
            ("Notifikasi", "notifikasi"),
        ):
            self.stdout.write(f"  {label:<26} {c.get(key, 0):>9}")
        contoh = next(i for i in hasil.instansi if i.kecamatan and i.kepala is not None)
        self.stdout.write(
            f"Contoh login (kata sandi: {settings.DEMO_PASSWORD}): "
            f"{contoh.kepala.user.username}, {contoh.kasubbag.user.username}, "
            f"{contoh.pelaksana[0].user.username}."
        )
        if connection.vendor == "postgresql":
            self.stdout.write("Jalankan ANALYZE (atau tunggu autovacuum) sebelum mengukur.")
