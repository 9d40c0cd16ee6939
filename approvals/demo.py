"""The demo office: Kecamatan Mojoanyar with fictional officials for every SOP role.

Everything is keyed by natural keys, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from approvals.models import Assignment, KunciTte, Peran, Position, Unit, User
from approvals.tte.demo_ca import issue_demo_key
from letters import klasifikasi
from letters.models import KodeKlasifikasi, Tujuan

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

START = datetime.date(2025, 1, 2)

# username: (nama, gelar depan, gelar belakang, NIP, pangkat, golongan) — all fictional.
PEOPLE = {
    "camat": (
        "Bagus Wicaksono",
        "",
        "S.STP., M.Si.",
        "197805122000121001",
        "Pembina Tingkat I",
        "IV/b",
    ),
    "plt_camat": ("Rina Kartikasari", "", "S.Sos., M.M.", "198002142003122002", "Pembina", "IV/a"),
    "sekcam": ("Hendra Saputra", "", "S.H.", "197911032005011003", "Pembina", "IV/a"),
    "kasubbag": ("Dewi Lestari", "", "S.AP.", "198507212009012004", "Penata Tingkat I", "III/d"),
    "kasi": ("Agus Prasetyo", "", "S.IP.", "198310052008011005", "Penata Tingkat I", "III/d"),
    "pelaksana": (
        "Siti Rahmawati",
        "",
        "A.Md.",
        "199204182015032006",
        "Pengatur Tingkat I",
        "II/d",
    ),
}
DEMO_USERS = ["pelaksana", "kasubbag", "kasi", "sekcam", "camat", "plt_camat", "admin"]


def _unit(nama, jenis, induk=None, **extra) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        nama=nama, defaults={"jenis": jenis, "induk": induk, **extra}
    )
    return unit


def _position(unit, nama, peran, atasan=None, urutan=0, ttd="") -> Position:
    position, _ = Position.objects.update_or_create(
        unit=unit,
        nama=nama,
        defaults={"peran": peran, "atasan": atasan, "urutan": urutan, "nama_pada_ttd": ttd},
    )
    return position


def _person(username: str, password: str) -> User:
    nama, depan, belakang, nip, pangkat, golongan = PEOPLE[username]
    user, created = User.objects.update_or_create(
        username=username,
        defaults={
            "nama": nama,
            "gelar_depan": depan,
            "gelar_belakang": belakang,
            "nip": nip,
            "pangkat": pangkat,
            "golongan": golongan,
            "is_active": True,
            "email": f"{username}@mojoanyar.example",
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _assign(user, position, jenis=Assignment.Jenis.DEFINITIF):
    Assignment.objects.get_or_create(
        user=user, position=position, jenis=jenis, defaults={"mulai": START, "dasar": "Data demo"}
    )


# Officials who sign (directly, as Plt., or a.n.) get a demo TTE key.
SIGNERS = ["camat", "plt_camat", "sekcam"]


@transaction.atomic
def load_demo(password: str, *, kunci: bool = True) -> dict[str, User]:
    """The demo office; with ``kunci`` also demo TTE keys locked with ``password``."""
    klasifikasi.load(KodeKlasifikasi)
    kecamatan = _unit(
        "Kecamatan Mojoanyar",
        Unit.Jenis.KECAMATAN,
        kode_unit="416-XX",
        nama_pemerintah="PEMERINTAH KABUPATEN MOJOKERTO",
        tempat="Mojoanyar",
        alamat="Jalan Raya Mojoanyar (alamat demo)",
        telepon="(0321) 000000",
        email="kecamatan.mojoanyar@example.go.id",
        laman="mojoanyar.example.go.id",
        kode_pos="61364",
    )
    umpeg = _unit("Sub Bagian Umum dan Kepegawaian", Unit.Jenis.SUB_BAGIAN, kecamatan)
    pemerintahan = _unit("Seksi Pemerintahan", Unit.Jenis.SEKSI, kecamatan)

    camat = _position(kecamatan, "Camat Mojoanyar", Peran.CAMAT, urutan=1, ttd="CAMAT MOJOANYAR")
    sekcam = _position(
        kecamatan, "Sekretaris Kecamatan", Peran.SEKCAM, camat, 2, "Sekretaris Kecamatan"
    )
    kasubbag = _position(
        umpeg, "Kepala Sub Bagian Umum dan Kepegawaian", Peran.KASUBBAG_UMPEG, sekcam, 3
    )
    kasi = _position(pemerintahan, "Kepala Seksi Pemerintahan", Peran.PEJABAT_PENGAWAS, camat, 4)
    pelaksana = _position(
        umpeg, "Pelaksana Sub Bagian Umum dan Kepegawaian", Peran.PELAKSANA, kasubbag, 5
    )
    kasi_trantib = _position(
        kecamatan, "Kepala Seksi Ketenteraman dan Ketertiban Umum", Peran.PEJABAT_PENGAWAS, camat, 6
    )
    kecamatan.penandatangan_an.add(sekcam)

    users = {name: _person(name, password) for name in PEOPLE}
    _assign(users["camat"], camat)
    _assign(users["sekcam"], sekcam)
    _assign(users["kasubbag"], kasubbag)
    _assign(users["kasi"], kasi)
    _assign(users["pelaksana"], pelaksana)
    _assign(users["plt_camat"], kasi_trantib)
    _assign(users["plt_camat"], camat, Assignment.Jenis.PLT)

    admin, created = User.objects.update_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "nama": "Administrator Sistem"},
    )
    if created:
        admin.set_password(password)
        admin.save(update_fields=["password"])
    users["admin"] = admin

    for desa in DESA:
        Tujuan.objects.update_or_create(
            nama=f"Kepala Desa {desa}",
            defaults={"jenis": Tujuan.Jenis.DESA, "alamat": f"Desa {desa}, Kecamatan Mojoanyar"},
        )
    for nama, jenis in OTHER_RECIPIENTS:
        Tujuan.objects.update_or_create(nama=nama, defaults={"jenis": jenis})
    if kunci:
        for username in SIGNERS:
            if not KunciTte.objects.filter(user=users[username]).exists():
                issue_demo_key(users[username], password)
    return users
