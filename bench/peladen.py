"""What the HTTP benchmarks share: a PostgreSQL database per size, gunicorn, logged-in clients.

``siapkan(surat, opd_besar)`` gives a migrated database ``sop_bench_<surat>_<opd_besar>``
holding the synthetic kabupaten (``manage.py bangun_kabupaten``), built once and reused by
later runs (``bangun_ulang=True`` builds it again). ``Peladen`` runs gunicorn on it the way
an office would (DEBUG off, static files from whitenoise) with the settings in
``bench/lantai.py``: the app's own URLs plus the floors the figures are compared with.
``masuk`` logs a user in through the login form and returns the client's cookies.

The benchmarks need PostgreSQL: ``BENCH_POSTGRES`` (default
``postgres://postgres@127.0.0.1:5432/postgres``) names the server and a database to
connect to while creating the others.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
KERJA = ROOT / ".bench"
PYTHON = sys.executable
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
KATA_SANDI = "mojoanyar"  # DEMO_PASSWORD: the synthetic officials' password
SECRET_KEY = "bench-" + "x" * 50


def url_basis_data(nama: str) -> str:
    bagian = urlsplit(SERVER)
    return urlunsplit(bagian._replace(path=f"/{nama}"))


def _env(database_url: str, **extra) -> dict[str, str]:
    nama = urlsplit(database_url).path.lstrip("/")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SQLITE_", "DEBUG"))}
    env.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(KERJA / nama / "media"),
        STATIC_ROOT=str(KERJA / "static"),
        DJANGO_SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        SITE_URL="http://127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
    )
    env.update(extra)
    return env


def manage(database_url: str, *args: str, debug: bool = False, **env) -> str:
    """Run ``manage.py`` against ``database_url``; returns its standard output."""
    extra = {"DEBUG": "1"} if debug else {}
    hasil = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=_env(database_url, **extra, **env),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if hasil.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} gagal:\n{hasil.stderr[-4000:]}")
    return hasil.stdout


def django_json(database_url: str, kode: str):
    """Evaluate Python in a Django shell on that database; ``kode`` sets ``hasil``."""
    keluaran = manage(
        database_url,
        "shell",
        "-c",
        kode + "\nimport json as _j; print('\\n@@' + _j.dumps(hasil, default=str))",
    )
    return json.loads(keluaran.rsplit("\n@@", 1)[1])


def siapkan(surat: int, opd_besar: int = 0, *, bangun_ulang: bool = False, tulis=print) -> str:
    """The URL of a database holding the synthetic kabupaten of that size (built once)."""
    nama = f"sop_bench_{surat}_{opd_besar}"
    url = url_basis_data(nama)
    with psycopg.connect(SERVER, autocommit=True) as conn:
        ada = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nama]).fetchone()
    if ada and not bangun_ulang:
        with psycopg.connect(url) as conn:
            siap = conn.execute("SELECT 1 FROM pg_tables WHERE tablename = 'bench_siap'").fetchone()
        if siap:
            keluaran = manage(url, "migrate", "--noinput", debug=True)  # new since the build
            if "No migrations to apply" not in keluaran:
                # A migration that filled a column rewrote the rows: index-only reads need
                # the visibility map back, and the planner the new statistics.
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute("VACUUM ANALYZE")
            return url
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{nama}"')
    mulai = time.monotonic()
    tulis(f"Membangun {nama}: {surat} surat, OPD besar {opd_besar} surat …")
    manage(url, "migrate", "--noinput", debug=True)
    manage(
        url,
        "bangun_kabupaten",
        "--surat",
        str(surat),
        "--opd-besar",
        str(opd_besar),
        debug=True,
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CREATE TABLE bench_siap (dibangun timestamptz DEFAULT now())")
    tulis(f"  selesai dalam {time.monotonic() - mulai:.0f} s")
    return url


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Peladen:
    """gunicorn serving the app (plus the floors of ``lantai.py``) on a free loopback port."""

    def __init__(self, database_url: str, *, workers: int = 2, threads: int = 1, **env):
        self.database_url = database_url
        self.workers = workers
        self.threads = threads
        self.env = env
        self.port = _port_bebas()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proses: subprocess.Popen | None = None

    def __enter__(self) -> Peladen:
        env = _env(self.database_url, DJANGO_SETTINGS_MODULE="lantai", **self.env)
        if not (KERJA / "static" / "staticfiles.json").exists():
            subprocess.run(
                [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
                env=env,
                cwd=ROOT,
                check=True,
            )
        self.log = open(KERJA / f"gunicorn-{self.port}.log", "w")
        self.proses = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "sop_surat.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "120",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        batas = time.monotonic() + 60
        while time.monotonic() < batas:
            try:
                if httpx.get(f"{self.url}/_lantai/", timeout=5).status_code < 500:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
            if self.proses.poll() is not None:
                break
        self.__exit__()
        raise RuntimeError(f"gunicorn tidak mau jalan; lihat {self.log.name}")

    def __exit__(self, *exc):
        if self.proses and self.proses.poll() is None:
            self.proses.terminate()
            self.proses.wait(30)
        self.log.close()


def masuk(base_url: str, username: str) -> httpx.Cookies:
    """Log ``username`` in through /masuk/; the cookies of that session."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        client.get("/masuk/")
        jawab = client.post(
            "/masuk/",
            data={
                "username": username,
                "password": KATA_SANDI,
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            },
            headers={"Referer": f"{base_url}/masuk/"},
        )
        if jawab.status_code != 302:
            raise RuntimeError(f"{username} tidak bisa masuk ({jawab.status_code})")
        return client.cookies


def mesin() -> str:
    """One line on the machine, for the results."""
    with psycopg.connect(SERVER) as conn:
        versi_pg = conn.execute("SHOW server_version").fetchone()[0]
    return (
        f"Python {platform.python_version()}, PostgreSQL {versi_pg}, "
        f"{os.cpu_count()} inti, {platform.machine()}, Linux {platform.release()}"
    )
