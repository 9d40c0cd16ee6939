"""Shared fixtures: the demo office of Kecamatan Mojoanyar, its people and letters.

Tests use the named demo users (pelaksana, kasubbag, kasi, sekcam, camat, plt_camat,
admin) rather than factories, so every test reads like the office it describes.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from approvals import actions
from approvals.demo import load_demo
from letters import jenis_naskah
from letters.models import KodeKlasifikasi, Letter, Tujuan
from organisasi.models import HariLibur, Position, Unit

PASSWORD = "rahasia-tes"

pytest_plugins = ["tests.peramban"]


def pytest_configure(config):
    """``SOP_JAM_TES=2026-12-31T23:59:00+07:00``: the whole run starts at that moment and
    the clock ticks on from there (CI runs the suite across a year's end this way)."""
    moment = os.environ.get("SOP_JAM_TES")
    if moment:
        import time_machine

        config._sop_jam = time_machine.travel(datetime.datetime.fromisoformat(moment), tick=True)
        config._sop_jam.start()


def pytest_collection_modifyitems(config, items):
    """Tests that drive the real browser carry the ``peramban`` mark (CI's runs at odd
    clock moments leave them out: a page's layout does not depend on the date)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.peramban)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db):
    """The demo office; returns its users by username. Signers get their TTE key on demand
    (see ``ensure_key``): making RSA keys for every test would be slow."""
    return load_demo(PASSWORD, kunci=False)


_KEYS: dict = {}  # made once per test session: CA row values and each signer's key


def ensure_key(user) -> None:
    """Give ``user`` a demo TTE key with passphrase PASSWORD (cached across tests)."""
    from tte.demo_ca import demo_ca, demo_tsa, issue_demo_key
    from tte.models import KunciTte, SertifikatInduk, SertifikatTsa

    if KunciTte.objects.filter(user=user).exists():
        return
    if "ca" in _KEYS and not SertifikatInduk.objects.filter(demo=True).exists():
        ca = SertifikatInduk.objects.create(**_KEYS["ca"])
        SertifikatTsa.objects.create(ca=ca, **_KEYS["tsa"])
    _KEYS.setdefault("ca", {f: getattr(demo_ca(), f) for f in ("nama", "pem", "kunci_pem", "demo")})
    _KEYS.setdefault(
        "tsa", {f: getattr(demo_tsa(), f) for f in ("nama", "pem", "kunci_pem", "berlaku_sampai")}
    )
    if user.username in _KEYS:
        KunciTte.objects.create(user=user, **_KEYS[user.username])
        return
    key = issue_demo_key(user, PASSWORD)
    _KEYS[user.username] = {
        f: getattr(key, f) for f in ("p12", "subjek", "nomor_seri", "berlaku_sampai", "demo")
    }


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
    # A jenis with fields of its own comes complete (Ajukan needs them).
    data.setdefault("isian", jenis_naskah.isian_contoh(data["jenis"]))
    return data


def current_version(letter: Letter) -> int:
    """The version an official opening the letter now would see (and post back)."""
    return Letter.objects.values_list("versi", flat=True).get(pk=letter.pk)


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
        if action in ("paraf", "approve", "sign"):
            kwargs = {"versi": letter.versi}
        if action == "sign":
            username = "plt_camat" if letter.cara_ttd == "plt" else username
            kwargs["passphrase"] = PASSWORD
            ensure_key(office[username])
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


@pytest.fixture
def worker(monkeypatch):
    """Run the real db_worker over the task queue, in this test's transaction.

    The worker closes connections between tasks (right for a long-running process); that
    would end the test's own transaction, so here it leaves the connection open.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run


@pytest.fixture
def kalender_kantor(office):
    """The units' office time counted by their calendar: Monday to Friday 07.30–16.00, and
    Monday 9 March 2026 a holiday (the week the timing tests use)."""
    Unit.objects.update(
        hitung_jam_kerja=True,
        jam_masuk=datetime.time(7, 30),
        jam_pulang=datetime.time(16, 0),
        hari_kerja="1,2,3,4,5",
    )
    HariLibur.objects.get_or_create(tanggal=datetime.date(2026, 3, 9), defaults={"nama": "Libur"})
