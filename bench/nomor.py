"""Benchmark of giving numbers under load (run: make bench).

16 HTTP clients, each logged in as one kecamatan's Kasubbag, press "Beri Nomor" at once on
letters of that unit waiting for a number (same year and series: every request queues on
one counter row), through gunicorn on PostgreSQL. Beside it, the floor: the same clients
POSTing ``/_lantai/nomor/``, one ``UPDATE … RETURNING`` on a counter table, through the
same gunicorn and middleware. The action is measured as POST only (the action page was
fetched beforehand, as when the Kasubbag already has it open) and as GET of the action
page followed by its POST, as a browser does; and, to tell the cost of the one shared
counter apart, POST only by 16 Kasubbag of 16 kecamatan (16 counters), in halves
alternating with the one-series run. Both server shapes are run: 2 workers with one
thread each, and 2 workers with 4 threads. Also the core of Beri Nomor alone
(``/_lantai/nomor/<letter>/``: lock, right, transition, history line, counter, Agenda
line; no action page check, form, step duration or notifications): how near the floor a
number kept in the record could come at best. The machine is shared, so besides numbers per
second each measurement records the CPU it cost (gunicorn workers, PostgreSQL backends,
clients), and the floor is measured three times per shape (its median counts).

Afterwards the database must show every letter numbered, the numbers of each unit
consecutive from its counter's start with no gap and no duplicate, each counter at its
highest number, and the floor's counter at the number of floor requests; otherwise the run
fails (exit 1). One Beri Nomor is then profiled in-process (queries, how long the counter
row stays locked). Everything runs on ``sop_bench_nomor``, a copy of the synthetic
kabupaten of 1,000 letters, dropped at the end. Results replace the "Penomoran serentak"
section of docs/BENCHMARKS.md.

``BENCH_NOMOR`` (default 400): requests per measurement; ``BENCH_NOMOR_UNIT`` (default
``bangsal``): the kecamatan whose Kasubbag gives the contended numbers.
"""

from __future__ import annotations

import datetime
import os
import queue
import re
import ssl
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import psycopg
from peladen import ROOT, SERVER, Peladen, django_json, masuk, mesin, siapkan, url_basis_data

NAMA = "sop_bench_nomor"
KLIEN = 16
JUMLAH = int(os.environ.get("BENCH_NOMOR", "400")) // KLIEN * KLIEN
SLUG = os.environ.get("BENCH_NOMOR_UNIT", "bangsal")
BENTUK = [(2, 1), (2, 4)]  # gunicorn (workers, threads)
PROFIL = 20  # letters given a number in-process, one at a time, for the profile
TARGET = 0.5
JUDUL = "Penomoran serentak"
TLS = ssl.create_default_context()  # made once: each httpx client would load the CAs again

LANTAI, POST, GET_POST, SEBAR, INTI = "lantai", "post", "get_post", "sebar", "inti"
NAMA_UKURAN = {
    LANTAI: "Lantai: `UPDATE … RETURNING`",
    POST: "Beri Nomor, satu seri: hanya POST",
    GET_POST: "Beri Nomor, satu seri: GET halaman aksi + POST",
    SEBAR: f"Beri Nomor, {KLIEN} kecamatan ({KLIEN} seri): hanya POST",
    INTI: "Inti Beri Nomor saja (`/_lantai/nomor/<surat>/`), satu seri",
}

# Drafts by each unit's pelaksana, each with their own superior as Pejabat Pengawas and
# the Sekretaris signing a.n. the Camat, submitted (Ajukan): they wait for a number.
KODE_SIAPKAN = """
from django.utils import timezone
from approvals import actions, rules
from letters import jenis_naskah, numbering
from letters.models import KodeKlasifikasi, Letter, NumberCounter, Penerima
from organisasi.models import Position, Unit, User


def siapkan(slug, jumlah):
    kasubbag = User.objects.get(username=slug + ".kasubbag")
    unit = Unit.objects.get(pk=rules.holdings(kasubbag)[0].instansi_id)
    pembuat = list(
        User.objects.filter(username__startswith=slug + ".pelaksana").order_by("username")
    )
    penerima = [
        (p.tujuan, p.nama)
        for p in Penerima.objects.filter(letter__unit=unit, tujuan__isnull=False)[:2]
    ]
    dasar = {
        "jenis": Letter.Jenis.SURAT_DINAS,
        "klasifikasi": KodeKlasifikasi.objects.get(kode="100.2.4"),
        "sifat": Letter.Sifat.BIASA,
        "lampiran": "-",
        "isi": "<p>Dalam rangka koordinasi pemerintahan desa, kami mengundang Saudara.</p>",
        "tembusan": "Bupati Mojokerto\\nArsip",
        "penandatangan": unit.penandatangan_an.get(),
        "cara_ttd": Letter.CaraTtd.AN,
        "isian": jenis_naskah.isian_contoh(Letter.Jenis.SURAT_DINAS),
    }
    pengawas = {u.pk: Position.objects.get(pk=rules.holdings(u)[0].atasan_id) for u in pembuat}
    surat = []
    for i in range(jumlah):
        u = pembuat[i % len(pembuat)]
        data = dict(dasar, pejabat_pengawas=pengawas[u.pk], hal=f"Undangan Rapat {i + 1}")
        letter = actions.create_letter(by=u, data=data, penerima=penerima)
        letter = actions.submit(letter, by=u)
        assert letter.status == "numbering", letter.status
        assert rules.may(kasubbag, "assign_number", letter)
        surat.append(str(letter.public_id))
    tahun, seri = timezone.localtime().year, numbering.series_key(letter)
    awal = NumberCounter.objects.filter(unit=unit, tahun=tahun, seri=seri).first()
    return {
        "surat": surat,
        "unit_id": unit.pk,
        "unit": unit.nama,
        "kasubbag": kasubbag.username,
        "tahun": tahun,
        "seri": seri,
        "awal": awal.terakhir if awal else 0,
    }


lain = (
    Unit.objects.filter(jenis=Unit.Jenis.KECAMATAN, email__endswith="@kabupaten-sintetis.example")
    .exclude(email=P["utama"] + "@kabupaten-sintetis.example")
    .order_by("nama")
)
lain = [u.email.split("@")[0] for u in lain[: P["klien"]]]
assert len(lain) == P["klien"], lain
hasil = {
    "utama": siapkan(P["utama"], P["jumlah"]),
    "sebar": [siapkan(slug, P["per_unit"]) for slug in lain],
}
"""

# One Beri Nomor at a time through the whole stack (django.test.Client: middleware, view,
# form, action), with every query captured and the time from the counter's UPDATE (which
# takes the row lock) to the commit (which releases it); and the floor's view the same way.
KODE_PROFIL = """
import time
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from organisasi.models import User

client = Client(SERVER_NAME="127.0.0.1")
client.force_login(User.objects.get(username=P["kasubbag"]))
baris = []
for public_id in P["surat"]:
    url = f"/surat/{public_id}/aksi/assign_number/"
    mulai = time.perf_counter()
    client.get(url)
    get_ms = (time.perf_counter() - mulai) * 1000
    catat = {}

    def pembungkus(execute, sql, params, many, context):
        if "t0" not in catat and sql.startswith("UPDATE") and "numbercounter" in sql:
            catat["t0"], catat["i0"] = time.perf_counter(), len(kueri.captured_queries)
            transaction.on_commit(
                lambda: catat.update(t1=time.perf_counter(), i1=len(kueri.captured_queries))
            )
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as kueri, connection.execute_wrapper(pembungkus):
        mulai = time.perf_counter()
        jawab = client.post(url, {"nomor_dilihat": "", "catatan": "", "aksi": "assign_number"})
        selesai = time.perf_counter()
    assert jawab.status_code == 302, jawab.status_code
    dalam_kunci = kueri.captured_queries[catat["i0"] : catat["i1"]]
    baris.append(
        {
            "get_ms": get_ms,
            "post_ms": (selesai - mulai) * 1000,
            "kueri": len(kueri.captured_queries),
            "kueri_ms": sum(float(q["time"]) for q in kueri.captured_queries) * 1000,
            "kunci_ms": (catat["t1"] - catat["t0"]) * 1000,
            "kueri_kunci": len(dalam_kunci),
            "kueri_kunci_ms": sum(float(q["time"]) for q in dalam_kunci) * 1000,
            "sql_kunci": [q["sql"][:100] for q in dalam_kunci],
            "rinci": [(q["sql"][:90], float(q["time"]) * 1000) for q in kueri.captured_queries],
        }
    )
# The letter as every page loads it (approvals.access): PostgreSQL's planning vs execution.
from approvals.access import LETTER_RELATED
from letters.models import Letter

rencana = []
for public_id in P["surat"]:
    teks = Letter.objects.select_related(*LETTER_RELATED).filter(public_id=public_id)
    teks = teks.explain(analyze=True, summary=True).splitlines()
    rencana.append([float(b.split(":")[1].split()[0]) for b in teks if b.endswith(" ms")])
lantai = []
with override_settings(ROOT_URLCONF="lantai_urls"):
    for _ in range(len(P["surat"]) + 5):
        mulai = time.perf_counter()
        assert client.post("/_lantai/nomor/").status_code == 200
        lantai.append((time.perf_counter() - mulai) * 1000)
hasil = {"aksi": baris, "lantai_ms": lantai[5:], "rencana": rencana}
"""


@dataclass
class Ukuran:
    jenis: str
    bentuk: tuple[int, int]
    jumlah: int
    detik: float
    latensi: list[float]
    galat: list[str]
    duplikat: int = 0
    celah: int = 0
    cpu: tuple[float, float, float] = (0.0, 0.0, 0.0)  # seconds: gunicorn, PostgreSQL, clients

    @property
    def nama(self) -> str:
        return NAMA_UKURAN[self.jenis]

    @property
    def per_detik(self) -> float:
        return self.jumlah / self.detik

    def cpu_ms(self) -> list[float]:
        """CPU per number (ms): gunicorn, PostgreSQL, clients."""
        return [c / self.jumlah * 1000 for c in self.cpu]

    def persentil(self, p: int) -> float:
        return statistics.quantiles(self.latensi, n=100, method="inclusive")[p - 1] * 1000


class Formulir(HTMLParser):
    """The fields a browser sends from the form posting to ``action``, and its button."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.di_dalam = False
        self.isian: list[tuple[str, str]] = []
        self._teks: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.di_dalam = a.get("action") == self.action
        elif not self.di_dalam or not a.get("name"):
            return
        elif tag == "input":
            jenis = a.get("type", "text")
            if jenis in ("checkbox", "radio") and "checked" not in a:
                return
            if jenis not in ("file", "submit", "button", "image", "reset"):
                self.isian.append((a["name"], a.get("value") or "on" * (jenis == "checkbox")))
        elif tag == "textarea":
            self._teks = [a["name"], ""]
        elif tag == "button" and not any(n == a["name"] for n, _ in self.isian):
            self.isian.append((a["name"], a.get("value") or ""))  # the button pressed

    def handle_data(self, data):
        if self._teks is not None:
            self._teks[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.di_dalam = False
        elif tag == "textarea" and self._teks is not None:
            self.isian.append((self._teks[0], self._teks[1].removeprefix("\n")))
            self._teks = None


def url_aksi(public_id: str) -> str:
    return f"/surat/{public_id}/aksi/assign_number/"


def ambil_formulir(client: httpx.Client, public_id: str) -> tuple[str, list]:
    """The action page, as its fields would be sent back."""
    jawab = client.get(url_aksi(public_id))
    if jawab.status_code != 200:
        raise RuntimeError(f"GET {url_aksi(public_id)}: {jawab.status_code}")
    formulir = Formulir(url_aksi(public_id))
    formulir.feed(jawab.text)
    if not any(n == "csrfmiddlewaretoken" for n, _ in formulir.isian):
        raise RuntimeError(f"GET {url_aksi(public_id)}: formulir Beri Nomor tidak ada")
    return public_id, formulir.isian


def kirim_formulir(client: httpx.Client, public_id: str, isian: list) -> str | None:
    """POST the form as multipart/form-data (its enctype); None if the letter page follows."""
    jawab = client.post(
        url_aksi(public_id),
        files=[(nama, (None, nilai)) for nama, nilai in isian],
        headers={"Origin": str(client.base_url).rstrip("/")},
    )
    # The message is shown on the letter page the browser goes to; not followed here.
    client.cookies.delete("messages")
    if jawab.status_code != 302 or jawab.headers.get("location") != f"/surat/{public_id}/":
        return f"POST {url_aksi(public_id)}: {jawab.status_code} {jawab.headers.get('location')}"
    return None


def serentak(base_url: str, sesi: list, tugas: list, kerja, *, per_klien: bool = False):
    """``kerja(client, item)`` on every item by one client per session at once, each in its
    thread: from one shared queue, or (``per_klien``) each client from its own list.
    Returns (seconds, latencies, errors, results); a result that is a string is an error.

    The clients are new each time: a kept-alive connection left idle since an earlier run
    could be closed by gunicorn just as a request is sent on it."""
    if per_klien:
        antrean = [queue.SimpleQueue() for _ in sesi]
        for q, daftar in zip(antrean, tugas, strict=True):
            for item in daftar:
                q.put(item)
    else:
        antrean = [queue.SimpleQueue()] * len(sesi)
        for item in tugas:
            antrean[0].put(item)
    mulai = threading.Barrier(len(sesi) + 1)
    latensi, galat, hasil = [], [], []
    kunci = threading.Lock()

    def jalan(cookies, antre):
        with httpx.Client(base_url=base_url, cookies=cookies, timeout=120, verify=TLS) as client:
            mulai.wait()
            kerjakan(client, antre)

    def kerjakan(client, antre):
        while True:
            try:
                item = antre.get_nowait()
            except queue.Empty:
                return
            t0 = time.perf_counter()
            try:
                keluaran = kerja(client, item)
            except (httpx.HTTPError, RuntimeError) as exc:
                keluaran = f"{type(exc).__name__}: {exc}"
            dt = time.perf_counter() - t0
            with kunci:
                latensi.append(dt)
                if isinstance(keluaran, str):
                    galat.append(keluaran)
                elif keluaran is not None:
                    hasil.append(keluaran)

    benang = [
        threading.Thread(target=jalan, args=(c, q)) for c, q in zip(sesi, antrean, strict=True)
    ]
    for b in benang:
        b.start()
    mulai.wait()
    t0 = time.perf_counter()
    for b in benang:
        b.join()
    return time.perf_counter() - t0, latensi, galat, hasil


def salin_basis_data(templat: str) -> str:
    """Our own copy of the template database (retried while someone is connected to it)."""
    batas = time.monotonic() + 300
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAMA}" WITH (FORCE)')
        while True:
            try:
                conn.execute(f'CREATE DATABASE "{NAMA}" TEMPLATE "{templat}"')
                break
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > batas:
                    raise
                time.sleep(2)
    url = url_basis_data(NAMA)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_nomor (id int PRIMARY KEY, terakhir int NOT NULL)")
        conn.execute("INSERT INTO bench_nomor VALUES (1, 0)")
    return url


def hapus_basis_data() -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAMA}" WITH (FORCE)')


def penghitung_lantai(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT terakhir FROM bench_nomor WHERE id = 1").fetchone()[0]


def _cpu_proses(pid: int) -> tuple[int, int] | None:
    """(parent pid, CPU ticks used) of a process, from /proc."""
    try:
        kolom = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(kolom[1]), int(kolom[11]) + int(kolom[12])


class Cpu:
    """CPU seconds used while the block runs by the gunicorn workers, the PostgreSQL
    backends serving our database and this process (the clients): ``hasil``. The backends
    are sampled twice a second, so one closed meanwhile (Django reconnects after
    CONN_MAX_AGE) still counts; one started meanwhile counts from zero."""

    def __init__(self, p: Peladen):
        self.p = p

    def _app(self) -> dict[int, int]:
        semua = (
            (int(d.name), _cpu_proses(int(d.name)))
            for d in Path("/proc").iterdir()
            if d.name.isdigit()
        )
        return {pid: info[1] for pid, info in semua if info and info[0] == self.p.proses.pid}

    @staticmethod
    def _pg(conn) -> dict[int, int]:
        pid = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s"
            " AND backend_type = 'client backend'",
            [NAMA],
        ).fetchall()
        return {b[0]: info[1] for b in pid if (info := _cpu_proses(b[0]))}

    def _cicip(self):
        with psycopg.connect(SERVER, autocommit=True) as conn:
            while not self.berhenti.wait(0.5):
                self.pg.update(self._pg(conn))
            self.pg.update(self._pg(conn))

    def __enter__(self) -> Cpu:
        with psycopg.connect(SERVER, autocommit=True) as conn:
            self.pg0 = self._pg(conn)
        self.pg = dict(self.pg0)
        self.app0 = self._app()
        self.klien0 = time.process_time()
        self.berhenti = threading.Event()
        self.benang = threading.Thread(target=self._cicip)
        self.benang.start()
        return self

    def __exit__(self, *exc):
        klien = time.process_time() - self.klien0
        self.berhenti.set()
        self.benang.join()
        tick = os.sysconf("SC_CLK_TCK")
        app, pg = (
            sum(n - awal.get(pid, 0) for pid, n in akhir.items()) / tick
            for awal, akhir in ((self.app0, self._app()), (self.pg0, self.pg))
        )
        self.hasil = (app, pg, klien)


def post_nomor(alamat):
    """The work of a client POSTing ``alamat(item)``, a floor view answering its number."""

    def kerja(client, item):
        path = alamat(item)
        jawab = client.post(path)
        if jawab.status_code != 200:
            return f"POST {path}: {jawab.status_code}"
        return jawab.json()["nomor"]

    return kerja


def ukur_lantai(p: Peladen, url: str, sesi, bentuk) -> Ukuran:
    kerja = post_nomor(lambda _: "/_lantai/nomor/")
    serentak(p.url, sesi, range(2 * KLIEN), kerja)  # warm-up: every worker and thread
    awal = penghitung_lantai(url)
    with Cpu(p) as cpu:
        detik, latensi, galat, nomor = serentak(p.url, sesi, range(JUMLAH), kerja)
    naik = penghitung_lantai(url) - awal
    u = Ukuran(LANTAI, bentuk, JUMLAH, detik, latensi, galat, cpu=cpu.hasil)
    u.duplikat = len(nomor) - len(set(nomor))
    u.celah = len(set(range(awal + 1, awal + JUMLAH + 1)) - set(nomor))
    if naik != JUMLAH:
        u.galat.append(f"penghitung lantai naik {naik}, bukan {JUMLAH}")
    return u


def ukur_aksi(p: Peladen, sesi, bentuk, jenis: str, tugas: list) -> Ukuran:
    """One measurement of Beri Nomor; ``tugas``: the letters (one list per client for SEBAR)."""
    per_klien = jenis == SEBAR
    if jenis == GET_POST:

        def kerja(client, public_id):
            return kirim_formulir(client, *ambil_formulir(client, public_id))

    else:
        # Untimed: every letter's action page, fetched by a client that may open it.
        _, _, galat, isian = serentak(p.url, sesi, tugas, ambil_formulir, per_klien=per_klien)
        if galat:
            raise RuntimeError(f"halaman aksi tidak terbuka: {galat[:3]}")
        isian = dict(isian)
        if per_klien:
            tugas = [[(pid, isian[pid]) for pid in daftar] for daftar in tugas]
        else:
            tugas = [(pid, isian[pid]) for pid in tugas]

        def kerja(client, item):
            return kirim_formulir(client, *item)

    with Cpu(p) as cpu:
        detik, latensi, galat, _ = serentak(p.url, sesi, tugas, kerja, per_klien=per_klien)
    jumlah = sum(map(len, tugas)) if per_klien else len(tugas)
    return Ukuran(jenis, bentuk, jumlah, detik, latensi, galat, cpu=cpu.hasil)


def ukur_inti(p: Peladen, sesi, bentuk, tugas: list) -> Ukuran:
    kerja = post_nomor(lambda public_id: f"/_lantai/nomor/{public_id}/")
    with Cpu(p) as cpu:
        detik, latensi, galat, _ = serentak(p.url, sesi, tugas, kerja)
    return Ukuran(INTI, bentuk, len(tugas), detik, latensi, galat, cpu=cpu.hasil)


def gabung(bagian: list[Ukuran]) -> Ukuran:
    """One measurement taken in parts."""
    return Ukuran(
        bagian[0].jenis,
        bagian[0].bentuk,
        sum(u.jumlah for u in bagian),
        sum(u.detik for u in bagian),
        [x for u in bagian for x in u.latensi],
        [x for u in bagian for x in u.galat],
        cpu=tuple(sum(c) for c in zip(*(u.cpu for u in bagian), strict=True)),
    )


def periksa_nomor(url: str, unit: list[dict], fase: list[tuple[Ukuran, list[str]]]) -> list[str]:
    """From the database: in each unit every letter numbered once, consecutively from the
    counter's start, the counter at the highest and no other number given in that series.
    Sets each measurement's duplicates and gaps (per unit)."""
    semua = [pid for info in unit for pid in info["surat"]]
    with psycopg.connect(url) as conn:
        baris = conn.execute(
            "SELECT l.public_id::text, l.status, a.nomor_urut, a.sisipan, a.nomor, a.unit_id,"
            " a.tahun, a.seri FROM letters_letter l"
            " LEFT JOIN letters_agendaentry a ON a.letter_id = l.id"
            " WHERE l.public_id = ANY(%s)",
            [[uuid.UUID(pid) for pid in semua]],
        ).fetchall()
        penghitung = {
            (u, t, s): n
            for u, t, s, n in conn.execute(
                "SELECT unit_id, tahun, seri, terakhir FROM letters_numbercounter"
            )
        }
        agenda = conn.execute(
            "SELECT unit_id, tahun, seri, nomor_urut FROM letters_agendaentry"
            " WHERE unit_id = ANY(%s) AND tahun = ANY(%s)",
            [[i["unit_id"] for i in unit], list({i["tahun"] for i in unit})],
        ).fetchall()
    per_surat = {b[0]: b for b in baris}
    masalah = []
    for info in unit:
        seri = (info["unit_id"], info["tahun"], info["seri"])
        ini = [per_surat.get(pid) for pid in info["surat"]]
        tanpa = sum(1 for b in ini if b is None or b[2] is None)
        if tanpa:
            masalah.append(f"{info['unit']}: {tanpa} surat tanpa nomor")
        ini = [b for b in ini if b is not None and b[2] is not None]
        salah = [b for b in ini if b[1] != "review" or b[3] or tuple(b[5:]) != seri]
        if salah:
            masalah.append(f"{info['unit']}: status/seri/sisipan tak terduga: {salah[0]}")
        harap = list(range(info["awal"] + 1, info["awal"] + len(info["surat"]) + 1))
        nomor = sorted(b[2] for b in ini)
        if nomor != harap:
            hilang = sorted(set(harap) - set(nomor))[:10]
            ganda = len(nomor) - len(set(nomor))
            masalah.append(f"{info['unit']}: {ganda} nomor urut ganda, hilang {hilang}")
        if len({b[4] for b in ini}) != len(ini):
            masalah.append(f"{info['unit']}: nomor surat (teks) ganda")
        if penghitung.get(seri) != harap[-1]:
            masalah.append(f"{info['unit']}: penghitung {penghitung.get(seri)} ≠ {harap[-1]}")
        baru = sum(1 for *s, n in agenda if tuple(s) == seri and n > info["awal"])
        if baru != len(info["surat"]):
            masalah.append(f"{info['unit']}: {baru} nomor baru pada seri itu")
    for ukuran, daftar in fase:
        per_unit: dict[int, list[int]] = {}
        for pid in daftar:
            b = per_surat.get(pid)
            if b is not None and b[2] is not None:
                per_unit.setdefault(b[5], []).append(b[2])
        for nomor in per_unit.values():
            ukuran.duplikat += len(nomor) - len(set(nomor))
            ukuran.celah += max(nomor) - min(nomor) + 1 - len(set(nomor))
    return masalah


def profil(url: str, info: dict) -> dict:
    P = {"kasubbag": info["kasubbag"], "surat": info["surat"][-PROFIL:]}
    data = django_json(url, f"P = {P!r}\n" + KODE_PROFIL)
    baris = data["aksi"]
    angka = [k for k in baris[0] if k not in ("sql_kunci", "rinci")]
    hasil = {k: statistics.median(b[k] for b in baris) for k in angka}
    per_kueri: dict[str, list[float]] = {}
    for b in baris:
        for sql, ms in b["rinci"]:
            per_kueri.setdefault(re.sub(r"\d+", "N", sql), []).append(ms)
    terlama = sorted(per_kueri.items(), key=lambda x: -sum(x[1]))[:8]
    return {
        "terlama": [(sql, sum(ms) / len(baris)) for sql, ms in terlama],
        **hasil,
        "lantai_ms": statistics.median(data["lantai_ms"]),
        "rencana_ms": statistics.median(r[0] for r in data["rencana"]),
        "eksekusi_ms": statistics.median(r[1] for r in data["rencana"]),
        "sql_kunci": baris[-1]["sql_kunci"],
    }


def tulis_bagian(ukuran: list[Ukuran], unit: str, prof: dict, masalah: list[str], beban) -> str:
    lantai = {u.bentuk: u for u in ukuran if u.jenis == LANTAI}

    def rasio(u: Ukuran) -> float:
        return u.per_detik / lantai[u.bentuk].per_detik

    def terbaik(jenis: str) -> Ukuran:
        return max((u for u in ukuran if u.jenis == jenis), key=rasio)

    def bentuk(u: Ukuran) -> str:
        return f"{u.bentuk[0]} × {u.bentuk[1]}"

    baris = [
        f"| {u.nama} | {bentuk(u)} | {u.jumlah} | {KLIEN} | {u.per_detik:.1f} "
        f"| {'—' if u.jenis == LANTAI else f'{rasio(u):.0%}'} | {u.persentil(50):.0f} ms "
        f"| {u.persentil(95):.0f} ms | {sum(u.cpu_ms()):.1f} ms "
        f"({' + '.join(f'{c:.1f}' for c in u.cpu_ms())}) "
        f"| {u.duplikat} | {u.celah} | {len(u.galat)} |"
        for u in ukuran
    ]
    post, get_post, inti = terbaik(POST), terbaik(GET_POST), terbaik(INTI)
    sah = not masalah and not any(u.galat for u in ukuran)
    tercapai = rasio(post) >= TARGET and sah
    satu_seri = {u.bentuk: u for u in ukuran if u.jenis == POST}
    kontensi = "; ".join(
        f"{bentuk(u)}: satu seri {satu_seri[u.bentuk].per_detik:.1f}, {KLIEN} seri "
        f"{u.per_detik:.1f} nomor/detik ({satu_seri[u.bentuk].per_detik / u.per_detik:.0%}); "
        f"CPU per nomor {sum(satu_seri[u.bentuk].cpu_ms()):.1f} vs {sum(u.cpu_ms()):.1f} ms"
        for u in ukuran
        if u.jenis == SEBAR
    )
    surat = sum(u.jumlah for u in ukuran if u.jenis != LANTAI)
    batas_kunci = 1000 / prof["kunci_ms"]
    waktu = datetime.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M")
    teks = [
        f"## {JUDUL}\n",
        f"Dijalankan {waktu} WIB; {mesin()}; beban mesin (rata-rata 1 menit) "
        f"{beban[0]:.1f} di awal, {beban[1]:.1f} di akhir.\n",
        f"Salinan kabupaten sintetis (1.000 surat). {KLIEN} klien HTTP serentak (thread "
        "dengan httpx, di mesin yang sama) masuk sebagai Kasubbag Umum dan Kepegawaian "
        f"{unit} dan menekan **Beri Nomor** pada surat yang menunggu nomor di unit, tahun "
        "dan seri yang sama: semua antre pada satu baris penghitung. Pembanding tanpa "
        f"penghitung bersama: {KLIEN} Kasubbag dari {KLIEN} kecamatan lain, masing-masing "
        "pada suratnya sendiri. gunicorn: worker × thread, DEBUG mati. Lantai: klien yang "
        "sama mengirim POST `/_lantai/nomor/` (satu `UPDATE … RETURNING` pada tabel "
        "penghitung) lewat gunicorn dan middleware yang sama, tiga kali (awal, tengah, "
        "akhir): yang dicatat median lajunya, duplikat dan celah dari ketiganya. Beri Nomor "
        f"hanya POST satu seri dan {KLIEN} seri diukur berselang-seling dalam dua paruh. "
        "Nomor/detik = nomor yang diberikan / waktu dari klien pertama mulai sampai klien "
        "terakhir selesai; "
        "Permintaan = jumlah nomor yang diminta; satu nomor = satu POST (“hanya POST”: "
        "halaman aksi sudah dibuka sebelum pengukuran) atau satu GET halaman aksi lalu "
        "POST-nya. Latensi per nomor; pengalihan ke halaman surat "
        "sesudah POST tidak diikuti, sama seperti lantai. CPU per nomor: waktu CPU worker "
        "gunicorn, proses PostgreSQL basis data ini dan klien selama pengukuran, dibagi "
        "jumlah nomor; tidak bergantung pada beban lain di mesin seperti nomor/detik. "
        "Inti Beri Nomor saja: POST `/_lantai/nomor/<surat>/` di gunicorn yang sama, yang "
        "hanya mengerjakan apa yang tidak dapat ditinggalkan sebuah nomor dalam catatan: "
        "surat dikunci, hak pengguna memberi nomor diperiksa, transisi, baris riwayat "
        "berantai hash, surat disimpan, penghitung dan baris Agenda; tanpa pemeriksaan "
        "hak lihat halaman aksi, formulir, durasi langkah dan notifikasi: batas atas laju "
        "Beri Nomor bila semua yang lain dibuang.\n",
        "| Yang diukur | gunicorn | Permintaan | Klien | Nomor/detik | Rasio thd. lantai "
        "| p50 | p95 | CPU per nomor (gunicorn + PostgreSQL + klien) | Duplikat | Celah "
        "| Galat HTTP |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *baris,
        "",
        f"**Target** (Beri Nomor ≥ 50% lantai, POST ke POST): "
        f"**{'TERCAPAI' if tercapai else 'TIDAK TERCAPAI'}**. Terbaik: hanya POST "
        f"{rasio(post):.0%} ({bentuk(post)}); GET + POST {rasio(get_post):.0%} "
        f"({bentuk(get_post)}). Inti Beri Nomor saja: {rasio(inti):.0%} ({bentuk(inti)}; "
        f"CPU per nomor {sum(inti.cpu_ms()):.1f} ms, lantai "
        f"{sum(lantai[inti.bentuk].cpu_ms()):.1f} ms, Beri Nomor hanya POST "
        f"{sum(satu_seri[inti.bentuk].cpu_ms()):.1f} ms)"
        + (
            ": target 50% tidak tercapai bahkan bila halaman aksi, formulir, durasi "
            "langkah dan notifikasi dibuang."
            if rasio(inti) < TARGET
            else "."
        ),
        "",
        "**Pemeriksaan basis data**: "
        + (
            f"{surat} surat, semuanya bernomor; di setiap unit nomor urut berurutan dari "
            "awal penghitungnya tanpa celah dan tanpa duplikat, penghitung = nomor "
            "tertinggi, tidak ada nomor lain pada seri itu; penghitung lantai naik tepat "
            "sejumlah permintaannya."
            if sah
            else "GAGAL: " + "; ".join(masalah + [g for u in ukuran for g in u.galat][:5])
        ),
        "",
        f"**Satu seri vs {KLIEN} seri** (hanya POST): {kontensi}.",
        "",
        f"**Satu Beri Nomor di dalam proses** (Django test client, satu per satu, median "
        f"{PROFIL} surat; waktu dinding, jadi ikut naik dengan beban lain di mesin): GET "
        f"halaman aksi {prof['get_ms']:.1f} ms; "
        f"POST {prof['post_ms']:.1f} ms, {prof['kueri']:.0f} kueri "
        f"({prof['kueri_ms']:.1f} ms menunggu PostgreSQL); baris penghitung terkunci "
        f"{prof['kunci_ms']:.1f} ms (dari `UPDATE` penghitung sampai commit: "
        f"{prof['kueri_kunci']:.0f} kueri, {prof['kueri_kunci_ms']:.1f} ms menunggu "
        f"PostgreSQL), jadi satu seri paling banyak ±{batas_kunci:.0f} nomor/detik. "
        f"POST lantai dengan cara yang sama: {prof['lantai_ms']:.1f} ms "
        f"({prof['lantai_ms'] / prof['post_ms']:.0%} dari POST Beri Nomor).",
    ]
    if not tercapai and sah:
        teks += ["", *mengapa(ukuran, prof, post, lantai[post.bentuk])]
    return "\n".join(teks) + "\n"


def mengapa(ukuran: list[Ukuran], prof: dict, post: Ukuran, lantai: Ukuran) -> list[str]:
    """Why the target was missed, from this run's figures, and what would change it."""
    satu_seri = {u.bentuk: u.per_detik for u in ukuran if u.jenis == POST}
    kontensi = {u.bentuk: satu_seri[u.bentuk] / u.per_detik for u in ukuran if u.jenis == SEBAR}
    per_bentuk = ", ".join(f"{b[0]} × {b[1]}: {r:.0%}" for b, r in kontensi.items())
    tercepat = max(satu_seri.values())
    batas = 1000 / prof["kunci_ms"]
    tentang_kunci = (
        f"baris penghitung terkunci ±{prof['kunci_ms']:.0f} ms per nomor (satu per satu, "
        f"termasuk biaya penangkap kueri), jadi paling banyak ±{batas:.0f} nomor/detik per "
        f"seri; laju satu seri tercepat {tercepat:.1f}"
    )
    if min(kontensi.values()) >= 0.9:
        kunci = f"Kunci penghitung belum membatasi: satu seri selaju {KLIEN} seri ({per_bentuk})"
        kunci += f", tetapi sudah dekat: {tentang_kunci}." if batas < 1.5 * tercepat else "."
    else:
        kunci = f"Antrean pada baris penghitung terasa: satu seri {per_bentuk} laju {KLIEN} seri; "
        kunci += f"{tentang_kunci}."
    aksi_cpu, lantai_cpu = sum(post.cpu_ms()), sum(lantai.cpu_ms())
    app, pg, klien = post.cpu_ms()
    terukur = post.per_detik / lantai.per_detik
    inti = next(u for u in ukuran if u.jenis == INTI and u.bentuk == post.bentuk)
    terukur_inti = inti.per_detik / lantai.per_detik
    return [
        "**Mengapa target tidak tercapai.** Lantai adalah satu kueri dan tidak membaca "
        f"sesi. Satu POST Beri Nomor menjalankan {prof['kueri']:.0f} kueri: sesi dan "
        "pengguna; surat beserta hak lihatnya (`access.letter_for_user`: surat dengan unit, "
        "klasifikasi dan Agenda-nya dalam satu kueri, perencanaan "
        f"{prof['rencana_ms']:.1f} ms, eksekusi {prof['eksekusi_ms']:.1f} ms; jabatan dan "
        "orangnya dalam dua kueri); penugasan; lalu dalam satu transaksi surat dikunci "
        "dan dimuat lagi, surat, riwayat berantai hash, durasi langkah, notifikasi dan "
        "surelnya ditulis, terakhir nomor diambil dan baris Agenda ditulis; sesudah commit "
        "tugas pengiriman dijadwalkan. Pada "
        f"{post.bentuk[0]} × {post.bentuk[1]} satu nomor memakan {aksi_cpu:.1f} ms CPU "
        f"(gunicorn {app:.1f}, PostgreSQL {pg:.1f}, klien {klien:.1f}), satu POST lantai "
        f"{lantai_cpu:.1f} ms. Selama CPU mesin penuh, rasio laju mengikuti rasio CPU: "
        f"{lantai_cpu / aksi_cpu:.0%} menurut CPU, {terukur:.0%} terukur. {kunci}",
        "",
        "**Yang sudah diubah**: nomor diambil sebagai langkah terakhir sebelum commit "
        "(`actions._run`, kait `terakhir`), sesudah surat, riwayat, durasi dan notifikasi "
        "ditulis: baris penghitung terkunci selama "
        f"{prof['kueri_kunci']:.0f} kueri (baris Agenda di titik simpannya, lalu "
        "commit), bukan 16 kueri seperti sebelumnya (12 ms); dan POST tidak lagi menghitung "
        "nomor intipan formulir. Batas per seri naik, yang terasa begitu worker dan inti "
        "lebih banyak.",
        "",
        "**Yang akan mengubahnya lagi** (belum diterapkan; keputusan produk): (1) mengurangi "
        "kerja per POST, yang menentukan laju: surat dimuat dua kali (hak lihat, lalu "
        "kunci), dan setiap kueri direncanakan ulang setiap permintaan (Django "
        "mematikan pernyataan yang disiapkan secara bawaan demi pooler koneksi; `OPTIONS` "
        "`server_side_binding` dan `prepare_threshold` menyalakannya; dicoba, lihat "
        "Catatan); (2) menilai ulang targetnya: terhadap lantai satu kueri, 50% berarti "
        "satu Beri Nomor hanya boleh memakan CPU kira-kira dua POST lantai, sedangkan inti "
        f"Beri Nomor saja sudah {sum(inti.cpu_ms()) / lantai_cpu:.1f}× CPU lantai "
        f"({terukur_inti:.0%} lajunya, {inti.bentuk[0]} × {inti.bentuk[1]}). Biaya "
        f"penghitung bersama sendiri terbaca dari baris satu seri vs {KLIEN} seri.",
    ]


def ganti_bagian(isi_bagian: str) -> None:
    path = ROOT / "docs" / "BENCHMARKS.md"
    teks = path.read_text()
    penanda = f"## {JUDUL}\n"
    if penanda in teks:
        sebelum, _, sesudah = teks.partition(penanda)
        sisa = sesudah.split("\n## ", 1)
        teks = sebelum + isi_bagian + ("\n## " + sisa[1] if len(sisa) > 1 else "")
    elif "\n## Catatan\n" in teks:
        sebelum, _, sesudah = teks.partition("\n## Catatan\n")
        teks = sebelum.rstrip("\n") + "\n\n" + isi_bagian + "\n## Catatan\n" + sesudah
    else:
        teks = teks.rstrip("\n") + "\n\n" + isi_bagian
    path.write_text(teks)


def sesi_untuk(base_url: str, username: list[str], csrf: str | None) -> list[httpx.Cookies]:
    """One login per client. All share one csrftoken (like the tabs of one browser), so an
    action page opened by one client can be posted by another."""
    sesi = [masuk(base_url, u) for u in username]
    csrf = csrf or sesi[0]["csrftoken"]
    for cookies in sesi:
        for c in cookies.jar:
            if c.name == "csrftoken":
                c.value = csrf
    return sesi


def main() -> int:
    templat = siapkan(1000, 0)
    url = salin_basis_data(templat.rsplit("/", 1)[1])
    try:
        return jalankan(url)
    finally:
        hapus_basis_data()


def jalankan(url: str) -> int:
    beban_awal = os.getloadavg()[0]
    jumlah = JUMLAH * len(BENTUK) * 3 + PROFIL  # per shape: POST only, GET + POST, core
    per_unit = JUMLAH // KLIEN * len(BENTUK)
    mulai = time.monotonic()
    print(f"Menyiapkan {jumlah + per_unit * KLIEN} surat yang menunggu nomor …", flush=True)
    P = {"utama": SLUG, "jumlah": jumlah, "per_unit": per_unit, "klien": KLIEN}
    info = django_json(url, f"P = {P!r}\n" + KODE_SIAPKAN)
    utama, sebar = info["utama"], info["sebar"]
    print(f"  {time.monotonic() - mulai:.0f} s; {utama['unit']}, nomor mulai {utama['awal'] + 1}")
    surat = iter(utama["surat"])
    ukuran: list[Ukuran] = []
    fase: list[tuple[Ukuran, list[str]]] = []
    sesi = sesi_sebar = None
    for i, bentuk in enumerate(BENTUK):
        with Peladen(url, workers=bentuk[0], threads=bentuk[1]) as p:
            if sesi is None:
                sesi = sesi_untuk(p.url, [utama["kasubbag"]] * KLIEN, None)
                sesi_sebar = sesi_untuk(p.url, [s["kasubbag"] for s in sebar], sesi[0]["csrftoken"])
            # The floor three times (start, middle, end), the median counts: one short
            # burst of other work on the machine would otherwise decide the ratio.
            lantai = [ukur_lantai(p, url, sesi, bentuk)]
            for _ in range(2):  # warm-up of the action pages (GET only: no number taken)
                serentak(p.url, sesi, utama["surat"][-KLIEN:], ambil_formulir)
            # One series and 16 series in alternating halves, so that a change in the
            # machine's other load falls on both.
            satu = [next(surat) for _ in range(JUMLAH)]
            n = JUMLAH // KLIEN
            enam_belas = [s["surat"][i * n : (i + 1) * n] for s in sebar]
            bagian = {POST: [], SEBAR: []}
            h = n // 2
            for paruh in (0, 1):
                daftar = satu[h * KLIEN :] if paruh else satu[: h * KLIEN]
                bagian[POST].append(ukur_aksi(p, sesi, bentuk, POST, daftar))
                daftar = [d[h:] if paruh else d[:h] for d in enam_belas]
                bagian[SEBAR].append(ukur_aksi(p, sesi_sebar, bentuk, SEBAR, daftar))
            lantai.append(ukur_lantai(p, url, sesi, bentuk))
            daftar = [next(surat) for _ in range(JUMLAH)]
            get_post = ukur_aksi(p, sesi, bentuk, GET_POST, daftar)
            daftar_inti = [next(surat) for _ in range(JUMLAH)]
            inti = ukur_inti(p, sesi, bentuk, daftar_inti)
            lantai.append(ukur_lantai(p, url, sesi, bentuk))
            tengah = sorted(lantai, key=lambda u: u.per_detik)[1]
            for u in lantai:
                if u is not tengah:
                    tengah.galat += u.galat
                    tengah.duplikat += u.duplikat
                    tengah.celah += u.celah
            ukuran.append(tengah)
            ukuran.append(gabung(bagian[POST]))
            fase.append((ukuran[-1], satu))
            ukuran.append(get_post)
            fase.append((get_post, daftar))
            ukuran.append(gabung(bagian[SEBAR]))
            fase.append((ukuran[-1], [pid for d in enam_belas for pid in d]))
            ukuran.append(inti)
            fase.append((inti, daftar_inti))
            for u in ukuran[-5:]:
                print(
                    f"  {bentuk[0]}×{bentuk[1]} {u.nama}: {u.per_detik:.1f}/s, "
                    f"p50 {u.persentil(50):.0f} ms, p95 {u.persentil(95):.0f} ms, CPU/nomor "
                    f"{' + '.join(f'{c:.1f}' for c in u.cpu_ms())} ms, galat {len(u.galat)}",
                    flush=True,
                )
    masalah = periksa_nomor(url, [dict(utama, surat=utama["surat"][:-PROFIL]), *sebar], fase)
    prof = profil(url, utama)
    print(
        f"Profil: GET {prof['get_ms']:.1f} ms; POST {prof['post_ms']:.1f} ms, "
        f"{prof['kueri']:.0f} kueri; kunci {prof['kunci_ms']:.1f} ms, "
        f"{prof['kueri_kunci']:.0f} kueri di dalamnya; lantai {prof['lantai_ms']:.1f} ms; "
        f"kueri surat: rencana {prof['rencana_ms']:.1f} ms, eksekusi {prof['eksekusi_ms']:.1f} ms"
    )
    print("  Di dalam kunci penghitung:")
    for sql in prof["sql_kunci"]:
        print("   ", sql)
    print("  Kueri terlama per POST (ms, rata-rata):")
    for sql, ms in prof["terlama"]:
        print(f"    {ms:5.1f}  {sql}")
    beban = (beban_awal, os.getloadavg()[0])
    ganti_bagian(tulis_bagian(ukuran, utama["unit"], prof, masalah, beban))
    galat = [g for u in ukuran for g in u.galat]
    for pesan in masalah + galat[:10]:
        print("GAGAL:", pesan)
    return 1 if masalah or galat else 0


if __name__ == "__main__":
    sys.exit(main())
