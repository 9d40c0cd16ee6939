"""The demo office's organisation: Kecamatan Mojoanyar with fictional officials for every
SOP role. Everything is keyed by natural keys, so loading twice changes nothing."""

from __future__ import annotations

import datetime
import io
import math

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from organisasi.models import Assignment, Peran, Position, Unit, User

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


def lambang_demo() -> bytes:
    """A neutral placeholder emblem for the demo kop (drawn here, not any real coat of
    arms): a plain shield with a star and the word DEMO, as a transparent PNG."""
    width, height = 200, 240
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    shield = [(8, 8), (192, 8), (192, 130), (100, 232), (8, 130)]
    pen.polygon(shield, fill=(214, 224, 235, 255), outline=(40, 60, 90, 255), width=6)
    cx, cy, outer, inner = 100, 78, 46, 19
    star = [
        (
            cx + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 5),
            cy - (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 5),
        )
        for i in range(10)
    ]
    pen.polygon(star, fill=(40, 60, 90, 255))
    font = ImageFont.load_default(size=34)
    pen.text((100, 160), "DEMO", font=font, fill=(40, 60, 90, 255), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def load_organisasi(password: str) -> dict[str, User]:
    """Units, positions, officials and their assignments; returns users by username."""
    kecamatan = _unit(
        "Kecamatan Mojoanyar",
        Unit.Jenis.KECAMATAN,
        nama_pemerintah="PEMERINTAH KABUPATEN MOJOKERTO",
        tempat="Mojoanyar",
        alamat="Jalan Raya Mojoanyar (alamat demo)",
        telepon="(0321) 000000",
        email="kecamatan.mojoanyar@example.go.id",
        laman="mojoanyar.example.go.id",
        kode_pos="61364",
    )
    if not kecamatan.logo:
        kecamatan.logo.save("lambang-demo.png", ContentFile(lambang_demo()))
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

    return users
