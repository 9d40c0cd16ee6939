"""Load test (run: make bench): officials of several units at work at once, at 100k letters.

On a copy of the 100k database (``sop_bench_locust``, made from ``sop_bench_50000_50000``
as a template and dropped afterwards, since the SOP steps write), gunicorn (2 workers) and
the task worker (``manage.py db_worker``: big registers, batch signing, e-mail) run as in
an office; locust (``bench/locustfile.py``, headless) plays five officials per unit —
Pelaksana, Kasubbag, Kabid, Sekretaris, Kepala — of the big OPD and further units, each
clicking every few seconds: Kotak Masuk, letter pages, every SOP step (a new draft through
the form, Ajukan, Beri Nomor, Paraf, Setujui, Tandatangani with a demo TTE key, Kirim, now
and then a return for revision), Surat Saya, Agenda, Dasbor, a letter's PDF, a register.
One more user asks for the floor ``/_lantai/`` twice a second: whether a slow request
(PDF, signing, register) makes the cheap ones wait.

The synthetic officials have no TTE keys; the copy gets demo keys (passphrase = the demo
password) for the signers of the chosen units.

Each gunicorn configuration in ``--threads`` (default ``1,4``: sync workers, then 4
threads per worker) gets its own run. Targets (issue 16): 0 failures, p95 ≤ 300 ms for
the HTML pages, the floor not starved. Results: the "Uji beban" section of
docs/BENCHMARKS.md.

    python bench/beban.py                  # threads 1 and 4, 3 minutes each
    python bench/beban.py --threads 4 --lama 1m --unit 3
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx
import pages
import peladen
import psycopg

SALINAN = "sop_bench_locust"
KERJA = peladen.KERJA / "beban"
TARGET_HTML = 300  # ms, p95
PEMANASAN = 5  # seconds after the last login left out of the figures (cold workers)
UKURAN_TEKS = {
    "1k": "1k (1.000 surat)",
    "20k": "20k (20.000 surat)",
    "100k": "100k (50.000 surat di kabupaten + 50.000 di `dindik`)",
}
JENIS = {
    "html": "Halaman HTML",
    "berkas": "PDF surat, gambar pratinjau, register",
    "kirim": "Formulir dikirim (langkah SOP, konsep baru)",
    "masuk": "Masuk (sekali per pengguna)",
    "lantai": "Lantai `/_lantai/` selama beban",
}

# Runs in a Django shell on the copy; sets ``hasil``: the units, their officials, keys.
SIAPKAN = """
from django.conf import settings
from approvals import kabupaten
from letters.models import AgendaEntry, Letter, PengaturanSurat, pengaturan_surat
from organisasi.models import PERAN_KEPALA, Assignment, Peran
from tte.demo_ca import issue_demo_key
from tte.models import KunciTte

JUMLAH = %(jumlah)d
DEF = Assignment.Jenis.DEFINITIF
berlaku = Assignment.objects.berlaku().filter(jenis=DEF).select_related("user", "position")

def pemegang(**saring):
    return berlaku.filter(**saring).order_by("user__username").first()

units = list(kabupaten.generated_units().filter(induk=None).order_by("pk"))
units.sort(key=lambda u: not berlaku.filter(
    position__unit=u, position__peran=PERAN_KEPALA, user__username__startswith="dindik.").exists())
PERAN = ("pelaksana", "kasubbag", "kabid", "sekretaris", "kepala")
pilihan, pegawai, pakai = {}, {p: [] for p in PERAN}, set()
for unit in units:
    if len(pilihan) == JUMLAH:
        break
    if pengaturan_surat(unit).metode_ttd == PengaturanSurat.MetodeTtd.MANUAL:
        continue
    kepala = pemegang(position__unit=unit, position__peran=PERAN_KEPALA)
    sek = pemegang(position__unit=unit, position__peran=Peran.SEKCAM)
    kasubbag = pemegang(position__unit__instansi=unit, position__peran=Peran.KASUBBAG_UMPEG)
    pelaksana = pemegang(
        position__unit__instansi=unit,
        position__peran=Peran.PELAKSANA,
        position__atasan__peran=Peran.PEJABAT_PENGAWAS,
    )
    kabid = pelaksana and pemegang(position=pelaksana.position.atasan)
    orang = [kepala, sek, kasubbag, pelaksana, kabid]
    if not all(orang) or len({a.user_id for a in orang}) < 5:
        continue
    for a in (kepala, sek):
        if not KunciTte.objects.filter(user=a.user).exists():
            issue_demo_key(a.user, settings.DEMO_PASSWORD)
    kode = Letter.objects.filter(unit=unit).order_by("pk").values_list(
        "klasifikasi__kode", flat=True).first()
    tahun = AgendaEntry.objects.filter(unit=unit).order_by("-tahun").values_list(
        "tahun", flat=True).first()
    pilihan[unit.nama] = {
        "kepala_pos": kepala.position_id,
        "klasifikasi": kode,
        "tahun": tahun,
        "surat": Letter.objects.filter(unit=unit).count(),
    }
    for peran, a in zip(("kepala", "sekretaris", "kasubbag", "pelaksana", "kabid"), orang):
        pegawai[peran].append({"unit": unit.nama, "username": a.user.username,
                               "pengawas_pos": kabid.position_id, "peran": peran})
        pakai.add(a.user_id)
pertama = next(iter(pilihan))
pengamat = (
    Assignment.objects.berlaku().filter(position__unit__instansi__nama=pertama)
    .exclude(user_id__in=pakai).order_by("user__username").first().user.username
)
hasil = {"unit": pilihan, "pegawai": pegawai, "pengamat": pengamat,
         "kata_sandi": settings.DEMO_PASSWORD}
"""


def salin(sumber: str, tulis) -> str:
    """A fresh copy of database ``sumber`` (and its media); its URL."""
    with psycopg.connect(peladen.SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SALINAN}" WITH (FORCE)')
        mulai = time.monotonic()
        try:
            conn.execute(f'CREATE DATABASE "{SALINAN}" TEMPLATE "{sumber}"')
        except psycopg.errors.ObjectInUse:
            sys.exit(
                f"Basis data {sumber} sedang dipakai koneksi lain, sehingga tidak dapat "
                "disalin. Hentikan benchmark lain yang memakainya, lalu ulangi."
            )
    tulis(f"Salinan {SALINAN} dibuat dalam {time.monotonic() - mulai:.0f} s.")
    media = peladen.KERJA / sumber / "media"
    tujuan = peladen.KERJA / SALINAN / "media"
    shutil.rmtree(tujuan, ignore_errors=True)
    if media.exists():
        shutil.copytree(media, tujuan)
    return peladen.url_basis_data(SALINAN)


def hapus_salinan() -> None:
    with psycopg.connect(peladen.SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SALINAN}" WITH (FORCE)')
    shutil.rmtree(peladen.KERJA / SALINAN, ignore_errors=True)


def lantai_diam(base_url: str, cookies, n: int = 200) -> list[float]:
    """The floor with nothing else running (one client), for comparison."""
    waktu = []
    with httpx.Client(base_url=base_url, cookies=cookies, timeout=30) as client:
        for i in range(n + 10):
            mulai = time.perf_counter()
            client.get("/_lantai/")
            if i >= 10:
                waktu.append((time.perf_counter() - mulai) * 1000)
    return waktu


def uji_kelaparan(base_url: str, data: dict, detik: float = 20) -> dict:
    """The floor while two clients keep asking for a slow page: a year's Agenda PDF of a
    small unit (below REGISTER_LATAR_BARIS lines, so made by the web worker itself)."""
    pegawai = data["pegawai"]["kasubbag"][-1]
    tahun = data["unit"][pegawai["unit"]]["tahun"]
    url = f"/agenda/cetak/?jenis=tahun&tahun={tahun}&unduh=agenda.pdf"
    cookies = peladen.masuk(base_url, pegawai["username"])
    lantai_cookies = peladen.masuk(base_url, data["pengamat"])
    lambat, lantai, galat = [], [], []
    akhir = time.monotonic() + detik

    def minta_lambat():
        with httpx.Client(base_url=base_url, cookies=cookies, timeout=120) as client:
            while time.monotonic() < akhir:
                mulai = time.perf_counter()
                jawab = client.get(url)
                if jawab.status_code != 200 or not jawab.content.startswith(b"%PDF"):
                    galat.append(jawab.status_code)
                lambat.append((time.perf_counter() - mulai) * 1000)

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        tugas = [pool.submit(minta_lambat) for _ in range(2)]
        time.sleep(1)  # both slow requests under way
        with httpx.Client(base_url=base_url, cookies=lantai_cookies, timeout=120) as client:
            while time.monotonic() < akhir:
                mulai = time.perf_counter()
                client.get("/_lantai/")
                lantai.append((time.perf_counter() - mulai) * 1000)
                time.sleep(0.1)
        for t in tugas:
            t.result()
    return {"url": url, "lambat": ringkas(lambat), "lantai": ringkas(lantai), "galat": galat}


def ringkas(waktu: list[float]) -> dict:
    if not waktu:
        return {"n": 0, "p50": 0, "p95": 0, "maks": 0}
    return {
        "n": len(waktu),
        "p50": pages._persentil(waktu, 50),
        "p95": pages._persentil(waktu, 95),
        "maks": max(waktu),
    }


SURAT_DIAM = "django.core.mail.backends.dummy.EmailBackend"  # no e-mail leaves the test


@contextlib.contextmanager
def pekerja(url_db: str, log: Path):
    """``manage.py db_worker`` on that database while the block runs."""
    with open(log, "w") as keluar:
        proses = subprocess.Popen(
            [peladen.PYTHON, str(peladen.ROOT / "manage.py"), "db_worker", "--no-reload"],
            env=peladen._env(url_db, EMAIL_BACKEND=SURAT_DIAM),
            cwd=peladen.ROOT,
            stdout=keluar,
            stderr=subprocess.STDOUT,
        )
        try:
            yield proses
        finally:
            proses.terminate()
            proses.wait(30)


def locust(base_url: str, data: dict, keluaran: Path, args, log: Path) -> None:
    berkas_data = KERJA / "data.json"
    berkas_data.write_text(json.dumps(data))
    jumlah_unit = len(data["unit"])
    env = {
        **os.environ,
        "BEBAN_DATA": str(berkas_data),
        "BEBAN_KELUARAN": str(keluaran),
        "BEBAN_UNIT": str(jumlah_unit),
        "BEBAN_JEDA": args.jeda,
    }
    perintah = [
        *(peladen.PYTHON, "-m", "locust", "-f", str(peladen.ROOT / "bench" / "locustfile.py")),
        *("--headless", "--only-summary", "--host", base_url, "--run-time", args.lama),
        *("-u", str(5 * jumlah_unit + 1), "-r", "5", "--stop-timeout", "60"),
    ]
    with open(log, "w") as keluar:
        subprocess.run(perintah, env=env, cwd=peladen.ROOT, stdout=keluar, stderr=subprocess.STDOUT)


def satu_jalan(url_db: str, data: dict, threads: int, args, tulis) -> dict:
    """One locust run against gunicorn with ``threads`` threads per worker."""
    KERJA.mkdir(parents=True, exist_ok=True)
    keluaran = KERJA / f"catatan-{threads}.json"
    keluaran.unlink(missing_ok=True)
    log = KERJA / f"locust-{threads}.log"
    with (
        pekerja(url_db, KERJA / f"worker-{threads}.log"),
        peladen.Peladen(url_db, workers=2, threads=threads, EMAIL_BACKEND=SURAT_DIAM) as server,
    ):
        diam = ringkas(lantai_diam(server.url, peladen.masuk(server.url, data["pengamat"])))
        tulis(
            f"  threads={threads}: lantai tanpa beban p50 {diam['p50']:.1f} ms, "
            f"p95 {diam['p95']:.1f} ms; locust {5 * len(data['unit']) + 1} pengguna, "
            f"{args.lama} …"
        )
        kelaparan = uji_kelaparan(server.url, data)
        tulis(
            f"  register di worker web p50 {kelaparan['lambat']['p50']:.0f} ms; lantai "
            f"bersamaan p50 {kelaparan['lantai']['p50']:.0f} ms, p95 "
            f"{kelaparan['lantai']['p95']:.0f} ms"
        )
        locust(server.url, data, keluaran, args, log)
    if not keluaran.exists():
        sys.exit(f"locust tidak menulis hasil; lihat {log}")
    hasil = olah(json.loads(keluaran.read_text()), threads, diam)
    hasil["kelaparan"] = kelaparan
    return hasil


def olah(catatan: list, threads: int, diam: dict) -> dict:
    awal = min(c[0] for c in catatan)
    akhir = max(c[0] for c in catatan)
    # The figures start once everyone has logged in (PBKDF2: heavy, once per user).
    mulai = max((c[0] for c in catatan if c[1] == "masuk"), default=awal) + PEMANASAN
    per_jenis, per_nama = defaultdict(list), defaultdict(list)
    gagal: dict[str, int] = defaultdict(int)
    gagal_nama: dict[str, int] = defaultdict(int)
    jenis_nama = {}
    for t, jenis, nama, ms, pesan in catatan:
        if pesan:
            gagal[f"{nama}: {pesan}"] += 1
            gagal_nama[nama] += 1
        if t < mulai or pesan:
            continue
        per_jenis[jenis].append(ms)
        per_nama[nama].append(ms)
        jenis_nama[nama] = jenis
    return {
        "threads": threads,
        "detik": akhir - awal,
        "permintaan": len(catatan),
        "gagal": dict(gagal),
        "lantai_diam": diam,
        "jenis": {j: ringkas(w) for j, w in per_jenis.items()},
        "nama": {
            n: {**ringkas(w), "jenis": jenis_nama[n], "gagal": gagal_nama.get(n, 0)}
            for n, w in sorted(per_nama.items())
        },
    }


def _label(h: dict) -> str:
    return f"2 worker × {h['threads']} thread" if h["threads"] > 1 else "2 worker sync"


def bagian(hasil: list[dict], data: dict, args, waktu: str) -> str:
    unit = data["unit"]
    baris = [
        "## Uji beban",
        "",
        f"Dijalankan {waktu}; {peladen.mesin()}. Dihasilkan oleh `bench/beban.py` (bagian "
        "dari `make bench`) dengan locust (`bench/locustfile.py`) pada salinan basis data "
        f"{UKURAN_TEKS[args.ukuran]}, gunicorn 2 *worker* dan "
        "`manage.py db_worker` di mesin yang sama (locust juga). "
        f"{len(unit)} unit ({', '.join(unit)}), masing-masing Pelaksana, Kasubbag, Kabid/Kasi, "
        f"Sekretaris/Sekcam dan Kepala/Camat: {5 * len(unit)} pegawai, masing-masing mengklik "
        f"setiap {args.jeda.replace(',', '–')} detik (acak), selama {args.lama}: Kotak Masuk, "
        "halaman surat, setiap langkah SOP (konsep baru lewat formulir, Ajukan, Beri Nomor, "
        "Paraf, Setujui, Tandatangani dengan kunci TTE demo, Kirim, sesekali Kembalikan "
        "untuk Revisi), Surat Saya, Agenda (cari, halaman berikutnya), Dasbor, Notifikasi, "
        "PDF surat, register Agenda sebulan. Satu pengguna lagi meminta lantai `/_lantai/` "
        f"dua kali sedetik. Persentil dihitung mulai {PEMANASAN} detik setelah pengguna "
        "terakhir selesai masuk; kegagalan dihitung selama seluruh jalan (status ≥ 400, atau "
        "langkah SOP yang ditolak aplikasi).",
        "",
        "Pejabat sintetis tidak memiliki kunci TTE; salinan basis data memberi kunci demo "
        "kepada Kepala dan Sekretaris unit yang dipakai, sehingga Tandatangani berjalan "
        "sungguhan (render final, PAdES, cap waktu TSA demo). Surat bertanda tangan basah "
        "(unggah pindaian) tidak termasuk.",
        "",
        "| Gunicorn | Jenis | Jumlah | p50 (ms) | p95 (ms) | Maks (ms) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for h in hasil:
        label = _label(h)
        d = h["lantai_diam"]
        baris.append(
            f"| {label} | Lantai tanpa beban (satu klien) | {d['n']} | {d['p50']:.1f} | "
            f"{d['p95']:.1f} | {d['maks']:.0f} |"
        )
        for j, teks in JENIS.items():
            if j in h["jenis"]:
                r = h["jenis"][j]
                baris.append(
                    f"| {label} | {teks} | {r['n']} | {r['p50']:.0f} | {r['p95']:.0f} | "
                    f"{r['maks']:.0f} |"
                )
    if all("kelaparan" in h for h in hasil):
        baris += [
            "",
            "Permintaan lambat di *worker* web, tanpa locust: dua klien terus meminta "
            f"`{hasil[0]['kelaparan']['url']}` (Agenda setahun sebuah kecamatan sebagai PDF: "
            "di bawah `REGISTER_LATAR_BARIS` baris, jadi dibuat oleh *worker* web sendiri, "
            "bukan `db_worker`) selama 20 detik, sementara klien ketiga meminta lantai setiap "
            "0,1 detik.",
            "",
            "| Gunicorn | Register p50 (ms) | Register p95 (ms) | Lantai p50 (ms) | "
            "Lantai p95 (ms) | Lantai maks (ms) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for h in hasil:
            k = h["kelaparan"]
            baris.append(
                f"| {_label(h)} | {k['lambat']['p50']:.0f} | {k['lambat']['p95']:.0f} | "
                f"{k['lantai']['p50']:.1f} | {k['lantai']['p95']:.1f} | "
                f"{k['lantai']['maks']:.0f} |"
            )
    baris += ["", "Target:", ""]
    for h in hasil:
        label = _label(h)
        html = h["jenis"].get("html", {}).get("p95", 0)
        lantai = h["jenis"].get("lantai", {})
        n_gagal = sum(h["gagal"].values())
        baris.append(
            f"- **{label}**: {h['permintaan']} permintaan dalam {h['detik']:.0f} s, "
            f"**{n_gagal} gagal** (target 0: {'ya' if not n_gagal else 'TIDAK'}); p95 "
            f"halaman HTML {html:.0f} ms (target ≤ {TARGET_HTML} ms: "
            f"{'ya' if html <= TARGET_HTML else 'TIDAK'}); lantai selama beban p50 "
            f"{lantai.get('p50', 0):.0f} ms, p95 {lantai.get('p95', 0):.0f} ms, maks "
            f"{lantai.get('maks', 0):.0f} ms (tanpa beban p95 {h['lantai_diam']['p95']:.1f} ms)."
        )
        for pesan, n in sorted(h["gagal"].items(), key=lambda kv: -kv[1])[:10]:
            baris.append(f"  - {n}× {pesan}")
    sync = [h for h in hasil if h["threads"] == 1]
    berthread = [h for h in hasil if h["threads"] > 1]
    if sync and berthread:
        a, b = sync[0], berthread[0]

        def p95(h, jenis):
            return h["jenis"].get(jenis, {}).get("p95", 0)

        baris += [
            "",
            f"Perbandingan: dengan {b['threads']} *thread* per *worker*, p95 lantai selama "
            f"beban {p95(b, 'lantai'):.0f} ms (sync {p95(a, 'lantai'):.0f} ms), selama dua "
            f"register dibuat {b['kelaparan']['lantai']['p95']:.0f} ms (sync "
            f"{a['kelaparan']['lantai']['p95']:.0f} ms); p95 halaman HTML {p95(b, 'html'):.0f} "
            f"ms (sync {p95(a, 'html'):.0f} ms); {b['permintaan']} permintaan terlayani "
            f"(sync {a['permintaan']}). Dengan *worker* sync, permintaan murah menunggu di "
            "antrean selama kedua *worker* mengerjakan PDF, tanda tangan atau register; dengan "
            "*thread*, ia dilayani di sela-selanya (GIL dilepas saat menunggu basis data dan "
            "bergiliran setiap 5 ms saat menghitung).",
        ]
    for h in hasil:
        label = _label(h)
        baris += [
            "",
            f"Per permintaan ({label}):",
            "",
            "| Permintaan | Jenis | Jumlah | Gagal | p50 (ms) | p95 (ms) | Maks (ms) |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for nama, r in h["nama"].items():
            baris.append(
                f"| {nama} | {r['jenis']} | {r['n']} | {r['gagal']} | {r['p50']:.0f} | "
                f"{r['p95']:.0f} | {r['maks']:.0f} |"
            )
    baris.append("")
    return "\n".join(baris)


def main() -> None:
    parser = argparse.ArgumentParser(description="Uji beban SOP Surat (locust) pada 100k surat.")
    parser.add_argument(
        "--threads",
        default="1,4",
        help="Thread per worker gunicorn, dipisah koma; satu jalan per nilai (bawaan: 1,4).",
    )
    parser.add_argument("--lama", default="3m", help="Lama tiap jalan (bawaan: 3m).")
    parser.add_argument("--unit", type=int, default=5, help="Jumlah unit (bawaan: 5).")
    parser.add_argument(
        "--jeda", default="2,8", help="Jeda antarklik tiap pegawai, detik min,maks (bawaan: 2,8)."
    )
    parser.add_argument(
        "--ukuran",
        default="100k",
        choices=list(pages.UKURAN),
        help="Basis data yang disalin (bawaan: 100k; yang lebih kecil untuk mencoba).",
    )
    parser.add_argument(
        "--simpan", action="store_true", help="Jangan hapus salinan basis data sesudahnya."
    )
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(",") if t.strip()]
    pages.periksa_postgres()
    peladen.KERJA.mkdir(exist_ok=True)
    tulis = lambda s: print(s, flush=True)  # noqa: E731
    sumber = pages.basis_data(args.ukuran, False, tulis)
    if sumber is None:
        sys.exit(1)
    mulai = time.monotonic()
    waktu = datetime.datetime.now(pages.WIB).strftime("%Y-%m-%d %H:%M WIB")
    url_db = salin(sumber.rsplit("/", 1)[1], tulis)
    try:
        data = peladen.django_json(url_db, SIAPKAN % {"jumlah": args.unit})
        tulis(f"Unit: {', '.join(data['unit'])}.")
        hasil = [satu_jalan(url_db, data, t, args, tulis) for t in threads]
    finally:
        if not args.simpan:
            hapus_salinan()
    for h in hasil:
        html = h["jenis"].get("html", {})
        tulis(
            f"threads={h['threads']}: {h['permintaan']} permintaan, {sum(h['gagal'].values())} "
            f"gagal, HTML p95 {html.get('p95', 0):.0f} ms, lantai p95 "
            f"{h['jenis'].get('lantai', {}).get('p95', 0):.0f} ms"
        )
    (KERJA / "hasil.json").write_text(json.dumps(hasil, indent=1))
    pages.tulis_benchmarks("## Uji beban", bagian(hasil, data, args, waktu))
    tulis(f"Selesai dalam {time.monotonic() - mulai:.0f} s; hasil di docs/BENCHMARKS.md.")


if __name__ == "__main__":
    main()
