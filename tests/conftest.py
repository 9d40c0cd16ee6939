"""Shared fixtures: the demo office of Kecamatan Mojoanyar, its people and letters.

Tests use the named demo users (pelaksana, kasubbag, kasi, sekcam, camat, plt_camat,
admin) rather than factories, so every test reads like the office it describes.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from approvals import actions
from approvals.demo import load_demo
from approvals.models import Position
from letters.models import KodeKlasifikasi, Letter, Tujuan

PASSWORD = "rahasia-tes"


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db):
    """The demo office; returns its users by username."""
    return load_demo(PASSWORD)


@pytest.fixture
def users(office):
    return office


def position(nama: str) -> Position:
    return Position.objects.get(nama=nama)


def letter_data(**overrides) -> dict:
    """Valid content for a letter, as actions.create_letter expects it."""
    data = {
        "jenis": Letter.Jenis.SURAT_DINAS,
        "klasifikasi": KodeKlasifikasi.objects.get(kode="100.2.4"),
        "sifat": Letter.Sifat.BIASA,
        "hal": "Undangan Rapat Koordinasi Pemerintahan Desa",
        "lampiran": "-",
        "isi": "<p>Dalam rangka koordinasi, kami mengundang Saudara.</p>",
        "tembusan": "Bupati Mojokerto\nArsip",
        "pejabat_pengawas": position("Kepala Seksi Pemerintahan"),
        "penandatangan": position("Camat Mojoanyar"),
        "cara_ttd": Letter.CaraTtd.LANGSUNG,
    }
    data.update(overrides)
    return data


def recipients(*names: str) -> list[tuple]:
    names = names or ("Kepala Desa Jabon", "Kepala Desa Wunut")
    return [(Tujuan.objects.get(nama=n), n) for n in names]


@pytest.fixture
def make_letter(office):
    """A draft by ``pelaksana`` (or ``by``), optionally moved to ``state`` the SOP way."""

    def make(state: str = "draft", by=None, **overrides) -> Letter:
        drafter = by or office["pelaksana"]
        letter = actions.create_letter(
            by=drafter, data=letter_data(**overrides), penerima=recipients()
        )
        return advance(letter, state, office)

    return make


# The forward path: state -> (action, username) that moves a letter on from it.
FORWARD = [
    ("numbering", "submit", "pelaksana"),
    ("review", "assign_number", "kasubbag"),
    ("approval", "paraf", "kasi"),
    ("signing", "approve", "sekcam"),
    ("signed", "sign", "camat"),
    ("sent", "dispatch", "pelaksana"),
]


def DISPATCH_DATA() -> dict:
    return {
        "tanggal_kirim": timezone.localdate(),
        "cara": "kurir",
        "nama_penerima": "Penerima",
        "tanggal_terima": None,
        "bukti": None,
        "catatan": "",
    }


def advance(letter: Letter, state: str, office) -> Letter:
    """Run the SOP actions until ``letter`` reaches ``state`` (revision/cancelled too)."""
    if state in ("revision", "cancelled"):
        letter = advance(letter, "review", office)
        if state == "revision":
            return actions.return_for_revision(letter, by=office["kasi"], catatan="Perbaiki.")
        return actions.cancel(letter, by=office["kasubbag"], catatan="Tidak jadi.")
    for target, action, username in FORWARD:
        if letter.status == state:
            break
        kwargs = DISPATCH_DATA() if action == "dispatch" else {}
        letter = getattr(actions, action)(letter, by=office[username], **kwargs)
        assert letter.status == target
    assert letter.status == state, f"cannot reach {state}"
    return Letter.objects.get(pk=letter.pk)


@pytest.fixture
def login(office):
    """A test client logged in as the named demo user."""

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(office[username])
        return client

    return client_for
