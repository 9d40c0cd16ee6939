"""The demo office's letter data: the archive codes, its recipients, its number setting."""

from __future__ import annotations

from letters import klasifikasi
from letters.models import KodeKlasifikasi, Tujuan, pengaturan_surat

DESA = [
    "Sadartengah",
    "Lengkong",
    "Kepuhanyar",
    "Sumberjati",
    "Gebangmalang",
    "Jabon",
    "Ngarjo",
    "Wunut",
    "Kwedenkembar",
    "Jumeneng",
    "Kwatu",
    "Gayaman",
]

OTHER_RECIPIENTS = [
    ("Bupati Mojokerto", Tujuan.Jenis.PERANGKAT_DAERAH),
    (
        "Kepala Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Mojokerto",
        Tujuan.Jenis.PERANGKAT_DAERAH,
    ),
    (
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Mojokerto",
        Tujuan.Jenis.PERANGKAT_DAERAH,
    ),
    ("Kepala Kepolisian Sektor Mojoanyar", Tujuan.Jenis.INSTANSI),
    ("Komandan Komando Rayon Militer Mojoanyar", Tujuan.Jenis.INSTANSI),
    ("Ketua Tim Penggerak PKK Kecamatan Mojoanyar", Tujuan.Jenis.LEMBAGA),
]


def load_surat(kecamatan) -> None:
    klasifikasi.load(KodeKlasifikasi)
    pengaturan = pengaturan_surat(kecamatan)
    if not pengaturan.kode_unit:
        pengaturan.kode_unit = "416-XX"
        pengaturan.save(update_fields=["kode_unit"])
    for desa in DESA:
        Tujuan.objects.update_or_create(
            nama=f"Kepala Desa {desa}",
            defaults={"jenis": Tujuan.Jenis.DESA, "alamat": f"Desa {desa}, Kecamatan Mojoanyar"},
        )
    for nama, jenis in OTHER_RECIPIENTS:
        Tujuan.objects.update_or_create(nama=nama, defaults={"jenis": jenis})
