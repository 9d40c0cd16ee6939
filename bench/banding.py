"""Before and after: the main pages served by an earlier revision and by this tree, on the
same benchmark database, in one run (python bench/banding.py --dasar REV).

The page benchmark (bench/pages.py) compares each page with a bare view in the same run;
between two runs on a shared machine the absolute times move by a third and more, so it
cannot tell whether a change made a page faster. This does: each page is asked for
in-process (Django's test client, one request at a time, no gunicorn) by the earlier
revision (a git worktree) and by this tree, in alternating rounds (who goes first changes
each round), so both meet the same machine. Reported per page: the median wall time and
CPU time of each, and their ratio.

The earlier revision runs on this tree's database schema: fine while the migrations in
between only add (columns, indexes), as they do here.

    python bench/banding.py --dasar 9c3c2ef                # 100k, every page
    python bench/banding.py --dasar HEAD~3 --ukuran 20k --halaman agenda,dasbor
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys

import pages
import peladen

KERJA = peladen.KERJA / "banding"

# Runs in a fresh interpreter with the revision's code first on sys.path.
UKUR = """
import json, os, sys, time
import django
django.setup()
from django.test import Client
from organisasi.models import User

daftar, ulang, pemanasan = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
klien = {}
hasil = {}
for nama, username, url in daftar:
    if username not in klien:
        c = Client()
        if username:
            c.force_login(User.objects.get(username=username))
        klien[username] = c
    c = klien[username]
    for _ in range(pemanasan):
        c.get(url)
    dinding, cpu = [], []
    for _ in range(ulang):
        t, p = time.perf_counter(), time.process_time()
        status = c.get(url).status_code
        dinding.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - p) * 1000)
    hasil[nama] = {"dinding": dinding, "cpu": cpu, "status": status}
print(json.dumps(hasil))
"""


# --instruksi: the same requests under valgrind's callgrind, which counts the instructions
# the Django process executes (its own work, not PostgreSQL's): the same count however
# busy the machine is. One process per page; the parent turns counting on around the
# page's timed requests only (callgrind_control) and reads the count valgrind reports at
# exit. The collector is off meanwhile, so that a collection falling in one revision's
# requests and not the other's does not count.
UKUR_INSTRUKSI = """
import gc, sys
import django
django.setup()
from django.test import Client
from organisasi.models import User

username, url, ulang, pemanasan = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
c = Client()
if username:
    c.force_login(User.objects.get(username=username))
for _ in range(pemanasan):
    c.get(url)
gc.collect()
gc.disable()
print("MULAI", flush=True)
sys.stdin.readline()
for _ in range(ulang):
    status = c.get(url).status_code
print("SELESAI", status, flush=True)
sys.stdin.readline()
"""


def _instruksi_satu(env, kode, username, url, ulang, pemanasan, log) -> tuple[int, int]:
    anak = subprocess.Popen(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--log-file={log}",
            f"--callgrind-out-file={log.with_suffix('.out')}",
            peladen.PYTHON,
            "-c",
            UKUR_INSTRUKSI,
            username or "",
            url,
            str(ulang),
            str(pemanasan),
        ],
        cwd=kode,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def lanjut(perintah: str) -> str:
        subprocess.run(
            ["callgrind_control", "-i", perintah, str(anak.pid)], check=True, capture_output=True
        )
        anak.stdin.write("\n")
        anak.stdin.flush()
        return anak.stdout.readline()

    if anak.stdout.readline().strip() != "MULAI":
        sys.exit(f"Pengukuran instruksi {url} di {kode} gagal: {log}")
    status = int(lanjut("on").split()[1])
    lanjut("off")
    anak.wait()
    jumlah = next(
        int(b.split(":")[-1].replace(",", ""))
        for b in log.read_text().splitlines()
        if "Collected :" in b
    )
    return jumlah, status


def ukur_instruksi(url_db: str, kode: str, daftar: list, ulang: int, pemanasan: int) -> dict:
    """Instructions per request of each page (millions), counted by callgrind."""
    env = _env_siap(url_db, kode)
    keluaran = KERJA / "callgrind" / os.path.basename(kode)
    shutil.rmtree(keluaran, ignore_errors=True)
    keluaran.mkdir(parents=True)
    hasil = {}
    for nama, username, url in daftar:
        jumlah, status = _instruksi_satu(
            env, kode, username, url, ulang, pemanasan, keluaran / f"{nama}.log"
        )
        hasil[nama] = {"instruksi": jumlah / ulang / 1e6, "status": status}
        print(f"  {nama}: {hasil[nama]['instruksi']:.1f} juta instruksi", flush=True)
    return hasil


def siapkan_revisi(rev: str) -> tuple[str, str]:
    """A worktree of ``rev`` (its static files collected): (its folder, the commit)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=pages.ROOT, capture_output=True, text=True
    ).stdout.strip()
    if not commit:
        sys.exit(f"Revisi {rev!r} tidak dikenal.")
    folder = KERJA / commit
    if not (folder / "manage.py").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=pages.ROOT, check=True)
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-f", str(folder), commit],
            cwd=pages.ROOT,
            check=True,
            capture_output=True,
        )
    return str(folder), commit


def _env(url_db: str, kode: str) -> dict[str, str]:
    env = peladen._env(url_db)
    env.update(
        PYTHONPATH=kode,
        STATIC_ROOT=str(KERJA / "static" / os.path.basename(kode)),
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="sop_surat.settings",
    )
    return env


def _env_siap(url_db: str, kode: str) -> dict[str, str]:
    """The environment of ``kode``'s process, its static files collected (pages name
    them through the manifest: without it every page fails)."""
    env = _env(url_db, kode)
    subprocess.run(
        [peladen.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=kode,
        env=env,
        check=True,
    )
    return env


def ukur(url_db: str, kode: str, daftar: list, ulang: int, pemanasan: int) -> dict:
    env = _env_siap(url_db, kode)
    jalan = subprocess.run(
        [peladen.PYTHON, "-c", UKUR, json.dumps(daftar), str(ulang), str(pemanasan)],
        cwd=kode,
        env=env,
        capture_output=True,
        text=True,
    )
    if jalan.returncode:
        sys.exit(f"Pengukuran di {kode} gagal:\n{jalan.stderr[-3000:]}")
    return json.loads(jalan.stdout.strip().splitlines()[-1])


def bagian(hasil: dict, info: dict) -> str:
    baris = [
        "## Sebelum dan sesudah",
        "",
        "Dihasilkan oleh `bench/banding.py`: setiap halaman diminta di dalam proses (klien uji "
        "Django, satu per satu, tanpa gunicorn) oleh revisi sebelumnya dan oleh kode ini, "
        "bergiliran dalam beberapa putaran pada basis data yang sama (yang lebih dulu "
        "berganti tiap putaran), sehingga keduanya bertemu mesin yang sama. Revisi "
        "sebelumnya berjalan pada skema basis data kini (indeks baru ikut menolongnya). "
        "Median waktu dinding (termasuk PostgreSQL) dan waktu CPU "
        "proses Django per permintaan.",
        "",
        f"Dijalankan {info['waktu']}; {info['mesin']}. Basis data: {info['ukuran']}; "
        f"revisi sebelumnya `{info['dasar']}`, kode ini `{info['kini']}`; {info['putaran']} "
        f"putaran × {info['ulang']} permintaan per halaman per revisi.",
        "",
        f"| Halaman | `{info['dasar']}` (ms) | kini (ms) | kini / sebelumnya "
        f"| CPU `{info['dasar']}` (ms) | CPU kini (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for nama, label in info["label"].items():
        a, b = hasil["dasar"][nama], hasil["kini"][nama]
        da, db = statistics.median(a["dinding"]), statistics.median(b["dinding"])
        baris.append(
            f"| {label} | {da:.1f} | {db:.1f} | {db / da:.2f}× "
            f"| {statistics.median(a['cpu']):.1f} | {statistics.median(b['cpu']):.1f} |"
        )
    return "\n".join(baris) + "\n"


JUDUL_INSTRUKSI = "## Sebelum dan sesudah, dalam instruksi"


def bagian_instruksi(hasil: dict, info: dict) -> str:
    baris = [
        JUDUL_INSTRUKSI,
        "",
        "Dihasilkan oleh `bench/banding.py --instruksi`: permintaan yang sama (di dalam "
        "proses, satu per satu; satu proses per halaman) di bawah callgrind (valgrind), "
        "yang menghitung instruksi yang dijalankan proses Django (bukan PostgreSQL) untuk "
        "setiap halaman: angka yang "
        "sama berapa pun beban lain di mesin, sehingga perubahan beberapa persen pun "
        "terbaca. Pengumpul sampah Python dimatikan selama permintaan terukur (satu "
        "pengumpulan yang jatuh di satu revisi saja mengubah angka sampai 10%).",
        "",
        f"Dijalankan {info['waktu']}; {info['mesin']}. Basis data: {info['ukuran']}; "
        f"revisi sebelumnya `{info['dasar']}`, kode ini `{info['kini']}`; "
        f"{info['ulang']} permintaan per halaman per revisi.",
        "",
        f"| Halaman | `{info['dasar']}` (juta instruksi) | kini (juta instruksi) "
        "| kini / sebelumnya |",
        "|---|---:|---:|---:|",
    ]
    for nama, label in info["label"].items():
        a, b = hasil["dasar"][nama]["instruksi"], hasil["kini"][nama]["instruksi"]
        baris.append(f"| {label} | {a:.1f} | {b:.1f} | {b / a:.2f}× |")
    return "\n".join(baris) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dasar", required=True, help="Revisi pembanding (git).")
    parser.add_argument("--ukuran", default="100k", choices=list(pages.UKURAN))
    parser.add_argument("--halaman", default="", help="Awalan nama halaman, dipisah koma.")
    parser.add_argument("--ulang", type=int, default=15, help="Permintaan per putaran.")
    parser.add_argument("--putaran", type=int, default=2)
    parser.add_argument("--pemanasan", type=int, default=3)
    parser.add_argument(
        "--instruksi",
        action="store_true",
        help="Hitung instruksi proses Django dengan valgrind (callgrind), satu putaran.",
    )
    args = parser.parse_args()
    if args.instruksi and not shutil.which("callgrind_control"):
        sys.exit("--instruksi memerlukan valgrind (paket Debian valgrind).")
    pages.periksa_postgres()
    url_db = pages.basis_data(args.ukuran, False, print)
    info = peladen.django_json(url_db, pages.CARI % {"opd": pages.OPD})
    awalan = [p.strip() for p in args.halaman.split(",") if p.strip()]
    daftar = [
        h
        for h in pages.halaman_daftar(info)
        if not awalan or any(h.nama.startswith(p) for p in awalan)
    ]
    permintaan = [(h.nama, info["peran"].get(h.peran), h.url) for h in daftar]
    kode_dasar, dasar = siapkan_revisi(args.dasar)
    kini = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=pages.ROOT, capture_output=True, text=True
    ).stdout.strip()
    hasil = {"dasar": {}, "kini": {}}
    pihak_kode = [("dasar", kode_dasar), ("kini", str(pages.ROOT))]
    if args.instruksi:
        for pihak, kode in pihak_kode:
            print(f"{pihak} ({kode}) di bawah callgrind …", flush=True)
            for nama, h in ukur_instruksi(
                url_db, kode, permintaan, args.ulang, args.pemanasan
            ).items():
                hasil[pihak][nama] = h
    for putaran in range(0 if args.instruksi else args.putaran):
        # Who goes first alternates: a machine that warms or tires during a round
        # favours neither.
        for pihak, kode in pihak_kode if putaran % 2 == 0 else pihak_kode[::-1]:
            print(f"putaran {putaran + 1}: {pihak} ({kode}) …", flush=True)
            for nama, h in ukur(url_db, kode, permintaan, args.ulang, args.pemanasan).items():
                gabungan = hasil[pihak].setdefault(nama, {"dinding": [], "cpu": []})
                gabungan["dinding"] += h["dinding"]
                gabungan["cpu"] += h["cpu"]
    ringkas = {
        "waktu": datetime.datetime.now(pages.WIB).strftime("%Y-%m-%d %H:%M WIB"),
        "mesin": peladen.mesin(),
        "ukuran": args.ukuran,
        "dasar": dasar,
        "kini": kini,
        "putaran": args.putaran,
        "ulang": args.ulang,
        "label": {h.nama: h.label for h in daftar},
    }
    if args.instruksi:
        isi = bagian_instruksi(hasil, ringkas)
        print(isi)
        pages.tulis_benchmarks(JUDUL_INSTRUKSI, isi)
    else:
        isi = bagian(hasil, ringkas)
        print(isi)
        pages.tulis_benchmarks("## Sebelum dan sesudah", isi)


if __name__ == "__main__":
    main()
