"""Two app nodes, one PostgreSQL, one bucket: neither node keeps anything of its own.

Two gunicorn processes (DEBUG off) on two ports serve the demo office from the same
PostgreSQL database and store files in the same S3-compatible bucket (moto's server,
started here), as two app nodes behind the kabupaten's nginx would (docs/DEPLOY.md). A
session made on one node works on the other and ends on both; a file uploaded through one
is served by the other and lies in the bucket, not on a node's disk; the letter head's
emblem is read from the bucket; numbers given through both nodes at once have no gap and
no duplicate.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import requests
from django.db import connection
from pypdf import PdfWriter

from approvals import actions
from letters.models import AgendaEntry, Attachment, Letter, Status
from organisasi.models import Unit, User
from tests.conftest import advance, letter_data, recipients
from tests.serentak import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="dua node aplikasi berbagi satu server PostgreSQL; jalankan dengan "
        "DATABASE_URL=postgres://… (SQLite adalah satu berkas di satu mesin)",
    ),
]

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "sop-surat-dua-node"
KUNCI_S3 = {"aws_access_key_id": "uji-dua-node", "aws_secret_access_key": "uji-dua-node-rahasia"}
KATA_SANDI = "mojoanyar"  # DEMO_PASSWORD's default, as muat_demo sets it
PUBLIK = "http://acs.amazonaws.com/groups/global/AllUsers"


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass
class Kabupaten:
    """The two nodes' addresses, the bucket and the nodes' own (unused) MEDIA_ROOT."""

    a: str
    b: str
    s3: object
    media: Path
    log: list[Path] = field(default_factory=list)

    def catatan(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in self.log)


def _lingkungan(tmp_path: Path, endpoint: str, **extra) -> dict[str, str]:
    """Exactly what a node is given: nothing from the test run or the machine's home (boto3
    would read ~/.aws) comes in."""
    database = urlsplit(os.environ["DATABASE_URL"])._replace(
        path="/" + connection.settings_dict["NAME"]
    )
    aws = tmp_path / "aws"
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "tests.dua_node_settings",
        "DATABASE_URL": database.geturl(),
        "DJANGO_SECRET_KEY": "dua-node-uji-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SITE_URL": "http://127.0.0.1",
        "MEDIA_ROOT": str(tmp_path / "media-node"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "WARNING",
        "OBJECT_STORAGE_BUCKET": BUCKET,
        "OBJECT_STORAGE_ENDPOINT": endpoint,
        "OBJECT_STORAGE_REGION": "us-east-1",
        "OBJECT_STORAGE_ACCESS_KEY": KUNCI_S3["aws_access_key_id"],
        "OBJECT_STORAGE_SECRET_KEY": KUNCI_S3["aws_secret_access_key"],
        "AWS_CONFIG_FILE": str(aws / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(aws / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        **extra,
    }


def _tunggu(url: str, proses: subprocess.Popen, batas: float) -> bool:
    while time.monotonic() < batas and proses.poll() is None:
        try:
            if requests.get(f"{url}/masuk/", timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.2)
    return False


@pytest.fixture
def kabupaten(transactional_db, tmp_path, monkeypatch):
    """moto's S3 server with a private bucket, the demo office, and two gunicorn nodes."""
    from moto.server import ThreadedMotoServer

    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws" / "credentials"))
    for proxy in ("NO_PROXY", "no_proxy"):  # loopback, even where CI sets an HTTP proxy
        monkeypatch.setenv(proxy, "127.0.0.1")
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    nodes: list[subprocess.Popen] = []
    try:
        host, port = moto.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **KUNCI_S3)
        s3.create_bucket(Bucket=BUCKET)
        env = _lingkungan(tmp_path, endpoint)
        kab = Kabupaten(
            a=f"http://127.0.0.1:{_port_bebas()}",
            b=f"http://127.0.0.1:{_port_bebas()}",
            s3=s3,
            media=tmp_path / "media-node",
        )
        for nama, url in (("a", kab.a), ("b", kab.b)):
            kab.log.append(tmp_path / f"node-{nama}.log")
            with kab.log[-1].open("w") as log:
                nodes.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            *("-m", "gunicorn", "sop_surat.wsgi", "--workers", "1"),
                            *("--bind", url.removeprefix("http://"), "--timeout", "60"),
                        ],
                        env=env,
                        cwd=ROOT,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        # While the nodes start: the demo office, loaded the way an operator does it.
        demo = subprocess.run(
            [sys.executable, "manage.py", "muat_demo"],
            env={**env, "DEBUG": "1"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert demo.returncode == 0, demo.stderr[-3000:]
        batas = time.monotonic() + 60
        for url, proses in zip((kab.a, kab.b), nodes, strict=True):
            assert _tunggu(url, proses, batas), f"node {url} tidak mau jalan\n{kab.catatan()}"
        yield kab
    finally:
        for proses in nodes:
            proses.terminate()
        for proses in nodes:
            try:
                proses.wait(15)
            except subprocess.TimeoutExpired:
                proses.kill()
                proses.wait()
        moto.stop()


def _masuk(node: str, username: str) -> requests.Session:
    """A browser of its own, logged in through node's login form."""
    browser = requests.Session()
    browser.get(f"{node}/masuk/", timeout=30)
    jawab = browser.post(
        f"{node}/masuk/",
        data={
            "username": username,
            "password": KATA_SANDI,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert jawab.status_code == 302, f"{username} tidak bisa masuk lewat {node}"
    return browser


def _kirim(browser: requests.Session, url: str, **kwargs) -> requests.Response:
    data = {"csrfmiddlewaretoken": browser.cookies["csrftoken"], **kwargs.pop("data", {})}
    return browser.post(url, data=data, allow_redirects=False, timeout=60, **kwargs)


def _gambar(pdf: bytes) -> int:
    dokumen = pypdfium2.PdfDocument(pdf)
    try:
        objek = dokumen[0].get_objects()
        return sum(o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for o in objek)
    finally:
        dokumen.close()


def _isi_bucket(s3) -> dict[str, bytes]:
    daftar = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in daftar}


def test_two_app_nodes_share_sessions_files_and_gap_free_numbers(kabupaten):
    kab = kabupaten
    orang = {u.username: u for u in User.objects.all()}

    # A session made on node A is a session on node B; ended on B, it is over on A too.
    pelaksana = _masuk(kab.a, "pelaksana")
    kotak_masuk = pelaksana.get(f"{kab.b}/", allow_redirects=False, timeout=30)
    assert kotak_masuk.status_code == 200, kab.catatan()
    assert "Kotak Masuk" in kotak_masuk.text
    tamu = requests.get(f"{kab.b}/", allow_redirects=False, timeout=30)
    assert tamu.status_code == 302 and tamu.headers["Location"].startswith("/masuk/")

    sebentar = _masuk(kab.a, "kasi")
    sesi_lama = sebentar.cookies["sessionid"]
    assert _kirim(sebentar, f"{kab.b}/keluar/").status_code == 302
    sesudah = requests.get(
        f"{kab.a}/", cookies={"sessionid": sesi_lama}, allow_redirects=False, timeout=30
    )
    assert sesudah.status_code == 302 and sesudah.headers["Location"].startswith("/masuk/")

    # An attachment uploaded through A is served by B, byte for byte, from the bucket.
    surat = actions.create_letter(by=orang["pelaksana"], data=letter_data(), penerima=recipients())
    isi = _pdf()
    unggah = _kirim(
        pelaksana,
        f"{kab.a}/surat/{surat.public_id}/lampiran/",
        files={"berkas": ("daftar-hadir.pdf", isi, "application/pdf")},
    )
    assert unggah.status_code == 302, kab.catatan()
    lampiran = Attachment.objects.get(letter=surat)
    unduh = pelaksana.get(
        f"{kab.b}/surat/{surat.public_id}/lampiran/{lampiran.public_id}/", timeout=30
    )
    assert unduh.status_code == 200, kab.catatan()
    assert unduh.headers["Content-Type"] == "application/pdf"
    assert unduh.content == isi

    bucket = _isi_bucket(kab.s3)
    assert bucket[lampiran.berkas.name] == isi
    assert not [p for p in kab.media.rglob("*") if p.is_file()]  # no node kept a copy
    for key in bucket:  # private: nothing is readable without the app's keys
        grants = kab.s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert all(g["Grantee"].get("URI") != PUBLIK for g in grants), key

    # The letter head's emblem (uploaded by muat_demo) is read from the bucket.
    logo = Unit.objects.get(induk=None).logo.name
    assert logo.startswith("logo/lambang-demo") and logo in bucket
    konsep = pelaksana.get(f"{kab.b}/surat/{surat.public_id}/pdf/", timeout=60)
    assert konsep.status_code == 200, kab.catatan()
    assert _gambar(konsep.content) == 1

    # "Beri Nomor" for six letters, pressed through both nodes at once.
    assert not AgendaEntry.objects.exists()
    menunggu = [
        advance(
            actions.create_letter(
                by=orang["pelaksana"], data=letter_data(hal=f"Surat ke-{i}"), penerima=recipients()
            ),
            "numbering",
            orang,
        )
        for i in range(6)
    ]
    kasubbag = _masuk(kab.b, "kasubbag")
    cookies = kasubbag.cookies.get_dict()
    token = cookies["csrftoken"]

    def beri_nomor(i: int) -> int:
        node = kab.a if i % 2 == 0 else kab.b
        return requests.post(
            f"{node}/surat/{menunggu[i].public_id}/aksi/assign_number/",
            data={"csrfmiddlewaretoken": token},
            cookies=cookies,
            allow_redirects=False,
            timeout=60,
        ).status_code

    assert run_together(6, beri_nomor) == [302] * 6, kab.catatan()
    nomor = AgendaEntry.objects.filter(letter__in=menunggu).values_list("nomor_urut", "nomor")
    assert sorted(urut for urut, _ in nomor) == [1, 2, 3, 4, 5, 6]
    assert len({n for _, n in nomor}) == 6
    status = Letter.objects.filter(pk__in=[s.pk for s in menunggu]).values_list("status")
    assert set(status) == {(Status.REVIEW,)}
