"""Installation: the wheel carries what a user needs, and the lock files match pyproject.toml.

`pip install .` must install the application itself (code, migrations, templates, static
files, data), not only its dependencies; `make` installs the dependencies from the lock files,
so every dependency named in pyproject.toml must be pinned there.
"""

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

PROYEK = Path(__file__).resolve().parent.parent
APLIKASI = ("organisasi", "letters", "tte", "approvals", "sop_surat")
APLIKASI_BERMODEL = ("organisasi", "letters", "tte", "approvals")
# Not sources: left out of the copy the wheel is built from.
BUKAN_SUMBER_DI_AKAR = {".git", ".venv", "build", "dist", "media", "staticfiles"}
BUKAN_SUMBER = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def _abaikan(direktori, nama):
    abaikan = set(BUKAN_SUMBER(direktori, nama))
    if Path(direktori) == PROYEK:
        abaikan |= BUKAN_SUMBER_DI_AKAR & set(nama)
    return abaikan


@pytest.fixture(scope="module")
def isi_wheel(tmp_path_factory):
    """Names of the files in the wheel built from the working tree."""
    # Built from a copy: an in-tree build leaves build/lib behind, and setuptools never
    # removes stale files from it, so a file deleted from the project would still be shipped.
    tmp = tmp_path_factory.mktemp("wheel")
    sumber = tmp / "sumber"
    shutil.copytree(PROYEK, sumber, ignore=_abaikan)
    hasil = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(tmp / "dist"),
            str(sumber),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    (wheel,) = (tmp / "dist").glob("sop_surat-*.whl")
    with zipfile.ZipFile(wheel) as arsip:
        return set(arsip.namelist())


def test_wheel_memuat_kode_aplikasi(isi_wheel):
    wajib = [f"{app}/__init__.py" for app in APLIKASI]
    wajib += [f"{app}/models.py" for app in APLIKASI_BERMODEL]
    wajib += [
        "sop_surat/settings.py",
        "sop_surat/urls.py",
        "sop_surat/wsgi.py",
        "sop_surat/templates/base.html",
        "sop_surat/static/css/app.css",
        "letters/data/kode_klasifikasi_arsip.csv",
    ]
    hilang = [nama for nama in wajib if nama not in isi_wheel]
    assert not hilang, f"tidak ada di wheel: {hilang}"


@pytest.mark.parametrize("app", APLIKASI_BERMODEL)
def test_wheel_memuat_migrasi(isi_wheel, app):
    migrasi = [n for n in isi_wheel if re.fullmatch(rf"{app}/migrations/\d{{4}}_\w+\.py", n)]
    assert migrasi, f"migrasi {app} tidak ada di wheel"
    assert f"{app}/migrations/__init__.py" in isi_wheel


def test_wheel_memuat_perintah_manage(isi_wheel):
    perintah = [
        n for n in isi_wheel if "/management/commands/" in n and not n.endswith("/__init__.py")
    ]
    assert perintah, "perintah manage.py tidak ada di wheel"


def _berkas_yang_harus_dikirim():
    """Every module and package-data file of the apps in the working tree."""
    for app in APLIKASI:
        akar = PROYEK / app
        for berkas in akar.rglob("*"):
            if (
                not berkas.is_file()
                or "__pycache__" in berkas.parts
                or any(bagian.startswith(".") for bagian in berkas.relative_to(akar).parts)
            ):
                continue
            relatif = berkas.relative_to(PROYEK)
            bagian = berkas.relative_to(akar).parts
            if (
                berkas.suffix == ".py"
                or "templates" in bagian[:-1]
                or "static" in bagian[:-1]
                or (len(bagian) >= 2 and bagian[-2] == "data")
            ):
                yield relatif.as_posix()


def test_wheel_memuat_semua_berkas_aplikasi(isi_wheel):
    # Catches a subpackage without __init__.py or a data directory outside the patterns.
    hilang = sorted(set(_berkas_yang_harus_dikirim()) - isi_wheel)
    assert not hilang, f"tidak ada di wheel: {hilang}"


def test_wheel_tanpa_tes_dan_alat_pengembang(isi_wheel):
    terlarang = [
        n
        for n in isi_wheel
        if n.split("/")[0] in {"tests", "bench", "docs", "requirements", "manage.py"}
        or "__pycache__" in n
        or n.endswith(".pyc")
    ]
    assert not terlarang, f"tidak boleh ada di wheel: {terlarang}"


def _nama_paket(spesifikasi: str) -> str:
    """PEP 503 normalised name of a requirement such as "psycopg[binary]>=3.2,<4"."""
    nama = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spesifikasi).group(1)
    return re.sub(r"[-_.]+", "-", nama).lower()


def _terkunci(berkas: Path) -> dict[str, str]:
    """Normalised name -> pinned version of each requirement in a lock file."""
    pin = {}
    for baris in berkas.read_text(encoding="utf-8").splitlines():
        cocok = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", baris)
        if cocok:
            pin[_nama_paket(cocok.group(1))] = cocok.group(2)
    return pin


@pytest.fixture(scope="module")
def pyproject():
    with (PROYEK / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize(
    ("berkas", "dengan_tes"), [("requirements/base.txt", False), ("requirements/test.txt", True)]
)
def test_berkas_kunci_memuat_semua_kebutuhan(pyproject, berkas, dengan_tes):
    kebutuhan = list(pyproject["project"]["dependencies"])
    kebutuhan += pyproject["dependency-groups"]["build"]
    if dengan_tes:
        kebutuhan += pyproject["project"]["optional-dependencies"]["test"]
    pin = _terkunci(PROYEK / berkas)
    hilang = sorted({_nama_paket(k) for k in kebutuhan} - pin.keys())
    assert not hilang, f"{berkas} tidak memuat {hilang}: jalankan `make lock`"


def test_versi_jalan_sama_dengan_versi_tes():
    # What `make run` installs must be exactly what `make test` tested.
    dasar = _terkunci(PROYEK / "requirements/base.txt")
    tes = _terkunci(PROYEK / "requirements/test.txt")
    berbeda = {
        nama: (versi, tes.get(nama)) for nama, versi in dasar.items() if tes.get(nama) != versi
    }
    assert not berbeda, f"versi base.txt dan test.txt berbeda: {berbeda}; jalankan `make lock`"
