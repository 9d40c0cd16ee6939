"""Benchmark of the main pages (run: make bench), at three sizes of the synthetic kabupaten.

For each size (``peladen.siapkan``: 1k = 1,000 letters; 20k = 20,000; 100k = 50,000 across
the regency plus 50,000 in one year of one big OPD, ``dindik``) gunicorn serves the app on
PostgreSQL (2 workers, DEBUG off) and every page is asked for by 4 concurrent clients: a
warm-up, then ``--ulang`` timed requests (p50, p95, response size). Between the pages the
floor ``/_lantai/`` (a bare view through the same middleware and session) is measured in
short blocks; its pooled p50 is what each page is compared with (ratio of p50s).

Measured as the big OPD's officials (the worst case for lists). Targets (issue 16):
Kotak Masuk, Surat Saya, letter page, Notifikasi, Verifikasi ≤ 5× the floor; Agenda (any
filter, search, any page) and Dasbor ≤ 10×; every page grows ≤ 1.5× from 1k to 100k;
no page larger than ~150 KB. For each missed target the benchmark profiles that page
in-process on the same database (its SQL queries with their durations, EXPLAIN ANALYZE of
the slowest, a cProfile of the view, and its CPU time beside the floor's in the same
process, with the part spent rendering templates) and writes a summary under the table.

Results: the "Halaman" section of docs/BENCHMARKS.md, written from the measurements kept in
``.bench/halaman.json`` (a run of some sizes or pages replaces only those); the full
profiles in ``.bench/profil/``.

    python bench/pages.py                          # 1k, 20k, 100k; every page
    python bench/pages.py --ukuran 1k,100k --halaman agenda,kotak
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import peladen
import psutil
import psycopg

ROOT = peladen.ROOT
BENCHMARKS = ROOT / "docs" / "BENCHMARKS.md"
HASIL = peladen.KERJA / "halaman.json"
PROFIL = peladen.KERJA / "profil"
UKURAN = {"1k": (1000, 0), "20k": (20000, 0), "100k": (50000, 50000)}
OPD = "dindik"  # approvals.kabupaten.OPD_BESAR
KLIEN = 4
BATAS_KB = 150
TUMBUH = 1.5
WIB = datetime.timezone(datetime.timedelta(hours=7))

# What marks one row of a list page in its HTML (first match of the page's name), so the
# growth table can show how many rows each size's page holds: a page of 25 items against
# an empty one is not the same page grown with the data.
PENANDA_BARIS = (
    ("agenda", b'data-label="No. Urut"'),
    ("tandatangani", b'name="surat"'),
    ("kotak_", b'class="card inbox-item'),
    ("saya_", b'class="card inbox-item'),
    ("dasbor_surat", b'class="card inbox-item'),
    ("dasbor", b'data-label="Surat"'),  # its table of the longest overdue letters
    ("notifikasi", b'class="card inbox-item'),
)


def hitung_baris(nama: str, isi: bytes) -> int | None:
    """The rows page ``nama`` shows in ``isi`` (None: not a list page)."""
    penanda = next((p for awalan, p in PENANDA_BARIS if nama.startswith(awalan)), None)
    return None if penanda is None else isi.count(penanda)


@dataclass(frozen=True)
class Halaman:
    nama: str  # for --halaman and the results file
    label: str  # in the table (Indonesian)
    peran: str | None  # whose session asks for it (None: anonymous)
    url: str
    target: float  # ratio of p50s to the floor


# --- what to ask for, found on the database -------------------------------------------

# Runs in a Django shell on the benchmark database; sets ``hasil``.
CARI = """
from django.db.models import Count
from approvals import rules
from letters import agenda
from letters.models import AgendaEntry, Letter, LetterEvent, SignedDocument
from organisasi.models import Assignment, PERAN_KEPALA, User

slug = %(opd)r
pengguna = {u.username: u for u in User.objects.filter(username__startswith=slug + ".")}
instansi_id = rules.holdings(pengguna[slug + ".sekretaris"])[0].instansi_id
kepala = (
    Assignment.objects.berlaku()
    .filter(position__unit_id=instansi_id, position__peran=PERAN_KEPALA)
    .order_by("jenis", "pk")
    .first()
    .user
)
kotak = {u: Letter.objects.filter(rules.inbox_filter(pengguna[u])).count() for u in pengguna}
pelaksana = max((u for u in pengguna if ".pelaksana" in u), key=lambda u: (
    Letter.objects.filter(pembuat=pengguna[u]).count(), u))
kabid = max((u for u in pengguna if ".kabid" in u), key=lambda u: (kotak[u], u))
peran = {
    "pelaksana": pelaksana,
    "kasubbag": slug + ".kasubbag",
    "kabid": kabid,
    "sekretaris": slug + ".sekretaris",
    "kepala": kepala.username,
}
surat = (
    LetterEvent.objects.filter(letter__unit_id=instansi_id, letter__sifat__in=["biasa"])
    .values("letter__public_id").annotate(n=Count("pk")).order_by("-n", "letter__public_id")
    .first()["letter__public_id"]
)
kode = (
    SignedDocument.objects.filter(letter__unit_id=instansi_id)
    .order_by("pk").values_list("kode_verifikasi", flat=True).first()
)
tahun = AgendaEntry.objects.filter(unit_id=instansi_id).order_by("-tahun").values_list(
    "tahun", flat=True).first()
kasubbag = pengguna[slug + ".kasubbag"]
terlihat = agenda.entries(rules.unit_terlihat(kasubbag), rules.surat_tersembunyi(kasubbag))
baris = agenda.apply_filters(terlihat, {"tahun": tahun})
jumlah = baris.count()
contoh = baris.select_related("letter__klasifikasi")[jumlah // 3]
dalam_ke = (jumlah * 4) // 5
dalam = baris[dalam_ke]
hasil = {
    "peran": peran,
    "kotak": {p: kotak.get(u) for p, u in peran.items()},
    "surat": str(surat),
    "kode": kode,
    "tahun": tahun,
    "agenda_baris": jumlah,
    "kata": max(contoh.letter.hal.split(), key=lambda w: (len(w), w)),
    "nomor": "/" + contoh.nomor.split("/")[1] + "/",
    "klasifikasi": ".".join(contoh.letter.klasifikasi.kode.split(".")[:2]),
    "dalam": agenda.kunci(dalam),
    "dalam_halaman": dalam_ke // agenda.PER_HALAMAN + 2,
    "offset_halaman": max(1, dalam_ke // agenda.PER_HALAMAN),
}
"""


def halaman_daftar(info: dict) -> list[Halaman]:
    t = info["tahun"]
    return [
        Halaman("kotak_pelaksana", "Kotak Masuk — Pelaksana", "pelaksana", "/", 5),
        Halaman("kotak_kasubbag", "Kotak Masuk — Kasubbag", "kasubbag", "/", 5),
        Halaman("kotak_kabid", "Kotak Masuk — Kabid (paraf)", "kabid", "/", 5),
        Halaman("kotak_sekretaris", "Kotak Masuk — Sekretaris", "sekretaris", "/", 5),
        Halaman("kotak_kepala", "Kotak Masuk — Kepala", "kepala", "/", 5),
        Halaman("saya_pelaksana", "Surat Saya — Pelaksana", "pelaksana", "/surat/saya/", 5),
        Halaman("saya_kasubbag", "Surat Saya — Kasubbag", "kasubbag", "/surat/saya/", 5),
        Halaman(
            "surat", "Halaman surat (riwayat terpanjang)", "kepala", f"/surat/{info['surat']}/", 5
        ),
        Halaman("agenda_menu", "Agenda dari menu (tahun ini)", "kasubbag", "/agenda/", 10),
        Halaman("agenda", f"Agenda {t}", "kasubbag", f"/agenda/?tahun={t}", 10),
        Halaman(
            "agenda_cari_hal",
            f"Agenda dicari: hal «{info['kata']}»",
            "kasubbag",
            f"/agenda/?tahun={t}&q={info['kata']}",
            10,
        ),
        Halaman(
            "agenda_cari_nomor",
            f"Agenda dicari: nomor «{info['nomor']}»",
            "kasubbag",
            f"/agenda/?tahun={t}&q={info['nomor']}",
            10,
        ),
        Halaman(
            "agenda_bulan", "Agenda: bulan Juni", "kasubbag", f"/agenda/?tahun={t}&bulan=6", 10
        ),
        Halaman(
            "agenda_klasifikasi",
            f"Agenda: klasifikasi {info['klasifikasi']}",
            "kasubbag",
            f"/agenda/?tahun={t}&klasifikasi={info['klasifikasi']}",
            10,
        ),
        Halaman(
            "agenda_proses",
            "Agenda: status dalam proses",
            "kasubbag",
            f"/agenda/?tahun={t}&status=proses",
            10,
        ),
        Halaman(
            "agenda_terkirim",
            "Agenda: status terkirim",
            "kasubbag",
            f"/agenda/?tahun={t}&status=terkirim",
            10,
        ),
        Halaman(
            "agenda_batal",
            "Agenda: status BATAL",
            "kasubbag",
            f"/agenda/?tahun={t}&status=batal",
            10,
        ),
        Halaman(
            "agenda_dalam",
            f"Agenda: halaman {info['dalam_halaman']} (tautan Berikutnya)",
            "kasubbag",
            f"/agenda/?tahun={t}&halaman={info['dalam_halaman']}&setelah={info['dalam']}",
            10,
        ),
        Halaman(
            "agenda_offset",
            f"Agenda: ?halaman={info['offset_halaman']} (tautan lama, OFFSET)",
            "kasubbag",
            f"/agenda/?tahun={t}&halaman={info['offset_halaman']}",
            10,
        ),
        Halaman("dasbor_menu", "Dasbor dari menu (bulan ini)", "kepala", "/dasbor/", 10),
        Halaman("dasbor", f"Dasbor tahun {t}", "kepala", f"/dasbor/?jenis=tahun&tahun={t}", 10),
        Halaman("dasbor_surat", "Dasbor: surat dalam proses", "kepala", "/dasbor/surat/", 10),
        Halaman(
            "dasbor_surat_kasubbag",
            "Dasbor: surat dalam proses — Kasubbag",
            "kasubbag",
            "/dasbor/surat/",
            10,
        ),
        Halaman(
            "dasbor_surat_status",
            "Dasbor: surat menunggu paraf",
            "kepala",
            "/dasbor/surat/?status=review",
            10,
        ),
        Halaman("notifikasi", "Notifikasi — Kasubbag", "kasubbag", "/notifikasi/", 5),
        Halaman("verifikasi", "Verifikasi (publik)", None, f"/verifikasi/{info['kode']}/", 5),
        Halaman(
            "tandatangani", "Tandatangani beberapa surat — Kepala", "kepala", "/tandatangani/", 10
        ),
        Halaman("cetak", "Cetak (Agenda, Buku Ekspedisi)", "kasubbag", "/agenda/cetak/", 5),
    ]


# --- measuring ---------------------------------------------------------------------


@dataclass
class Ukuran:
    p50: float  # ms
    p95: float
    n: int
    byte: int
    galat: dict[str, int]
    cpu: float  # ms of the gunicorn workers' CPU per request (warm-up included)
    baris: int | None = None  # rows shown (hitung_baris)


def _persentil(nilai: list[float], p: float) -> float:
    urut = sorted(nilai)
    if not urut:  # every request failed (counted as errors)
        return 0.0
    if len(urut) == 1:
        return urut[0]
    return statistics.quantiles(urut, n=100, method="inclusive")[p - 1]


class CpuPekerja:
    """CPU time used by gunicorn's workers: unlike latency, hardly changed by whatever else
    the machine runs at the same time."""

    def __init__(self, master_pid: int):
        self.proses = psutil.Process(master_pid).children()

    def detik(self) -> float:
        return sum(sum(p.cpu_times()[:2]) for p in self.proses)


async def _minta(klien: list[httpx.AsyncClient], url: str, n: int, pemanasan: int, batas: float):
    waktu: list[float] = []
    galat: Counter = Counter()
    isi = b""
    jumlah = 0
    sisa = {"panas": pemanasan, "ukur": n}
    akhir = time.monotonic() + batas

    async def kerja(client: httpx.AsyncClient):
        nonlocal isi, jumlah
        while True:
            if sisa["panas"] > 0:
                sisa["panas"] -= 1
                panas = True
            elif sisa["ukur"] > 0 and (time.monotonic() < akhir or len(waktu) < 20):
                sisa["ukur"] -= 1
                panas = False
            else:
                return
            mulai = time.perf_counter()
            jumlah += 1
            try:
                jawab = await client.get(url)
            except httpx.HTTPError as exc:
                galat[type(exc).__name__] += 1
                continue
            lama = (time.perf_counter() - mulai) * 1000
            if jawab.status_code != 200:
                galat[str(jawab.status_code)] += 1
            isi = jawab.content
            if not panas:
                waktu.append(lama)

    await asyncio.gather(*(kerja(c) for c in klien))
    return waktu, isi, dict(galat), jumlah


@dataclass
class _Sampel:
    """The requests of one page (or of the floor) on one server, pooled over a run."""

    waktu: list[float] = field(default_factory=list)  # ms
    detik: float = 0.0  # the workers' CPU seconds
    permintaan: int = 0  # warm-up included, as the CPU was
    galat: Counter = field(default_factory=Counter)

    def tambah(self, waktu: list[float], detik: float, permintaan: int, galat: dict) -> None:
        self.waktu.extend(waktu)
        self.detik += detik
        self.permintaan += permintaan
        self.galat.update(galat)

    def ukuran(self, byte: int = 0, baris: int | None = None) -> Ukuran:
        return Ukuran(
            _persentil(self.waktu, 50),
            _persentil(self.waktu, 95),
            len(self.waktu),
            byte,
            dict(self.galat),
            self.detik * 1000 / max(self.permintaan, 1),
            baris,
        )


class Pengukur:
    """One size's gunicorn in a run: its floor blocks and its pages, measured in turns with
    the other sizes' (:func:`_ukur_bergantian`)."""

    def __init__(self, ukuran: str, server, cookies: dict, args, tulis):
        self.ukuran, self.server, self.cookies = ukuran, server, cookies
        self.args, self.tulis = args, tulis
        self.cpu = CpuPekerja(server.proses.pid)
        self.lantai = _Sampel()
        self.hasil: dict[str, Ukuran] = {}
        self._sampel: dict[str, _Sampel] = {}  # per page, pooled over the rounds
        self.lantai_klien: list[httpx.AsyncClient] = []

    def klien_untuk(self, peran) -> list[httpx.AsyncClient]:
        return [
            httpx.AsyncClient(
                base_url=self.server.url,
                cookies=self.cookies.get(peran),
                timeout=120,
                follow_redirects=False,
            )
            for _ in range(KLIEN)
        ]

    async def blok_lantai(self) -> None:
        if not self.lantai_klien:
            self.lantai_klien = self.klien_untuk("kepala")
        mulai = self.cpu.detik()
        w, _b, _g, jumlah = await _minta(
            self.lantai_klien, "/_lantai/", self.args.lantai, KLIEN, 30
        )
        self.lantai.tambah(w, self.cpu.detik() - mulai, jumlah, {})

    async def ukur(self, h: Halaman) -> None:
        """Page ``h``, after a floor block of this server; its figures so far (every round
        of the run pooled)."""
        await self.blok_lantai()
        klien = self.klien_untuk(h.peran)
        mulai = self.cpu.detik()
        try:
            w, b, g, jumlah = await _minta(
                klien, h.url, self.args.ulang, self.args.pemanasan, self.args.batas
            )
        finally:
            for c in klien:
                await c.aclose()
        sampel = self._sampel.setdefault(h.nama, _Sampel())
        sampel.tambah(w, self.cpu.detik() - mulai, jumlah, g)
        u = self.hasil[h.nama] = sampel.ukuran(len(b), hitung_baris(h.nama, b))
        self.tulis(
            f"  {self.ukuran:>4} {h.label:<52} p50 {u.p50:7.1f} ms  p95 {u.p95:7.1f} ms  "
            f"CPU {u.cpu:6.1f} ms  {u.byte / 1024:6.1f} KB  n={u.n}" + (f"  GALAT {g}" if g else "")
        )

    async def tutup(self) -> Ukuran:
        """The last floor block; the floor of the whole run."""
        await self.blok_lantai()
        for c in self.lantai_klien:
            await c.aclose()
        return self.lantai.ukuran()


async def _ukur_bergantian(
    pengukur: list[Pengukur], daftar: dict[str, list[Halaman]], putaran: int = 1
):
    """Every page at every size in turns: page by page, each size's server asked for it
    after a floor block of its own (the sizes in the opposite order every other page). The
    machine speeding up or slowing down during the run then moves every size's figures
    alike, which a run of all the pages of one size after another does not: there the
    growth from 1k to 100k moved by a third from one run to the next. ``putaran`` rounds
    of it, each page's requests pooled: a burst of other work on the machine during one
    page's short measurement then weighs less (one round: a page moved ±20% between runs)."""
    nama = [h.nama for h in daftar[pengukur[0].ukuran]]
    urutan = [(r, n) for r in range(putaran) for n in nama]
    for i, (_r, n) in enumerate(urutan):
        for p in pengukur if i % 2 == 0 else pengukur[::-1]:
            h = next((h for h in daftar[p.ukuran] if h.nama == n), None)
            if h is not None:
                await p.ukur(h)
    return [await p.tutup() for p in pengukur]


# --- profiles of the pages that miss a target ------------------------------------------

# Runs in a Django shell on the benchmark database; ``DAFTAR`` = [(nama, username, url)].
PROFIL_KODE = """
import cProfile, io, pstats, statistics, time
from django.db import connection
from django.template.backends import django as backend
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from organisasi.models import User

DAFTAR = %(daftar)r
AKAR = %(akar)r
APLIKASI = ("approvals", "letters", "tte", "organisasi", "sop_surat")
hasil = {}

# CPU time spent rendering templates (the outermost render: includes, context processors
# and whatever the templates ask the database), beside the request's whole CPU time.
menata = {"dalam": 0, "cpu": 0.0}
render_asli = backend.Template.render


def render_diukur(self, *args, **kwargs):
    if menata["dalam"]:
        return render_asli(self, *args, **kwargs)
    menata["dalam"] = 1
    mulai = time.process_time()
    try:
        return render_asli(self, *args, **kwargs)
    finally:
        menata["cpu"] += time.process_time() - mulai
        menata["dalam"] = 0


backend.Template.render = render_diukur


def cpu_ms(client, url, kali=7):
    cpu, tata = [], []
    for _ in range(kali):
        menata["cpu"] = 0.0
        mulai = time.process_time()
        client.get(url)
        cpu.append((time.process_time() - mulai) * 1000)
        tata.append(menata["cpu"] * 1000)
    return statistics.median(cpu), statistics.median(tata)


lantai_urls = override_settings(ROOT_URLCONF="lantai_urls")
lantai_urls.enable()
lantai_klien = {}
for nama, username, url in DAFTAR:
    client = Client(HTTP_HOST="127.0.0.1")
    if username:
        client.force_login(User.objects.get(username=username))
    client.get(url)
    if username not in lantai_klien:
        client.get("/_lantai/")
        lantai_klien[username] = cpu_ms(client, "/_lantai/", 21)[0]
    cpu, tata = cpu_ms(client, url)
    with CaptureQueriesContext(connection) as cq:
        mulai = time.perf_counter()
        status = client.get(url).status_code
        total = (time.perf_counter() - mulai) * 1000
    kueri = sorted(
        ((float(q["time"]) * 1000, q["sql"]) for q in cq.captured_queries), reverse=True
    )
    rencana = []
    if kueri and kueri[0][1].lstrip("( ").upper().startswith("SELECT"):
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + kueri[0][1])
            rencana = [r[0] for r in cur.fetchall()]
    prof = cProfile.Profile()
    prof.enable()
    client.get(url)
    prof.disable()
    st = pstats.Stats(prof)
    baris = []
    for (berkas, no, fungsi), (cc, nc, tt, ct, _c) in st.stats.items():
        berkas = berkas.replace(AKAR + "/", "")
        if "site-packages/" in berkas:
            berkas = berkas.split("site-packages/", 1)[1]
        elif "/lib/python3" in berkas:
            berkas = berkas.split("/lib/", 1)[1].split("/", 1)[1]
        baris.append((tt * 1000, ct * 1000, nc, f"{berkas}:{no}({fungsi})"))
    sendiri = sorted(baris, reverse=True)[:10]
    proyek = sorted(
        (b for b in baris if b[3].split("/", 1)[0] in APLIKASI and "middleware" not in b[3]),
        key=lambda b: b[1], reverse=True,
    )[:10]
    teks = io.StringIO()
    pstats.Stats(prof, stream=teks).sort_stats("tottime").print_stats(40)
    hasil[nama] = {
        "status": status,
        "total_ms": total,
        "kueri_n": len(kueri),
        "kueri_ms": sum(k[0] for k in kueri),
        "kueri": kueri[:8],
        "rencana": rencana,
        "sendiri": sendiri,
        "proyek": proyek,
        "cprofile": teks.getvalue(),
        "cpu_ms": cpu,
        "menata_ms": tata,
        "lantai_cpu_ms": lantai_klien[username],
    }
"""


def profilkan(database_url: str, halaman: list[tuple[str, str | None, str]]) -> dict:
    """Profiles of ``halaman`` ([(nama, username, url)]), each run in-process."""
    if not halaman:
        return {}
    return peladen.django_json(database_url, PROFIL_KODE % {"daftar": halaman, "akar": str(ROOT)})


def _tulis_profil(ukuran: str, nama: str, p: dict) -> Path:
    PROFIL.mkdir(parents=True, exist_ok=True)
    berkas = PROFIL / f"{ukuran}-{nama}.txt"
    bagian = [
        f"{nama} pada {ukuran}: {p['total_ms']:.1f} ms dalam proses, status {p['status']}",
        f"{p['kueri_n']} kueri, {p['kueri_ms']:.1f} ms",
        f"CPU {p['cpu_ms']:.1f} ms (median 7), menata template {p['menata_ms']:.1f} ms; "
        f"lantai dalam proses {p['lantai_cpu_ms']:.1f} ms",
        "",
        "Kueri terlama:",
        *(f"{ms:8.1f} ms  {sql}" for ms, sql in p["kueri"]),
        "",
        "EXPLAIN ANALYZE kueri terlama:",
        *p["rencana"],
        "",
        "Fungsi proyek (waktu kumulatif):",
        *(f"{ct:8.1f} ms  {nc:6d}×  {f}" for _tt, ct, nc, f in p["proyek"]),
        "",
        p["cprofile"],
    ]
    berkas.write_text("\n".join(bagian))
    return berkas


def _sql_pendek(sql: str, batas: int = 200) -> str:
    """A query for reading: one line, the column lists elided."""
    sql = re.sub(
        r"\bSELECT ((?:(?!\bFROM\b).)*?) FROM",
        lambda m: m.group(0) if len(m.group(1)) < 40 else "SELECT … FROM",
        " ".join(sql.split()),
    )
    sql = sql.replace('"', "")
    return sql if len(sql) <= batas else sql[:batas] + " …"


def ringkas_profil(p: dict) -> str:
    """A few lines on a profile: time in the database, the slowest query and its plan,
    the project's functions that take the time."""
    teks = (
        f"sekali jalan dalam proses {p['total_ms']:.0f} ms, {p['kueri_n']} kueri "
        f"{p['kueri_ms']:.0f} ms"
    )
    if "cpu_ms" in p:
        lantai, sisa = p["lantai_cpu_ms"], p["cpu_ms"] - p["menata_ms"]
        teks += (
            f"; CPU dalam proses {p['cpu_ms']:.1f} ms = {p['cpu_ms'] / lantai:.1f}× lantai "
            f"dalam proses ({lantai:.1f} ms), di antaranya menata template "
            f"{p['menata_ms']:.1f} ms = {p['menata_ms'] / lantai:.1f}× lantai; tanpa menata "
            f"pun {sisa:.1f} ms = {sisa / lantai:.1f}× lantai"
        )
    if p["kueri"]:
        ms, sql = p["kueri"][0]
        teks += f"; kueri terlama {ms:.0f} ms: `{_sql_pendek(sql)}`"
        rencana = [r.strip() for r in p["rencana"]]
        waktu = [r for r in rencana if r.startswith(("Planning Time", "Execution Time"))]
        berat = [
            re.sub(r"\s*\(cost=[^)]*\)", "", r.removeprefix("->").strip())
            for r in rencana
            if any(k in r for k in ("Seq Scan", "external merge", "Rows Removed by Filter"))
        ][:3]
        if waktu or berat:
            teks += " (" + "; ".join(f"`{r}`" for r in berat + waktu) + ")"
    proyek = ", ".join(f"`{f}` {ct:.0f} ms" for _tt, ct, _nc, f in p["proyek"][:4])
    sendiri = ", ".join(
        f"`{f}` {tt:.0f} ms" for tt, _ct, _nc, f in p["sendiri"] if "psycopg" not in f
    )
    return (
        f"{teks}. Di bawah cProfile, fungsi proyek (kumulatif): {proyek}; waktu sendiri terbesar: "
        + (", ".join(sendiri.split(", ")[:3]) + ".")
    )


# --- results --------------------------------------------------------------------------


def _baca_hasil() -> dict:
    if HASIL.exists():
        return json.loads(HASIL.read_text())
    return {}


def _sasaran(h: dict, lantai: float) -> list[str]:
    """The targets page ``h`` (one size's stored record) misses, in words."""
    meleset = []
    if h["galat"]:
        meleset.append(f"galat {h['galat']}")
    rasio = h["p50"] / lantai
    if rasio > h["target"]:
        meleset.append(f"{rasio:.1f}× lantai (target ≤ {h['target']:g}×)")
    if h["byte"] > BATAS_KB * 1024:
        meleset.append(f"{h['byte'] / 1024:.0f} KB (target ≤ ~{BATAS_KB} KB)")
    return meleset


def tumbuh(kecil: dict, besar: dict) -> float:
    """How much a page grew from one size to another (stored records of the same page),
    each p50 taken relative to its own run's floor, so that the machine being busier in
    one run than in the other does not count as growth."""
    return (besar["p50"] / besar["lantai_p50"]) / (kecil["p50"] / kecil["lantai_p50"])


def _baris_1k_100k(kecil: dict, besar: dict) -> str:
    """ "a → b": the rows the page showed at 1k and at 100k ("" if not counted)."""
    a, b = kecil.get("baris"), besar.get("baris")
    return "" if a is None or b is None else f"{a} → {b}"


def _fmt(ms: float) -> str:
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def bagian_halaman(semua: dict) -> str:
    """The "Halaman" section of BENCHMARKS.md from the stored results."""
    ada = [u for u in UKURAN if u in semua]
    baris = [
        "## Halaman",
        "",
        "Dihasilkan oleh `bench/pages.py` (bagian dari `make bench`): gunicorn (2 *worker*, "
        "DEBUG mati) dan PostgreSQL di mesin yang sama, kabupaten sintetis "
        "(`manage.py bangun_kabupaten`), diukur sebagai pejabat OPD besar "
        f"(`{OPD}`, kasus terberat untuk daftar). Setiap halaman diminta oleh {KLIEN} klien "
        "bersamaan: pemanasan, lalu p50 dan p95 dari permintaan berikutnya. Lantai = "
        "tampilan Django kosong (`/_lantai/`) melalui *middleware* dan sesi yang sama, "
        "diukur berselang-seling di antara halaman dalam jalan yang sama; rasio = p50 "
        "halaman / p50 lantai. Setiap ukuran data dilayani gunicorn-nya sendiri, ketiganya "
        "berjalan bersamaan dan diminta bergiliran: setiap halaman diukur pada semua ukuran "
        "berturut-turut (urutannya dibalik setiap halaman berikutnya), masing-masing "
        "didahului satu blok lantai servernya, sehingga mesin yang melambat atau mencepat "
        "selama jalan mengenai semua ukuran hampir sama. Semua halaman diukur demikian "
        "beberapa putaran (`--putaran`, bawaan 3); p50, p95 dan CPU dari permintaan semua "
        "putaran digabung (kolom n pada keluaran). CPU = waktu CPU *worker* gunicorn "
        "per permintaan (tanpa PostgreSQL): hampir tidak terpengaruh pekerjaan lain di "
        "mesin, tidak seperti latensi; bila rasio p50 dan rasio CPU jauh berbeda, mesin "
        "sedang sibuk. Ukuran = badan jawaban HTML (tanpa kompresi).",
        "",
        "Ukuran data: 1k = 1.000 surat; 20k = 20.000 surat; 100k = 50.000 surat di seluruh "
        f"kabupaten + 50.000 surat satu tahun di `{OPD}`.",
        "",
    ]
    for u in ada:
        d = semua[u]
        baris += [
            f"### {u}",
            "",
            f"Dijalankan {d['waktu']}; {d['mesin']}. Pengguna: "
            + ", ".join(f"{p} `{n}`" for p, n in d["peran"].items())
            + f". Agenda tahun {d['tahun']}: {d['agenda_baris']} baris terlihat oleh Kasubbag.",
            "",
            "| Halaman | p50 (ms) | p95 (ms) | × lantai | Target | CPU (ms) | CPU × lantai "
            "| KB | Tercapai |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
            f"| Lantai `/_lantai/` | {_fmt(d['lantai']['p50'])} | {_fmt(d['lantai']['p95'])} "
            f"| 1.0× | | {_fmt(d['lantai'].get('cpu', 0))} | 1.0× | | |",
        ]
        for h in d["halaman"].values():
            lantai = h.get("lantai_p50", d["lantai"]["p50"])
            meleset = _sasaran(h, lantai)
            cpu, cpu_lantai = h.get("cpu"), h.get("lantai_cpu")
            rasio_cpu = f"{cpu / cpu_lantai:.1f}×" if cpu and cpu_lantai else "–"
            baris.append(
                f"| {h['label']} | {_fmt(h['p50'])} | {_fmt(h['p95'])} | "
                f"{h['p50'] / lantai:.1f}× | ≤ {h['target']:g}× | {_fmt(cpu) if cpu else '–'} | "
                f"{rasio_cpu} | "
                f"{h['byte'] / 1024:.0f} | {'TIDAK' if meleset else 'ya'} |"
            )
        lama: dict[str, list[str]] = {}
        for h in d["halaman"].values():
            if h["waktu"] != d["waktu"]:
                lama.setdefault(h["waktu"], []).append(h["label"])
        for waktu, label in lama.items():
            baris += ["", f"Dari jalan {waktu} (dengan lantai jalan itu): {', '.join(label)}."]
        baris.append("")
    melar = []
    if "1k" in semua and "100k" in semua:
        kecil, besar = semua["1k"]["halaman"], semua["100k"]["halaman"]
        baris += [
            "### Pertumbuhan 1k → 100k (target ≤ 1,5×)",
            "",
            "Pertumbuhan = (p50 / lantai pada 100k) / (p50 / lantai pada 1k): setiap p50 "
            "dibandingkan dengan lantai jalannya sendiri, sehingga mesin yang lebih sibuk pada "
            "satu jalan tidak terhitung sebagai pertumbuhan. Kolom p50 dalam ms.",
            "",
            "Baris = butir atau baris daftar yang ditampilkan halaman pada 1k → 100k (halaman "
            "daftar saja; Dasbor: tabel surat terlambatnya): halaman 100k yang penuh menata "
            "lebih banyak baris daripada halaman 1k yang hampir kosong.",
            "",
            "| Halaman | p50 1k | p50 20k | p50 100k | 100k / 1k (mentah) | Pertumbuhan | "
            "CPU 1k → 100k | Baris | Tercapai |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        sedang = semua.get("20k", {}).get("halaman", {})
        for nama, h in besar.items():
            if nama not in kecil:
                continue
            r = tumbuh(kecil[nama], h)
            if r > TUMBUH:
                melar.append((nama, r))
            tengah = _fmt(sedang[nama]["p50"]) if nama in sedang else "–"
            cpu_kecil, cpu_besar = kecil[nama].get("cpu"), h.get("cpu")
            cpu = f"{cpu_besar / cpu_kecil:.2f}×" if cpu_kecil and cpu_besar else "–"
            baris.append(
                f"| {h['label']} | {_fmt(kecil[nama]['p50'])} | {tengah} | {_fmt(h['p50'])} | "
                f"{h['p50'] / kecil[nama]['p50']:.2f}× | {r:.2f}× | {cpu} | "
                f"{_baris_1k_100k(kecil[nama], h) or '–'} | {'TIDAK' if r > TUMBUH else 'ya'} |"
            )
        baris.append("")
    baris += ["### Target yang belum tercapai", ""]
    ada_meleset = False
    for u in ada:
        d = semua[u]
        for nama, h in d["halaman"].items():
            meleset = _sasaran(h, h.get("lantai_p50", d["lantai"]["p50"]))
            r = dict(melar).get(nama) if u == "100k" else None
            if r:
                meleset.append(f"tumbuh {r:.2f}× dari 1k (target ≤ {TUMBUH:g}×)")
                if jumlah := _baris_1k_100k(semua["1k"]["halaman"].get(nama, {}), h):
                    meleset.append(f"baris di halaman 1k → 100k: {jumlah}")
            if not meleset:
                continue
            ada_meleset = True
            teks = f"- **{h['label']}, {u}**: " + "; ".join(meleset) + "."
            profil = d.get("profil", {}).get(nama)
            if profil:
                teks += f" Profil ({u}, `.bench/profil/{u}-{nama}.txt`): " + ringkas_profil(profil)
            baris.append(teks)
    if not ada_meleset:
        baris.append("Semua target tercapai.")
    baris.append("")
    return "\n".join(baris)


def ganti_bagian(teks: str, judul: str, isi: str, sebelum: str = "## Catatan") -> str:
    """``teks`` with section ``judul`` replaced by ``isi`` (added before ``sebelum``)."""
    awal = teks.find(f"\n{judul}\n")
    if awal >= 0:
        akhir = teks.find("\n## ", awal + 1)
        akhir = len(teks) if akhir < 0 else akhir + 1
        return (
            teks[: awal + 1]
            + isi.rstrip("\n")
            + "\n"
            + ("\n" + teks[akhir:] if akhir < len(teks) else "")
        )
    posisi = teks.find(f"\n{sebelum}\n")
    if posisi < 0:
        return teks.rstrip("\n") + "\n\n" + isi.rstrip("\n") + "\n"
    return teks[: posisi + 1] + isi.rstrip("\n") + "\n\n" + teks[posisi + 1 :]


def tulis_benchmarks(judul: str, isi: str) -> None:
    teks = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmark SOP Surat\n"
    BENCHMARKS.write_text(ganti_bagian(teks, judul, isi))


# --- the run ------------------------------------------------------------------------


def periksa_postgres() -> None:
    try:
        with psycopg.connect(peladen.SERVER, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        sys.exit(
            f"PostgreSQL tidak dapat dihubungi ({peladen.SERVER}): {exc}\n"
            "Benchmark halaman dan uji beban memerlukan PostgreSQL. Jalankan server "
            "PostgreSQL atau atur "
            "BENCH_POSTGRES=postgres://pengguna@host:port/basisdata."
        )


def basis_data(ukuran: str, bangun_ulang: bool, tulis) -> str | None:
    """The database of that size (built if missing); None if one is there half-built."""
    surat, besar = UKURAN[ukuran]
    nama = f"sop_bench_{surat}_{besar}"
    with psycopg.connect(peladen.SERVER, autocommit=True) as conn:
        ada = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nama]).fetchone()
    if ada and not bangun_ulang:
        with psycopg.connect(peladen.url_basis_data(nama)) as conn:
            siap = conn.execute("SELECT 1 FROM pg_tables WHERE tablename = 'bench_siap'").fetchone()
        if not siap:
            tulis(
                f"{ukuran}: basis data {nama} ada tetapi belum selesai dibangun (mungkin sedang "
                "dibangun); dilewati. Pakai --bangun-ulang untuk membangunnya lagi."
            )
            return None
    return peladen.siapkan(surat, besar, bangun_ulang=bangun_ulang, tulis=tulis)


def _daftar(info: dict, args) -> list[Halaman]:
    return [
        h
        for h in halaman_daftar(info)
        if not args.halaman or any(h.nama.startswith(p) for p in args.halaman)
    ]


def jalankan(url_db: dict[str, str], args, tulis) -> dict[str, dict]:
    """The pages at every size of ``url_db``, each size served by its own gunicorn, all of
    them running at once and asked in turns (:func:`_ukur_bergantian`)."""
    info, daftar = {}, {}
    for u, url in url_db.items():
        tulis(f"{u}: mencari pengguna dan surat …")
        info[u] = peladen.django_json(url, CARI % {"opd": OPD})
        daftar[u] = _daftar(info[u], args)
    waktu = datetime.datetime.now(WIB).strftime("%Y-%m-%d %H:%M WIB")
    with contextlib.ExitStack() as tumpukan:
        pengukur = []
        for u, url in url_db.items():
            server = tumpukan.enter_context(peladen.Peladen(url, workers=2, threads=1))
            cookies = {
                peran: peladen.masuk(server.url, username)
                for peran, username in info[u]["peran"].items()
                if any(h.peran == peran for h in daftar[u]) or peran == "kepala"
            }
            pengukur.append(Pengukur(u, server, cookies, args, tulis))
        lantai = asyncio.run(_ukur_bergantian(pengukur, daftar, args.putaran))
    hasil = {}
    for p, dasar in zip(pengukur, lantai, strict=True):
        tulis(
            f"  {p.ukuran:>4} lantai p50 {dasar.p50:.2f} ms, p95 {dasar.p95:.2f} ms, "
            f"CPU {dasar.cpu:.2f} ms (n={dasar.n})"
        )
        hasil[p.ukuran] = _catatan(info[p.ukuran], daftar[p.ukuran], dasar, p.hasil, waktu)
    return hasil


def _catatan(info: dict, daftar: list[Halaman], lantai: Ukuran, hasil: dict, waktu: str) -> dict:
    """One size's stored record of a run."""
    catatan = {
        h.nama: {
            "label": h.label,
            "url": h.url,
            "peran": h.peran,
            "target": h.target,
            "lantai_p50": lantai.p50,
            "lantai_cpu": lantai.cpu,
            "waktu": waktu,
            **vars(hasil[h.nama]),
        }
        for h in daftar
    }
    return {
        "waktu": waktu,
        "mesin": peladen.mesin(),
        "peran": info["peran"],
        "tahun": info["tahun"],
        "agenda_baris": info["agenda_baris"],
        "lantai": vars(lantai),
        "halaman": catatan,
        "info": info,
    }


def gabung(lama: dict, baru: dict) -> dict:
    """A run of some pages of a size, merged over that size's earlier results."""
    diukur = set(baru["halaman"])
    halaman = {**lama.get("halaman", {}), **baru["halaman"]}
    urutan = [h.nama for h in halaman_daftar(baru["info"])]
    baru["halaman"] = dict(
        sorted(halaman.items(), key=lambda kv: urutan.index(kv[0]) if kv[0] in urutan else 99)
    )
    baru["profil"] = {n: p for n, p in lama.get("profil", {}).items() if n not in diukur}
    return baru


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark halaman utama SOP Surat.")
    parser.add_argument(
        "--ukuran",
        default=",".join(UKURAN),
        help="Ukuran data, dipisah koma (bawaan: 1k,20k,100k).",
    )
    parser.add_argument(
        "--halaman",
        default="",
        help="Hanya halaman yang namanya diawali salah satu kata ini, dipisah koma "
        "(mis. agenda,kotak); bawaan: semua.",
    )
    parser.add_argument(
        "--ulang", type=int, default=100, help="Permintaan terukur per halaman per putaran."
    )
    parser.add_argument(
        "--putaran",
        type=int,
        default=3,
        help="Berapa kali semua halaman diukur bergiliran; permintaannya digabung (bawaan: 3).",
    )
    parser.add_argument(
        "--pemanasan", type=int, default=8, help="Permintaan pemanasan per halaman."
    )
    parser.add_argument("--lantai", type=int, default=40, help="Permintaan lantai per blok.")
    parser.add_argument(
        "--batas", type=float, default=12, help="Paling lama (detik) mengukur satu halaman."
    )
    parser.add_argument("--tanpa-profil", action="store_true", help="Jangan memprofilkan.")
    parser.add_argument(
        "--bangun-ulang", action="store_true", help="Bangun ulang basis data ukuran yang dipilih."
    )
    args = parser.parse_args()
    args.halaman = [p.strip() for p in args.halaman.split(",") if p.strip()]
    pilihan = [u.strip() for u in args.ukuran.split(",") if u.strip()]
    salah = [u for u in pilihan if u not in UKURAN]
    if salah:
        sys.exit(f"Ukuran tidak dikenal: {', '.join(salah)} (pilih dari {', '.join(UKURAN)}).")
    periksa_postgres()
    peladen.KERJA.mkdir(exist_ok=True)
    tulis = lambda s: print(s, flush=True)  # noqa: E731
    mulai = time.monotonic()
    semua = _baca_hasil()
    url_db = {}
    for u in pilihan:
        url = basis_data(u, args.bangun_ulang, tulis)
        if url is not None:
            url_db[u] = url
    for u, baru in jalankan(url_db, args, tulis).items():
        semua[u] = gabung(semua.get(u, {}), baru) if args.halaman else baru
    HASIL.write_text(json.dumps(semua, indent=1, default=str))
    if not args.tanpa_profil:
        for u, url in url_db.items():
            d = semua[u]
            perlu = []
            for nama, h in d["halaman"].items():
                if h["waktu"] != d["waktu"]:
                    continue
                meleset = bool(_sasaran(h, h["lantai_p50"]))
                if u == "100k" and "1k" in semua and nama in semua["1k"]["halaman"]:
                    meleset |= tumbuh(semua["1k"]["halaman"][nama], h) > TUMBUH
                if meleset:
                    perlu.append(
                        (nama, d["peran"].get(h["peran"]) if h["peran"] else None, h["url"])
                    )
            if perlu:
                tulis(f"{u}: memprofilkan {len(perlu)} halaman yang meleset dari target …")
                profil = profilkan(url, perlu)
                d.setdefault("profil", {}).update(profil)
                for nama, p in profil.items():
                    _tulis_profil(u, nama, p)
            HASIL.write_text(json.dumps(semua, indent=1, default=str))
    tulis_benchmarks("## Halaman", bagian_halaman(semua))
    tulis(f"Selesai dalam {time.monotonic() - mulai:.0f} s; hasil di docs/BENCHMARKS.md.")


if __name__ == "__main__":
    main()
