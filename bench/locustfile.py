"""The load test's users (run by bench/beban.py): officials of several units at work.

Each ``Pegawai`` is one official (unit, role) from the file ``BEBAN_DATA`` (written by
beban.py): they log in, then, with a pause between clicks, look at their Kotak Masuk,
open letters, take the SOP step waiting for them the way a browser does (letter page →
action page → form → the letter page it leads back to), draft new letters, read the
Agenda and the Dasbor, download a letter's PDF and a register. ``Pengamat`` asks for the
floor ``/_lantai/`` twice a second: what a cheap request costs while the others work.

Every request is recorded with its kind (``html`` page, ``berkas`` = PDF/PNG/register,
``kirim`` = a form sent, ``masuk`` = login, ``lantai``) and written to ``BEBAN_KELUARAN``
when the test stops. An SOP step the application refuses (an error message on the letter
page afterwards) counts as a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, constant, events, task

DATA = json.loads(Path(os.environ["BEBAN_DATA"]).read_text())
KELUARAN = os.environ.get("BEBAN_KELUARAN", "")
JEDA = tuple(float(x) for x in os.environ.get("BEBAN_JEDA", "2,8").split(","))
_giliran = {peran: itertools.count() for peran in DATA["pegawai"]}
# (time, kind, name, ms, failure message or None)
_catatan: list[tuple[float, str, str, float, str | None]] = []

SURAT = re.compile(r'href="/surat/([0-9a-f-]{36})/"')
TOMBOL = re.compile(r"/surat/[0-9a-f-]{36}/aksi/([a-z_]+)/")
VERSI = re.compile(r'name="versi" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GALAT = re.compile(r'class="msg msg-error">([^<]*)<|<p class="error">([^<]*)<')
# The send date the Kirim form proposes (the office's today: WIB, not this machine's).
TANGGAL_KIRIM = re.compile(r'name="tanggal_kirim" value="([^"]*)"')


def _galat(teks: str) -> list[str]:
    """The page's error messages: the message bar's and the form fields'."""
    return ["".join(m) for m in GALAT.findall(teks)]


# The steps each role takes when its Kotak Masuk holds a letter, most wanted first.
LANGKAH = {
    "pelaksana": ["dispatch", "submit", "resubmit"],
    "kasubbag": ["assign_number", "paraf"],
    "kabid": ["paraf"],
    "sekretaris": ["approve", "sign"],
    "kepala": ["sign", "approve"],
}


@events.request.add_listener
def _catat(request_type, name, response_time, exception, context, **_kw):
    gagal = None if exception is None else str(exception)[:300]
    _catatan.append((time.time(), context.get("jenis", "html"), name, response_time, gagal))


@events.quitting.add_listener
def _tulis(environment, **_kw):
    if KELUARAN:
        with open(KELUARAN, "w") as f:
            json.dump(_catatan, f)


class _Masuk(HttpUser):
    abstract = True

    def masuk(self, username: str) -> None:
        # A new connection per request: gunicorn closes an idle keep-alive connection
        # after --keep-alive seconds, shorter than a pause between clicks, and a client
        # that reuses it at that moment fails where a browser would simply retry.
        self.client.headers["Connection"] = "close"
        self.client.get("/masuk/", name="masuk (formulir)", context={"jenis": "masuk"})
        self.client.post(
            "/masuk/",
            {
                "username": username,
                "password": DATA["kata_sandi"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="masuk (kirim)",
            context={"jenis": "masuk"},
            allow_redirects=False,
        )


class Pengamat(_Masuk):
    """The floor, asked for steadily during the mix."""

    fixed_count = 1
    wait_time = constant(0.5)

    def on_start(self):
        self.masuk(DATA["pengamat"])

    @task
    def lantai(self):
        self.client.get("/_lantai/", name="lantai /_lantai/", context={"jenis": "lantai"})


class _Pegawai(_Masuk):
    """One official; the subclasses (one per role) say how often they do what."""

    abstract = True
    wait_time = between(*JEDA)
    peran = ""

    def on_start(self):
        daftar = DATA["pegawai"][self.peran]
        self.saya = daftar[next(_giliran[self.peran]) % len(daftar)]
        self.unit = DATA["unit"][self.saya["unit"]]
        self.masuk(self.saya["username"])

    # --- helpers ------------------------------------------------------------------

    def get(self, url: str, name: str, jenis: str = "html", **kw):
        with self.client.get(
            url, name=name, context={"jenis": jenis}, catch_response=True, **kw
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
            return r

    def kirim(self, url: str, data: dict, name: str):
        """POST a form as a browser does; then the page it leads to, checked for an error."""
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **data}
        with self.client.post(
            url,
            data,
            name=name,
            context={"jenis": "kirim"},
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                pesan = _galat(r.text) or [re.sub(r"\s+", " ", r.text[:200])]
                r.failure(f"status {r.status_code}: {pesan[0]}")
                return None
        lanjut = self.get(r.headers["Location"], "halaman surat (setelah aksi)")
        galat = _galat(lanjut.text)
        if galat:
            # Recorded as a failure of the step itself, with the application's message.
            events.request.fire(
                request_type="POST",
                name=f"{name} ditolak",
                response_time=0,
                response_length=0,
                exception=RuntimeError(galat[0]),
                context={"jenis": "kirim"},
            )
        return lanjut

    def kotak_masuk(self) -> list[str]:
        return SURAT.findall(self.get("/", "Kotak Masuk").text)

    # --- tasks ----------------------------------------------------------------------

    def lihat_kotak_masuk(self):
        surat = self.kotak_masuk()
        if surat:
            self.get(f"/surat/{random.choice(surat[:10])}/", "halaman surat")

    def kerjakan(self):
        """Take the step waiting in the Kotak Masuk (if any): letter, action page, form."""
        surat = self.kotak_masuk()
        if not surat:
            return
        public_id = random.choice(surat[:10])
        halaman = self.get(f"/surat/{public_id}/", "halaman surat").text
        ada = set(TOMBOL.findall(halaman))
        mau = [a for a in LANGKAH[self.peran] if a in ada]
        revisi = self.peran in ("kabid", "sekretaris") and "return_for_revision" in ada
        if revisi and random.random() < 0.1:  # now and then a letter goes back for revision
            mau = ["return_for_revision"]
        if not mau:
            return
        aksi = mau[0]
        versi = VERSI.findall(halaman)
        url = f"/surat/{public_id}/aksi/{aksi}/"
        formulir = self.get(url + (f"?versi={versi[0]}" if versi else ""), f"halaman aksi {aksi}")
        if 'name="scan"' in formulir.text:
            return  # signed in ink: the scan of the signed paper would be uploaded
        if aksi == "sign":
            self.get(f"/surat/{public_id}/pratinjau.png", "pratinjau PNG", jenis="berkas")
        data = {}
        versi = VERSI.findall(formulir.text)
        if versi:
            data["versi"] = versi[0]
        if aksi == "sign":
            data["passphrase"] = DATA["kata_sandi"]
        elif aksi == "dispatch":
            data.update(
                tanggal_kirim=TANGGAL_KIRIM.findall(formulir.text)[0],
                cara="kurir",
                nama_penerima="Petugas Tata Usaha",
            )
        elif aksi == "return_for_revision":
            data["catatan"] = "Mohon perbaiki dasar hukum pada paragraf pertama."
        self.kirim(url, data, f"kirim {aksi}")

    def surat_saya(self):
        surat = SURAT.findall(self.get("/surat/saya/", "Surat Saya").text)
        if surat:
            public_id = random.choice(surat[:25])
            self.get(f"/surat/{public_id}/", "halaman surat")
            if random.random() < 0.5:
                self.get(f"/surat/{public_id}/pdf/", "PDF surat", jenis="berkas")

    def buat_konsep(self):
        self.get("/surat/baru/", "formulir surat baru")
        hal = f"Undangan Rapat Koordinasi Uji Beban {random.randint(1, 10**6)}"
        self.kirim(
            "/surat/baru/",
            {
                "jenis": "surat_dinas",
                "klasifikasi": self.unit["klasifikasi"],
                "sifat": "biasa",
                "kecepatan": "biasa",
                "hal": hal,
                "lampiran": "-",
                "tujuan_lain": "Kepala Desa Sumberrejo\nKepala Desa Kedungsari",
                "tembusan": "Bupati Mojokerto",
                "isi": "<p>Dalam rangka koordinasi, kami mengundang Saudara untuk hadir.</p>",
                "pejabat_pengawas": self.saya["pengawas_pos"],
                "penandatangan": self.unit["kepala_pos"],
                "cara_ttd": "langsung",
                "ukuran_kertas": "",
            },
            "kirim konsep baru",
        )

    def agenda(self):
        tahun = self.unit["tahun"]
        halaman = self.get(f"/agenda/?tahun={tahun}", "Agenda").text
        pilih = random.random()
        if pilih < 0.3:
            kata = random.choice(["Rapat", "Laporan", "Permohonan", "Stunting", "/01"])
            self.get(f"/agenda/?tahun={tahun}&q={kata}", "Agenda dicari")
        elif pilih < 0.6:
            lanjut = re.findall(r'href="\?([^"]*setelah=[^"]*)"', halaman)
            if lanjut:
                self.get("/agenda/?" + lanjut[0].replace("&amp;", "&"), "Agenda halaman berikutnya")

    def dasbor(self):
        self.get(f"/dasbor/?jenis=tahun&tahun={self.unit['tahun']}", "Dasbor")

    def cetak_register(self):
        bulan = random.randint(1, 12)
        url = (
            f"/agenda/cetak/?jenis=bulan&tahun={self.unit['tahun']}&bulan={bulan}&unduh=agenda.pdf"
        )
        with self.client.get(
            url,
            name="register Agenda (PDF atau antrean)",
            context={"jenis": "berkas"},
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code not in (200, 302):
                r.failure(f"status {r.status_code}")
                return
        if r.status_code == 302:  # a big register: the worker makes it; the page shows progress
            self.get(r.headers["Location"], "Cetak (register dibuat di latar)")

    def tandatangani_banyak(self):
        self.get("/tandatangani/", "Tandatangani beberapa surat")

    def notifikasi(self):
        self.get("/notifikasi/", "Notifikasi")


# How often each role does what (weights of the tasks), one locust user per official.
P = _Pegawai
JUMLAH = int(os.environ.get("BEBAN_UNIT", "1"))


class Pelaksana(P):
    peran, fixed_count = "pelaksana", JUMLAH
    tasks = {
        P.lihat_kotak_masuk: 3,
        P.kerjakan: 3,
        P.buat_konsep: 2,
        P.surat_saya: 2,
        P.notifikasi: 1,
    }


class Kasubbag(P):
    peran, fixed_count = "kasubbag", JUMLAH
    tasks = {
        P.lihat_kotak_masuk: 2,
        P.kerjakan: 4,
        P.agenda: 3,
        P.cetak_register: 1,
        P.surat_saya: 1,
        P.notifikasi: 1,
    }


class Kabid(P):
    peran, fixed_count = "kabid", JUMLAH
    tasks = {P.lihat_kotak_masuk: 3, P.kerjakan: 4, P.surat_saya: 1, P.notifikasi: 1}


class Sekretaris(P):
    peran, fixed_count = "sekretaris", JUMLAH
    tasks = {
        P.lihat_kotak_masuk: 2,
        P.kerjakan: 4,
        P.agenda: 1,
        P.dasbor: 1,
        P.surat_saya: 1,
        P.notifikasi: 1,
    }


class Kepala(P):
    peran, fixed_count = "kepala", JUMLAH
    tasks = {
        P.lihat_kotak_masuk: 2,
        P.kerjakan: 4,
        P.dasbor: 1,
        P.tandatangani_banyak: 1,
        P.agenda: 1,
        P.surat_saya: 1,
        P.notifikasi: 1,
    }
