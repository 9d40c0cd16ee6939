"""Panduan Pengguna: screenshots of the main pages, one illustrated guide per role.

Run: ``make dokumen``. On a fresh temporary SQLite database with the demo office, letters
are taken to each step of the SOP; the app is served on a free loopback port and Debian's
Chromium (Playwright) photographs each page as the person who uses it sees it, on a
laptop (1366 × 768) and on a phone (360 × 740). The pictures land in
``docs/panduan/gambar/``; the guide's text is in ``docs/panduan/*.md`` (written by hand,
it names the pictures).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="sop-surat-panduan-"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "sop_surat.settings",
    "DEBUG": "1",
    "SQLITE_PATH": str(WORK / "panduan.sqlite3"),
    "MEDIA_ROOT": str(WORK / "media"),
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from approvals import actions  # noqa: E402
from approvals.demo import load_demo  # noqa: E402
from letters import jenis_naskah  # noqa: E402
from letters.models import KodeKlasifikasi, Letter, Tujuan  # noqa: E402
from organisasi.models import Position  # noqa: E402
from tests.peramban import CHROMIUM_FLAGS  # noqa: E402
from tests.peramban import UKURAN as PERAMBAN_UKURAN  # noqa: E402

GAMBAR = ROOT / "docs" / "panduan" / "gambar"
KATA_SANDI = "panduan"
UKURAN = {"laptop": PERAMBAN_UKURAN["desktop"], "ponsel": PERAMBAN_UKURAN["ponsel"]}
ISI = (
    "<p>Dalam rangka penyusunan Rencana Kerja Pemerintah Daerah, bersama ini kami mengundang "
    "Saudara untuk hadir pada Musyawarah Perencanaan Pembangunan Kecamatan Mojoanyar.</p>"
    "<p>Demikian atas perhatian dan kehadirannya disampaikan terima kasih.</p>"
)


def _surat(users, hal: str, **lain) -> Letter:
    data = {
        "jenis": "undangan",
        "klasifikasi": KodeKlasifikasi.objects.get(kode="100.2.4"),
        "sifat": Letter.Sifat.BIASA,
        "hal": hal,
        "lampiran": "-",
        "isi": ISI,
        "tembusan": "Bupati Mojokerto",
        "pejabat_pengawas": Position.objects.get(nama="Kepala Seksi Pemerintahan"),
        "penandatangan": Position.objects.get(nama="Camat Mojoanyar"),
        "cara_ttd": Letter.CaraTtd.LANGSUNG,
        "isian": jenis_naskah.isian_contoh("undangan"),
        **lain,
    }
    penerima = [(t, t.nama) for t in Tujuan.objects.filter(jenis="desa")[:3]]
    return actions.create_letter(by=users["pelaksana"], data=data, penerima=penerima)


def _sampai(letter: Letter, status: str, users) -> Letter:
    langkah = [
        lambda s: actions.submit(s, by=users["pelaksana"]),
        lambda s: actions.assign_number(s, by=users["kasubbag"]),
        lambda s: actions.paraf(s, by=users["kasi"], versi=s.versi),
        lambda s: actions.approve(s, by=users["sekcam"], versi=s.versi),
        lambda s: actions.sign(s, by=users["camat"], versi=s.versi, passphrase=KATA_SANDI),
        lambda s: actions.dispatch(
            s,
            by=users["pelaksana"],
            tanggal_kirim=timezone.localdate(),
            cara="kurir",
            nama_penerima="Sekretaris Desa",
            tanggal_terima=None,
            bukti=None,
            catatan="",
        ),
    ]
    for step in langkah:
        if letter.status == status:
            break
        letter = step(letter)
    return letter


def siapkan() -> dict[str, Letter]:
    call_command("migrate", verbosity=0)
    users = load_demo(KATA_SANDI)
    surat = {}
    for hal, status in (
        ("Undangan Musrenbang Kecamatan Tahun 2027", "draft"),
        ("Permohonan Data Penduduk Semester II", "numbering"),
        ("Pemberitahuan Jadwal Posyandu Desember", "review"),
        ("Undangan Rapat Koordinasi Ketertiban Umum", "approval"),
        ("Penyampaian Laporan Realisasi Anggaran", "signing"),
        ("Undangan Peringatan Hari Ibu", "signing"),
        ("Pemberitahuan Libur Akhir Tahun", "signed"),
        ("Penyampaian Hasil Rekapitulasi Bansos", "sent"),
    ):
        surat[status if status not in surat else f"{status}2"] = _sampai(
            _surat(users, hal), status, users
        )
    return surat


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _layani(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env={**os.environ, **ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("Server tidak mau berjalan")


class Kamera:
    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.tab: dict = {}

    def tab_untuk(self, username: str | None, ukuran: str):
        kunci = (username, ukuran)
        if kunci not in self.tab:
            context = self.browser.new_context(
                base_url=self.base_url, locale="id-ID", timezone_id="Asia/Jakarta", **UKURAN[ukuran]
            )
            page = context.new_page()
            if username:
                page.goto("/masuk/")
                page.locator("#id_username").fill(username)
                page.locator("#id_password").fill(KATA_SANDI)
                with page.expect_navigation():
                    page.get_by_role("button", name="Masuk").click()
            self.tab[kunci] = page
        return self.tab[kunci]

    def foto(self, nama: str, username: str | None, path: str, ukuran="laptop", siapkan=None):
        page = self.tab_untuk(username, ukuran)
        page.goto(path)
        if siapkan:
            siapkan(page)
        page.wait_for_timeout(150)
        page.screenshot(path=str(GAMBAR / f"{nama}.png"), animations="disabled")
        print(nama)


def _kirim_kosong(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()


def potret(surat: dict[str, Letter], base_url: str) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("Chromium tidak terpasang (apt-get install chromium)")
    d = {k: f"/surat/{v.public_id}/" for k, v in surat.items()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        kamera = Kamera(browser, base_url)
        foto = kamera.foto
        foto("masuk", None, "/masuk/")
        foto("masuk-ponsel", None, "/masuk/", ukuran="ponsel")
        foto("pelaksana-kotak-masuk", "pelaksana", "/")
        foto("pelaksana-buat-surat", "pelaksana", "/surat/baru/")
        foto("pelaksana-buat-surat-galat", "pelaksana", "/surat/baru/", siapkan=_kirim_kosong)
        foto("pelaksana-konsep", "pelaksana", d["draft"])
        foto("pelaksana-surat-saya", "pelaksana", "/surat/saya/")
        foto("pelaksana-kirim", "pelaksana", d["signed"] + "aksi/dispatch/")
        foto("pelaksana-kotak-masuk-ponsel", "pelaksana", "/", ukuran="ponsel")
        foto("kasubbag-kotak-masuk", "kasubbag", "/")
        foto("kasubbag-beri-nomor", "kasubbag", d["numbering"] + "aksi/assign_number/")
        foto("kasubbag-agenda", "kasubbag", "/agenda/")
        foto("kasubbag-cetak-agenda", "kasubbag", "/agenda/cetak/")
        foto("kasi-surat", "kasi", d["review"])
        foto("kasi-paraf", "kasi", d["review"] + "aksi/paraf/")
        foto("kasi-kembalikan", "kasi", d["review"] + "aksi/return_for_revision/")
        foto("kasi-surat-ponsel", "kasi", d["review"], ukuran="ponsel")
        foto("sekcam-setujui", "sekcam", d["approval"] + "aksi/approve/")
        foto("sekcam-dasbor", "sekcam", "/dasbor/")
        foto("camat-kotak-masuk", "camat", "/")
        foto("camat-tandatangani", "camat", d["signing"] + "aksi/sign/")
        foto("camat-tandatangani-ponsel", "camat", d["signing"] + "aksi/sign/", ukuran="ponsel")
        foto("camat-tandatangani-banyak", "camat", "/tandatangani/")
        foto("semua-notifikasi", "pelaksana", "/notifikasi/")
        foto("semua-surat-terkirim", "pelaksana", d["sent"])
        foto("publik-verifikasi", None, "/verifikasi/")
        browser.close()


def main() -> None:
    GAMBAR.mkdir(parents=True, exist_ok=True)
    surat = siapkan()
    port = _port()
    server = _layani(port)
    try:
        potret(surat, f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
