"""A synthetic regency (kabupaten) on one install, for load tests and page benchmarks.

``manage.py bangun_kabupaten`` calls :func:`bangun`. It builds, deterministically from a
seed, about 17 kecamatan and 40 perangkat daerah/bagian of a fictional "Kabupaten
Mojokerto", each an issuing unit (instansi) with its sub-units, positions and officials
(some held as Plt. or Plh.), and N letters spread over two calendar years across every
state, with their versions, hash-chained history, agenda lines, dispatches, signed
documents and notifications.

SYNTHETIC DATA. Nothing here went through the SOP actions: rows are written directly in
bulk, shaped as the actions would have written them:

- the history (``LetterEvent``) is inserted once, never updated, each hash computed with
  ``letters.riwayat.kanonik`` exactly as ``riwayat.catat`` does, so ``manage.py
  periksa_riwayat`` verifies every chain;
- numbers are gap-free per unit, year and series, given in the order of their
  assign_number time, and ``NumberCounter.terakhir`` equals the highest;
- signed letters are NOT signed: every ``SignedDocument`` row points at one shared
  placeholder PDF (``BERKAS_CONTOH``, stored once) and carries a synthetic ``sha256``
  (of the letter's public id, so the unique constraint holds) and a random verification
  code. Verifying such a document says it does not match; do not benchmark signing or
  verification with it;
- office hours are Monday to Friday, 07.30–16.00 WIB; holidays (``HariLibur``) are
  ignored; no e-mail (``SurelKeluar``) is written for the notifications;
- each step's duration (``DurasiLangkah``, what the Dasbor aggregates) is computed from
  the generated history with ``approvals.durasi.stays``, the rule the actions use (with
  the units' SOP steps and the holidays in the database).

Same seed and same arguments give the same data: one ``random.Random(seed)``, timestamps
derived from it and from ``tahun_mulai`` (not from the clock), public ids drawn from that
generator. Database ids (users, units) are whatever the database gives; the history hash
includes the acting user's id, so event hashes repeat exactly only on a database whose
sequences start at the same place (e.g. a fresh one).

Generated rows are recognised by the e-mail domain :data:`DOMAIN` of their units and
users; :func:`hapus` removes them (lifting the history triggers for that, as the
project's ``flush`` does), and only them.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from random import Random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from approvals import durasi, notifications, timeline
from approvals.models import (
    DurasiLangkah,
    LangkahSop,
    Notifikasi,
    Pengingat,
    RekapDasbor,
    SurelKeluar,
)
from letters import jenis_naskah, riwayat, triggers
from letters.models import (
    WAITING,
    AgendaEntry,
    Attachment,
    BerkasRegister,
    Dispatch,
    KodeKlasifikasi,
    Letter,
    LetterEvent,
    LetterVersion,
    NumberCounter,
    Penerima,
    PengaturanSurat,
    SignedDocument,
    Status,
    Tujuan,
)
from letters.pola_nomor import format_nomor, validasi_pola
from letters.versions import content_hash
from organisasi.jam_kerja import kalender_unit
from organisasi.models import Assignment, HariLibur, Peran, Position, Unit, User
from tte.models import PengaturanTte

DOMAIN = "kabupaten-sintetis.example"
PEMERINTAH = "PEMERINTAH KABUPATEN MOJOKERTO"
BERKAS_CONTOH = "kabupaten-sintetis/contoh-ditandatangani.pdf"
WIB = datetime.timezone(datetime.timedelta(hours=7))
JAM_MASUK = datetime.time(7, 30)
JAM_PULANG = datetime.time(16, 0)
BATCH = 2000
PERSEN_TERBUKA = 0.02
PERSEN_BATAL = 0.05

# The kecamatan of Kabupaten Mojokerto except Mojoanyar (the demo office's own).
KECAMATAN = [
    ("Bangsal", "bangsal"),
    ("Dawarblandong", "dawarblandong"),
    ("Dlanggu", "dlanggu"),
    ("Gedeg", "gedeg"),
    ("Gondang", "gondang"),
    ("Jatirejo", "jatirejo"),
    ("Jetis", "jetis"),
    ("Kemlagi", "kemlagi"),
    ("Kutorejo", "kutorejo"),
    ("Mojosari", "mojosari"),
    ("Ngoro", "ngoro"),
    ("Pacet", "pacet"),
    ("Pungging", "pungging"),
    ("Puri", "puri"),
    ("Sooko", "sooko"),
    ("Trawas", "trawas"),
    ("Trowulan", "trowulan"),
]
SEKSI_KECAMATAN = [
    "Pemerintahan",
    "Ketenteraman dan Ketertiban Umum",
    "Pemberdayaan Masyarakat dan Desa",
    "Kesejahteraan Sosial",
]
# Every OPD issues its own letters: (name, slug, kind); the kind gives the titles.
OPD = [
    ("Dinas Pendidikan", "dindik", "dinas"),
    ("Dinas Kesehatan", "dinkes", "dinas"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "dpupr", "dinas"),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman", "disperkim", "dinas"),
    ("Satuan Polisi Pamong Praja", "satpolpp", "satuan"),
    ("Dinas Sosial", "dinsos", "dinas"),
    ("Dinas Tenaga Kerja", "disnaker", "dinas"),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dp3a", "dinas"),
    ("Dinas Ketahanan Pangan", "dkp", "dinas"),
    ("Dinas Lingkungan Hidup", "dlh", "dinas"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "dispendukcapil", "dinas"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "dpmd", "dinas"),
    ("Dinas Pengendalian Penduduk dan Keluarga Berencana", "dppkb", "dinas"),
    ("Dinas Perhubungan", "dishub", "dinas"),
    ("Dinas Komunikasi dan Informatika", "diskominfo", "dinas"),
    ("Dinas Koperasi dan Usaha Mikro", "diskopum", "dinas"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dpmptsp", "dinas"),
    ("Dinas Kepemudaan dan Olahraga", "dispora", "dinas"),
    ("Dinas Kebudayaan dan Pariwisata", "disbudpar", "dinas"),
    ("Dinas Perpustakaan dan Kearsipan", "dispusip", "dinas"),
    ("Dinas Pertanian", "distan", "dinas"),
    ("Dinas Perikanan", "diskan", "dinas"),
    ("Dinas Perindustrian dan Perdagangan", "disperindag", "dinas"),
    ("Badan Perencanaan Pembangunan Daerah", "bappeda", "badan"),
    ("Badan Pendapatan Daerah", "bapenda", "badan"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "bpkad", "badan"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "bkpsdm", "badan"),
    ("Badan Penanggulangan Bencana Daerah", "bpbd", "badan"),
    ("Badan Kesatuan Bangsa dan Politik", "bakesbangpol", "badan"),
    ("Inspektorat Daerah", "inspektorat", "inspektorat"),
    ("Sekretariat Dewan Perwakilan Rakyat Daerah", "setwan", "setwan"),
    ("Bagian Pemerintahan Sekretariat Daerah", "bag-pem", "bagian"),
    ("Bagian Hukum Sekretariat Daerah", "bag-hukum", "bagian"),
    ("Bagian Organisasi Sekretariat Daerah", "bag-org", "bagian"),
    ("Bagian Perekonomian Sekretariat Daerah", "bag-ekon", "bagian"),
    ("Bagian Kesejahteraan Rakyat Sekretariat Daerah", "bag-kesra", "bagian"),
    ("Bagian Administrasi Pembangunan Sekretariat Daerah", "bag-adpem", "bagian"),
    ("Bagian Pengadaan Barang dan Jasa Sekretariat Daerah", "bag-pbj", "bagian"),
    ("Bagian Umum Sekretariat Daerah", "bag-umum", "bagian"),
    ("Bagian Protokol dan Komunikasi Pimpinan Sekretariat Daerah", "bag-prokopim", "bagian"),
]
# kind: (head, the second official who approves and signs a.n., the sub-units' word)
JABATAN_OPD = {
    "dinas": ("Kepala", "Sekretaris", "Bidang"),
    "badan": ("Kepala", "Sekretaris", "Bidang"),
    "satuan": ("Kepala", "Sekretaris", "Bidang"),
    "inspektorat": ("Inspektur", "Sekretaris", "Inspektur Pembantu Bidang"),
    "setwan": ("Sekretaris DPRD", "Kepala Bagian Umum", "Bagian"),
    "bagian": ("Kepala", "Analis Kebijakan Ahli Madya", "Subbagian"),
}
# The OPD that holds the --opd-besar letters (the worst case for lists).
OPD_BESAR = "dindik"
BIDANG = [
    "Perencanaan dan Evaluasi",
    "Pelayanan",
    "Pembinaan",
    "Pengendalian",
    "Pengembangan",
    "Data dan Informasi",
    "Sarana dan Prasarana",
    "Kelembagaan",
]


def _kata(text: str) -> list[str]:
    return text.split()


NAMA_PRIA = _kata(
    "Agus Bambang Budi Dedi Eko Fajar Hadi Hendra Imam Joko Lukman Rahmat Rudi "
    "Slamet Sugeng Teguh Wahyu Yusuf Andi Arif Bagus Dimas Heru Irfan Priyo Sutrisno "
    "Wawan Yudi Zainal Ahmad Muhammad Supriyadi Gunawan Edi Hari Bayu Rizky Aditya "
    "Galih Sigit"
)
NAMA_WANITA = _kata(
    "Ani Dewi Endang Fitri Indah Kartika Lina Mega Nanik Novi Puji Ratna Rina Siti "
    "Sri Tutik Umi Wulan Yuli Anisa Diah Erna Lilik Retno Suci Ayu Dian Eka Heni "
    "Nurul Yeni Sulis Lusi Ika Rosita Aminah Maya"
)
NAMA_BELAKANG_PRIA = _kata(
    "Santoso Wibowo Prasetyo Susanto Hidayat Saputra Kurniawan Setiawan Nugroho "
    "Wahyudi Maulana Firmansyah Hakim Utomo Purnomo Sulistyo Haryanto Pratama Kusuma "
    "Ramadhan Hermawan Suryadi Wijaya Mahendra"
)
NAMA_BELAKANG_WANITA = _kata(
    "Rahmawati Lestari Handayani Susilowati Wulandari Puspitasari Anggraini Rohmah "
    "Fauziah Hasanah Kusumawati Setyaningsih Purwanti Nurhayati Safitri Maharani "
    "Pertiwi Yuliana"
)
GELAR = {
    "kepala": ["S.STP., M.Si.", "S.Sos., M.M.", "S.H., M.H.", "S.T., M.T.", "S.E., M.Si.", "M.AP."],
    "sekretaris": ["S.Sos., M.Si.", "S.H.", "S.E., M.M.", "S.IP., M.AP.", "S.STP."],
    "pengawas": ["S.IP.", "S.AP.", "S.Sos.", "S.E.", "S.T.", "S.Kom.", "S.H."],
    "pelaksana": ["", "", "A.Md.", "S.E.", "S.Kom.", "S.AP.", "A.Md.Kom."],
}
PANGKAT = {
    "kepala": [("Pembina Utama Muda", "IV/c"), ("Pembina Tingkat I", "IV/b")],
    "sekretaris": [("Pembina Tingkat I", "IV/b"), ("Pembina", "IV/a")],
    "pengawas": [("Penata Tingkat I", "III/d"), ("Pembina", "IV/a"), ("Penata", "III/c")],
    "pelaksana": [
        ("Pengatur", "II/c"),
        ("Pengatur Tingkat I", "II/d"),
        ("Penata Muda", "III/a"),
        ("Penata Muda Tingkat I", "III/b"),
    ],
}
DESA_AWAL = _kata(
    "Sumber Kedung Banjar Sido Tanjung Karang Watu Jati Tegal Wono Mojo Kepuh Gedang "
    "Bendo Kali Pandan Ngare Randu Suko Tambak Kembang Gunung"
)
DESA_AKHIR = _kata("rejo sari agung kulon wetan mulyo anyar jati kidul lor asri wangi harjo")

TOPIK = [
    "Pemerintahan Desa",
    "Penanggulangan Bencana",
    "Pelayanan Administrasi Kependudukan",
    "Ketenteraman dan Ketertiban Umum",
    "Musyawarah Perencanaan Pembangunan",
    "Pajak Bumi dan Bangunan",
    "Kegiatan Posyandu",
    "Percepatan Penurunan Stunting",
    "Penyaluran Bantuan Sosial",
    "Program Keluarga Harapan",
    "Pengelolaan Dana Desa",
    "Kebersihan Lingkungan",
    "Pengadaan Barang dan Jasa",
    "Administrasi Kepegawaian",
    "Penatausahaan Aset Daerah",
    "Peringatan Hari Besar Nasional",
    "Pemilihan Kepala Desa",
    "Pengendalian Inflasi Daerah",
    "Penyuluhan Pertanian",
    "Sanitasi dan Air Bersih",
    "Pendidikan Anak Usia Dini",
    "Imunisasi Anak",
    "Pemeliharaan Jalan Desa",
    "Perizinan Berusaha",
    "Penataan Arsip Dinamis",
]
HAL = {
    "undangan": [
        "Undangan Rapat Koordinasi {t}",
        "Undangan Sosialisasi {t}",
        "Undangan Evaluasi {t}",
    ],
    "edaran": ["Edaran tentang {t}", "Pelaksanaan {t} Tahun {tahun}"],
    "tugas": ["Penugasan Monitoring {t}", "Penugasan Pendampingan {t}"],
    "nota_dinas": ["Laporan Perkembangan {t}", "Permohonan Arahan {t}"],
    "pengantar": ["Pengantar Berkas {t}", "Pengantar Laporan {t}"],
    "laporan": ["Laporan {t} Bulan {bulan} {tahun}"],
    "": [
        "Permohonan Data {t}",
        "Penyampaian Laporan {t} Bulan {bulan} {tahun}",
        "Pemberitahuan Jadwal {t}",
        "Permohonan Narasumber {t}",
        "Penyampaian Usulan {t}",
        "Permohonan Fasilitasi {t}",
        "Tindak Lanjut {t}",
    ],
}
BULAN = _kata(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
)
JENIS_BOBOT = [
    ("surat_dinas", 52),
    ("undangan", 20),
    ("nota_dinas", 8),
    ("edaran", 4),
    ("tugas", 5),
    ("pengantar", 4),
    ("laporan", 3),
    ("keterangan", 2),
    ("pengumuman", 1),
    ("berita_acara", 1),
]
SIFAT_BOBOT = [("biasa", 89), ("terbatas", 7), ("rahasia", 3), ("sangat_rahasia", 1)]
KECEPATAN_BOBOT = [("biasa", 78), ("segera", 17), ("sangat_segera", 5)]
CARA_KIRIM = [("kurir", 40), ("email", 20), ("srikandi", 30), ("langsung", 8), ("pos", 2)]
TERBUKA_BOBOT = [
    (Status.DRAFT, 15),
    (Status.NUMBERING, 15),
    (Status.REVIEW, 20),
    (Status.APPROVAL, 15),
    (Status.SIGNING, 15),
    (Status.SIGNED, 10),
    (Status.REVISION, 10),
]
CATATAN_REVISI = [
    "Perbaiki dasar hukum pada paragraf pertama.",
    "Lengkapi tembusan dan lampiran.",
    "Sesuaikan tanggal kegiatan dengan jadwal pimpinan.",
    "Perbaiki tata bahasa dan ejaan.",
    "Hal surat kurang jelas, mohon diperjelas.",
]
CATATAN_BATAL = [
    "Kegiatan ditunda.",
    "Sudah disampaikan melalui surat lain.",
    "Tidak jadi dikirim atas arahan pimpinan.",
    "Salah tujuan; dibuat ulang.",
]


def _pilih(rng: Random, bobot):
    nilai, berat = zip(*bobot, strict=True)
    return rng.choices(nilai, berat)[0]


# --- office hours -------------------------------------------------------------------


def _ke_jam_kerja(t: datetime.datetime) -> datetime.datetime:
    """``t`` (naive WIB) moved forward to the nearest office moment."""
    while True:
        if t.isoweekday() <= 5:
            masuk = t.replace(hour=7, minute=30, second=0, microsecond=0)
            pulang = t.replace(hour=16, minute=0, second=0, microsecond=0)
            if t < masuk:
                return masuk
            if t < pulang:
                return t
        t = (t + datetime.timedelta(days=1)).replace(hour=7, minute=30, second=0, microsecond=0)


def _maju(t: datetime.datetime, menit: float) -> datetime.datetime:
    """``t`` plus ``menit`` office minutes (naive WIB)."""
    t = _ke_jam_kerja(t)
    sisa = datetime.timedelta(minutes=menit)
    while True:
        pulang = t.replace(hour=16, minute=0, second=0, microsecond=0)
        if t + sisa < pulang:
            return t + sisa
        sisa -= pulang - t
        t = _ke_jam_kerja(pulang + datetime.timedelta(hours=1))


def _aware(t: datetime.datetime) -> datetime.datetime:
    return t.replace(tzinfo=WIB)


# --- the organisation ----------------------------------------------------------------


@dataclass
class Pejabat:
    user: User
    position: Position
    label: str


@dataclass
class Instansi:
    unit: Unit
    slug: str
    kecamatan: bool
    pengaturan: PengaturanSurat
    kepala_pos: Position
    kepala: Pejabat | None  # None: the head is vacant, held by ``plt``
    plt: Pejabat | None
    plh: list[tuple[datetime.date, datetime.date, Pejabat]]
    sekretaris: Pejabat
    kasubbag: Pejabat
    pengawas: list[Pejabat]
    pelaksana: list[Pejabat]  # drafters; position's atasan is their Pejabat Pengawas
    atasan: dict[int, Pejabat]  # pelaksana position id -> its superior
    manual: bool
    bobot: float
    desa: list[Tujuan] = field(default_factory=list)


class _Orang:
    """Deterministic fictional officials: names, NIP, usernames."""

    def __init__(self, rng: Random, nip_terpakai: set[str]):
        self.rng = rng
        self.nip = set(nip_terpakai)
        self.urut = 100
        self.password = make_password(settings.DEMO_PASSWORD, salt=f"kab{rng.getrandbits(48):012x}")

    def buat(self, username: str, tingkat: str, mulai_kerja: int) -> User:
        rng = self.rng
        wanita = rng.random() < 0.45
        depan = rng.choice(NAMA_WANITA if wanita else NAMA_PRIA)
        belakang = rng.choice(NAMA_BELAKANG_WANITA if wanita else NAMA_BELAKANG_PRIA)
        pangkat, golongan = rng.choice(PANGKAT[tingkat])
        lahir = datetime.date(
            mulai_kerja - rng.randint(22, 30), rng.randint(1, 12), rng.randint(1, 28)
        )
        while True:
            self.urut += 1
            nip = (
                f"{lahir:%Y%m%d}{mulai_kerja}{rng.randint(1, 12):02d}"
                f"{2 if wanita else 1}{self.urut % 1000:03d}"
            )
            if nip not in self.nip:
                self.nip.add(nip)
                break
        return User(
            username=username,
            password=self.password,
            nama=f"{depan} {belakang}",
            gelar_belakang=rng.choice(GELAR[tingkat]),
            nip=nip,
            pangkat=pangkat,
            golongan=golongan,
            email=f"{username}@{DOMAIN}",
            is_active=True,
        )


def _unit(nama, jenis, induk, slug, **extra) -> Unit:
    unit = Unit(nama=nama, jenis=jenis, induk=induk, email=f"{slug}@{DOMAIN}", **extra)
    unit.save()  # post_save: PengaturanSurat, PengaturanTte, LangkahSop
    return unit


def _position(unit, nama, peran, atasan=None, urutan=0, ttd="") -> Position:
    return Position.objects.create(
        unit=unit, nama=nama, peran=peran, atasan=atasan, urutan=urutan, nama_pada_ttd=ttd
    )


def _bangun_instansi(rng, orang, nomor, spec, awal: datetime.date, kode_klas) -> Instansi:
    kecamatan = spec[0] == "kecamatan"
    kind = "kecamatan"
    if kecamatan:
        _jenis, nama_tempat, slug = spec
        nama = f"Kecamatan {nama_tempat}"
        kepala_nama, sek_nama = f"Camat {nama_tempat}", f"Sekretaris Kecamatan {nama_tempat}"
        ttd = f"CAMAT {nama_tempat.upper()}"
        sub_awalan, sub_jenis = "Seksi", Unit.Jenis.SEKSI
        bidang = SEKSI_KECAMATAN[: rng.randint(2, 3)]
        tempat = nama_tempat
        jenis_unit = Unit.Jenis.KECAMATAN
    else:
        _jenis, nama, slug, kind = spec
        kepala_t, sek_t, sub_awalan = JABATAN_OPD[kind]
        if kind == "setwan":
            kepala_nama, sek_nama = "Sekretaris DPRD", f"Kepala Bagian Umum {nama}"
        else:
            kepala_nama, sek_nama = f"{kepala_t} {nama}", f"{sek_t} {nama}"
        ttd = kepala_nama.upper()
        sub_jenis = Unit.Jenis.SEKSI
        bidang = rng.sample(BIDANG, rng.randint(2, 3))
        tempat = "Mojokerto"
        jenis_unit = Unit.Jenis.PERANGKAT_DAERAH
    unit = _unit(
        nama,
        jenis_unit,
        None,
        slug,
        nama_pemerintah=PEMERINTAH,
        tempat=tempat,
        alamat=f"Jalan Raya {tempat} No. {rng.randint(1, 200)} (alamat sintetis)",
        telepon=f"(0321) {rng.randint(300000, 399999)}",
        laman=f"{slug}.{DOMAIN}",
        kode_pos=f"613{rng.randint(10, 99)}",
    )
    umum = _unit(
        f"Sub Bagian Umum dan Kepegawaian {nama}", Unit.Jenis.SUB_BAGIAN, unit, f"{slug}-umum"
    )
    kepala_pos = _position(unit, kepala_nama, Peran.CAMAT, urutan=1, ttd=ttd)
    sek_pos = _position(unit, sek_nama, Peran.SEKCAM, kepala_pos, 2, sek_nama)
    kasubbag_pos = _position(
        umum, f"Kepala Sub Bagian Umum dan Kepegawaian {nama}", Peran.KASUBBAG_UMPEG, sek_pos, 3
    )
    unit.penandatangan_an.add(sek_pos)
    pelaksana_umum = _position(
        umum, f"Pelaksana Sub Bagian Umum dan Kepegawaian {nama}", Peran.PELAKSANA, kasubbag_pos, 9
    )
    pengawas_pos, pelaksana_pos = [], [pelaksana_umum]
    for i, b in enumerate(bidang, start=1):
        sub = _unit(f"{sub_awalan} {b} {nama}", sub_jenis, unit, f"{slug}-{i}")
        kepala_sub = "Kepala Seksi" if kecamatan else f"Kepala {sub_awalan}"
        if kind == "inspektorat":
            kepala_sub = "Inspektur Pembantu Bidang"
        pos = _position(sub, f"{kepala_sub} {b} {nama}", Peran.PEJABAT_PENGAWAS, kepala_pos, 3 + i)
        pengawas_pos.append(pos)
        pelaksana_pos.append(
            _position(sub, f"Pelaksana {sub_awalan} {b} {nama}", Peran.PELAKSANA, pos, 10 + i)
        )

    users = []

    def pegawai(username, tingkat):
        user = orang.buat(f"{slug}.{username}", tingkat, rng.randint(1995, 2018))
        user.date_joined = datetime.datetime.combine(awal, JAM_MASUK, WIB)
        users.append(user)
        return user

    rekam = []  # (user, position, jenis, mulai, selesai)
    mulai_def = awal - datetime.timedelta(days=rng.randint(200, 2000))
    plt_unit = nomor % 9 == 4  # about one in nine heads is vacant, held by a Plt.
    kepala_user = None if plt_unit else pegawai("camat" if kecamatan else "kepala", "kepala")
    sek_user = pegawai("sekcam" if kecamatan else "sekretaris", "sekretaris")
    kasubbag_user = pegawai("kasubbag", "pengawas")
    pengawas_users = [
        pegawai(f"kasi{i}" if kecamatan else f"kabid{i}", "pengawas")
        for i in range(1, len(pengawas_pos) + 1)
    ]
    n_pelaksana = rng.randint(3, 5)
    pelaksana_users = []
    for i in range(n_pelaksana):
        pos = pelaksana_pos[i % len(pelaksana_pos)]
        pelaksana_users.append((pegawai(f"pelaksana{i + 1}", "pelaksana"), pos))
    User.objects.bulk_create(users)

    def label(pos, jenis=Assignment.Jenis.DEFINITIF):
        return f"{Assignment.AWALAN.get(jenis, '')}{pos.nama}"

    if kepala_user:
        rekam.append((kepala_user, kepala_pos, Assignment.Jenis.DEFINITIF, mulai_def, None))
    rekam.append((sek_user, sek_pos, Assignment.Jenis.DEFINITIF, mulai_def, None))
    rekam.append((kasubbag_user, kasubbag_pos, Assignment.Jenis.DEFINITIF, mulai_def, None))
    for u, p in zip(pengawas_users, pengawas_pos, strict=True):
        rekam.append((u, p, Assignment.Jenis.DEFINITIF, mulai_def, None))
    for u, p in pelaksana_users:
        rekam.append((u, p, Assignment.Jenis.DEFINITIF, mulai_def, None))
    plt = None
    if plt_unit:
        # The first Kasi/Kabid holds the vacant head's position as Plt.
        plt = Pejabat(pengawas_users[0], kepala_pos, label(kepala_pos, Assignment.Jenis.PLT))
        rekam.append(
            (
                pengawas_users[0],
                kepala_pos,
                Assignment.Jenis.PLT,
                awal - datetime.timedelta(days=90),
                None,
            )
        )
    plh = []
    if not plt_unit and nomor % 5 == 1:
        # The head on leave twice: the Sekretaris signs as Plh. for a week or two.
        for tahun_ke in (0, 1):
            mulai = awal + datetime.timedelta(days=365 * tahun_ke + rng.randint(30, 320))
            selesai = mulai + datetime.timedelta(days=rng.randint(5, 14))
            plh.append(
                (
                    mulai,
                    selesai,
                    Pejabat(sek_user, kepala_pos, label(kepala_pos, Assignment.Jenis.PLH)),
                )
            )
            rekam.append((sek_user, kepala_pos, Assignment.Jenis.PLH, mulai, selesai))
    Assignment.objects.bulk_create(
        Assignment(
            user=u,
            position=p,
            jenis=j,
            mulai=m,
            selesai=s,
            dasar=f"Surat Perintah Bupati (data sintetis) {m.year}",
        )
        for u, p, j, m, s in rekam
    )

    # Numbering: most units one series per year, some per klasifikasi or per jenis.
    pengaturan = PengaturanSurat.objects.get(unit=unit)
    pengaturan.kode_unit = f"{400 + nomor}.{rng.randint(1, 9)}.{rng.randint(1, 9)}"
    if nomor % 11 == 3:
        pengaturan.seri_nomor = PengaturanSurat.SeriNomor.KLASIFIKASI
    elif nomor % 13 == 6:
        pengaturan.seri_nomor = PengaturanSurat.SeriNomor.JENIS
        pengaturan.pola_nomor = "{kode}/{urut:3}/{jenis}/{unit}/{tahun}"
    validasi_pola(pengaturan.pola_nomor, pengaturan.seri_nomor)
    manual = nomor % 17 == 8
    if manual:
        pengaturan.metode_ttd = PengaturanSurat.MetodeTtd.MANUAL
    pengaturan.save()

    pelaksana = [Pejabat(u, p, label(p)) for u, p in pelaksana_users]
    pengawas = [Pejabat(u, p, label(p)) for u, p in zip(pengawas_users, pengawas_pos, strict=True)]
    kasubbag = Pejabat(kasubbag_user, kasubbag_pos, label(kasubbag_pos))
    by_pos = {p.position.pk: p for p in pengawas}
    by_pos[kasubbag_pos.pk] = kasubbag
    atasan = {p.position.pk: by_pos[p.position.atasan_id] for p in pelaksana}
    return Instansi(
        unit=unit,
        slug=slug,
        kecamatan=kecamatan,
        pengaturan=pengaturan,
        kepala_pos=kepala_pos,
        kepala=Pejabat(kepala_user, kepala_pos, label(kepala_pos)) if kepala_user else None,
        plt=plt,
        plh=plh,
        sekretaris=Pejabat(sek_user, sek_pos, label(sek_pos)),
        kasubbag=kasubbag,
        pengawas=pengawas,
        pelaksana=pelaksana,
        atasan=atasan,
        manual=manual,
        bobot=rng.uniform(0.5, 2.0),
    )


def _tujuan(rng: Random, daftar: list[Instansi]) -> list[Tujuan]:
    """Recipients: the desa of each kecamatan, every OPD head, the regency leaders."""
    nama_desa = sorted({f"{a}{b}" for a in DESA_AWAL for b in DESA_AKHIR})
    rng.shuffle(nama_desa)
    rows = []
    for inst in daftar:
        if inst.kecamatan:
            tempat = inst.unit.tempat
            for _i in range(6):
                desa = nama_desa.pop()
                rows.append(
                    (f"Kepala Desa {desa} Kecamatan {tempat}", Tujuan.Jenis.DESA, f"Desa {desa}")
                )
            rows.append((f"Camat {tempat}", Tujuan.Jenis.PERANGKAT_DAERAH, ""))
        else:
            rows.append((f"Kepala {inst.unit.nama}", Tujuan.Jenis.PERANGKAT_DAERAH, ""))
    rows += [
        ("Bupati Mojokerto", Tujuan.Jenis.PERANGKAT_DAERAH, ""),
        ("Sekretaris Daerah Kabupaten Mojokerto", Tujuan.Jenis.PERANGKAT_DAERAH, ""),
        ("Ketua DPRD Kabupaten Mojokerto", Tujuan.Jenis.LEMBAGA, ""),
        ("Kepala Kepolisian Resor Mojokerto", Tujuan.Jenis.INSTANSI, ""),
        ("Komandan Komando Distrik Militer 0815 Mojokerto", Tujuan.Jenis.INSTANSI, ""),
    ]
    Tujuan.objects.bulk_create(
        [Tujuan(nama=n, jenis=j, alamat=a) for n, j, a in rows], ignore_conflicts=True
    )
    by_nama = {t.nama: t for t in Tujuan.objects.filter(nama__in=[r[0] for r in rows])}
    for inst in daftar:
        if inst.kecamatan:
            awalan = "Kepala Desa "
            akhiran = f" Kecamatan {inst.unit.tempat}"
            inst.desa = [
                t for n, t in by_nama.items() if n.startswith(awalan) and n.endswith(akhiran)
            ]
            inst.desa.sort(key=lambda t: t.nama)
    return [by_nama[r[0]] for r in rows if r[1] != Tujuan.Jenis.DESA]


# --- one letter's life ---------------------------------------------------------------


@dataclass
class Rencana:
    """Everything written for one letter, computed before any row is."""

    inst: Instansi
    letter: Letter
    penerima: list[tuple[int, str]]
    versi: list[tuple[int, dict, str, int, datetime.datetime]]  # nomor, konten, hash, user, waktu
    # aksi, dari, ke, oleh, sebagai, catatan, versi, waktu
    riwayat: list[tuple[str, str, str, int, str, str, int, datetime.datetime]]
    nomor_pada: datetime.datetime | None = None  # assign_number time (naive WIB)
    seri: str = ""
    agenda: AgendaEntry | None = None
    kirim: Dispatch | None = None
    dokumen: SignedDocument | None = None
    notifikasi: list[tuple[int, str, str, bool, datetime.datetime]] = field(default_factory=list)


class Penyusun:
    """Plans letters one by one from the shared generator."""

    def __init__(self, rng, daftar, tujuan_umum, klasifikasi, awal, akhir):
        self.rng = rng
        self.kode = dict(klasifikasi)
        self.daftar = daftar
        self.bobot = [i.bobot for i in daftar]
        self.tujuan_umum = tujuan_umum
        self.klasifikasi = klasifikasi  # [(pk, kode)]
        self.awal, self.akhir = awal, akhir
        self.isian = {j: jenis_naskah.isian_contoh(j) for j, _b in JENIS_BOBOT}
        contoh = uuid.UUID(int=0)
        self.url = settings.SITE_URL + reverse("letters:detail", args=[contoh])
        self.contoh = str(contoh)

    def waktu_acak(self, mulai: datetime.datetime, selesai: datetime.datetime):
        """A random office moment between ``mulai`` and ``selesai`` (naive WIB)."""
        hari = (selesai.date() - mulai.date()).days
        tanggal = mulai.date() + datetime.timedelta(days=self.rng.randrange(max(hari, 1)))
        menit = self.rng.random() * 510  # 07.30-16.00
        t = datetime.datetime.combine(tanggal, JAM_MASUK) + datetime.timedelta(minutes=menit)
        return _ke_jam_kerja(t)

    def rencana(self, akhir_status: str, inst: Instansi | None = None, rentang=None) -> Rencana:
        rng = self.rng
        inst = inst or rng.choices(self.daftar, self.bobot)[0]
        mulai, selesai = rentang or (self.awal, self.akhir)
        if akhir_status in WAITING:  # still open: recent
            dibuat = self.waktu_acak(
                selesai - datetime.timedelta(days=14), selesai - datetime.timedelta(days=2)
            )
        else:
            dibuat = self.waktu_acak(mulai, selesai - datetime.timedelta(days=12))
        return self._jalan(inst, akhir_status, dibuat)

    def _isi(self, inst, jenis, dibuat):
        rng = self.rng
        topik = rng.choice(TOPIK)
        pola = rng.choice(HAL.get(jenis) or HAL[""])
        bulan = BULAN[(dibuat.month - 2) % 12]
        hal = pola.format(t=topik, bulan=bulan, tahun=dibuat.year)
        isi = (
            f"<p>Sehubungan dengan pelaksanaan kegiatan {topik.lower()} di wilayah "
            f"{inst.unit.nama}, bersama ini kami sampaikan hal-hal sebagai berikut.</p>"
            "<p>Demikian untuk menjadi perhatian dan atas kerja samanya disampaikan terima "
            "kasih.</p>"
        )
        return hal, isi

    def _jalan(self, inst: Instansi, akhir_status: str, dibuat: datetime.datetime) -> Rencana:
        rng = self.rng
        pembuat = rng.choice(inst.pelaksana)
        pengawas = inst.atasan[pembuat.position.pk]
        jenis = _pilih(rng, JENIS_BOBOT)
        sifat = _pilih(rng, SIFAT_BOBOT)
        kecepatan = _pilih(rng, KECEPATAN_BOBOT)
        klas_pk, klas_kode = rng.choice(self.klasifikasi)
        hal, isi = self._isi(inst, jenis, dibuat)
        ttd_manual = not inst.manual and rng.random() < 0.01
        alasan = "Sertifikat elektronik pejabat sedang diperbarui." if ttd_manual else ""

        # Who will sign, decided by the expected signing day (Plh. windows).
        an = rng.random() < 0.25
        perkiraan = (dibuat + datetime.timedelta(days=2)).date()
        if an:
            penandatangan, cara, penanda = (
                inst.sekretaris.position,
                Letter.CaraTtd.AN,
                inst.sekretaris,
            )
        else:
            penandatangan, cara, penanda = inst.kepala_pos, Letter.CaraTtd.LANGSUNG, inst.kepala
            if inst.plt is not None:
                cara, penanda = Letter.CaraTtd.PLT, inst.plt
            for m, s, pejabat in inst.plh:
                if m <= perkiraan <= s:
                    cara, penanda = Letter.CaraTtd.PLH, pejabat
        if penanda.user.pk == pengawas.user.pk:
            pengawas = inst.kasubbag  # four eyes: the one who gives paraf does not sign

        if inst.kecamatan and inst.desa and rng.random() < 0.6:
            tujuan = rng.sample(inst.desa, rng.randint(1, 3))
        else:
            tujuan = rng.sample(self.tujuan_umum, rng.randint(1, 2))
        penerima = [(t.pk, t.nama) for t in tujuan]
        tembusan = "Bupati Mojokerto\nArsip" if rng.random() < 0.5 else "Arsip"
        lampiran = rng.choice(["-", "-", "-", "1 (satu) berkas", "2 (dua) lembar"])
        public_id = uuid.UUID(int=rng.getrandbits(128), version=4)

        konten = {
            "klasifikasi": klas_kode,
            "sifat": sifat,
            "kecepatan": kecepatan,
            "hal": hal,
            "lampiran": lampiran,
            "tujuan": [n for _pk, n in penerima],
            "tembusan": tembusan,
            "isi": isi,
            "pejabat_pengawas": pengawas.position.nama,
            "penandatangan": penandatangan.nama,
            "cara_ttd": cara,
            "jenis": jenis,
            "isian": self.isian[jenis],
            "ukuran_kertas": "",
            "surat_masuk": "",
            "ttd_basah": alasan,
            "berkas_lampiran": [],
        }
        versi: list = []
        riwayat_: list = []
        state = {"status": Status.DRAFT, "t": dibuat, "nomor": False}

        def simpan_versi(user, t):
            nomor = len(versi) + 1
            k = dict(konten)
            versi.append((nomor, k, content_hash(k), user.pk, _aware(t)))

        def catat(aksi, ke, pejabat, catatan="", menit=(5, 120)):
            t = _maju(state["t"], rng.uniform(*menit))
            t = t.replace(microsecond=rng.randrange(1_000_000))
            if riwayat_ and _aware(t) <= riwayat_[-1][7]:
                t = state["t"] + datetime.timedelta(seconds=1)
            dari = state["status"] if aksi != "create" else ""
            riwayat_.append(
                (aksi, dari, ke, pejabat.user.pk, pejabat.label, catatan, len(versi), _aware(t))
            )
            state["status"], state["t"] = ke, t
            return t

        simpan_versi(pembuat.user, dibuat)
        riwayat_.append(
            ("create", "", Status.DRAFT, pembuat.user.pk, pembuat.label, "", 1, _aware(dibuat))
        )
        rencana = Rencana(inst=inst, letter=None, penerima=penerima, versi=versi, riwayat=riwayat_)
        notif: list = []

        def ubah(catatan_hal: str):
            konten["isi"] = konten["isi"].replace("</p>", " " + catatan_hal + "</p>", 1)
            t = _maju(state["t"], rng.uniform(20, 400))
            simpan_versi(pembuat.user, t)
            state["t"] = t - datetime.timedelta(seconds=1)
            catat("edit", state["status"], pembuat, menit=(0.05, 0.1))

        def kabari(users, pejabat):
            aksi = riwayat_[-1][0]
            for u in users:
                if u is not None and u.pk != pejabat.user.pk:
                    notif.append((u.pk, state["status"], aksi, pejabat, riwayat_[-1][7]))

        if akhir_status == Status.DRAFT:
            if rng.random() < 0.3:
                ubah("Kegiatan dilaksanakan sesuai jadwal terlampir.")
            return self._selesai(rencana, konten, notif, locals(), state)
        if rng.random() < 0.2:
            ubah("Kegiatan dilaksanakan sesuai jadwal terlampir.")

        # Where a cancelled letter stops, and whether (and where) it is returned once.
        batal_di = None
        if akhir_status == Status.CANCELLED:
            batal_di = rng.choice(
                [
                    Status.DRAFT,
                    Status.NUMBERING,
                    Status.REVIEW,
                    Status.REVIEW,
                    Status.APPROVAL,
                    Status.SIGNING,
                ]
            )
        revisi_di = None
        if akhir_status == Status.REVISION:
            revisi_di = rng.choice(
                [Status.NUMBERING, Status.REVIEW, Status.APPROVAL, Status.SIGNING]
            )
        elif rng.random() < 0.12:
            revisi_di = rng.choice(
                [Status.NUMBERING, Status.REVIEW, Status.REVIEW, Status.APPROVAL, Status.SIGNING]
            )
        langkah_aktor = {
            Status.NUMBERING: inst.kasubbag,
            Status.REVIEW: pengawas,
            Status.APPROVAL: inst.sekretaris,
            Status.SIGNING: penanda,
        }
        penunggu = {
            Status.NUMBERING: [inst.kasubbag.user],
            Status.REVIEW: [pengawas.user],
            Status.APPROVAL: [inst.sekretaris.user],
            Status.SIGNING: [penanda.user]
            + ([inst.kasubbag.user] if inst.manual or ttd_manual else []),
            Status.SIGNED: [pembuat.user],
            Status.REVISION: [pembuat.user],
            Status.CANCELLED: [pembuat.user],
        }
        maju = [
            ("submit", Status.NUMBERING, pembuat, (10, 240)),
            ("assign_number", Status.REVIEW, inst.kasubbag, (2, 180)),
            ("paraf", Status.APPROVAL, pengawas, (5, 300)),
            ("approve", Status.SIGNING, inst.sekretaris, (10, 360)),
            ("sign", Status.SIGNED, None, (5, 600)),
            ("dispatch", Status.SENT, pembuat, (15, 900)),
        ]
        i = 0
        while True:
            s = state["status"]
            if s == akhir_status or (batal_di is not None and s == batal_di):
                break
            if revisi_di is not None and s == revisi_di:
                revisi_di = None
                catat(
                    "return_for_revision",
                    Status.REVISION,
                    langkah_aktor[s],
                    rng.choice(CATATAN_REVISI),
                    (10, 300),
                )
                kabari(penunggu[Status.REVISION], langkah_aktor[s])
                if akhir_status == Status.REVISION:
                    break
                if len(versi) < 3:
                    ubah("Telah diperbaiki sesuai catatan.")
                ke = Status.REVIEW if state["nomor"] else Status.NUMBERING
                catat("resubmit", ke, pembuat, menit=(1, 30))
                kabari(penunggu[ke], pembuat)
                i = 1 if ke == Status.NUMBERING else 2
                continue
            aksi, ke, pejabat, menit = maju[i]
            i += 1
            if aksi == "sign":
                pejabat = inst.kasubbag if (inst.manual or ttd_manual) else penanda
            t = catat(aksi, ke, pejabat, menit=menit)
            if aksi == "assign_number":
                state["nomor"] = True
                rencana.nomor_pada = t
            if aksi == "sign":
                state["ttd"] = t
            if aksi == "dispatch":
                state["kirim"] = t
            kabari(penunggu.get(ke, []), pejabat)
        if batal_di is not None:
            oleh = inst.kasubbag if rng.random() < 0.7 else inst.atasan[pembuat.position.pk]
            catat("cancel", Status.CANCELLED, oleh, rng.choice(CATATAN_BATAL), (10, 600))
            kabari(penunggu[Status.CANCELLED], oleh)
        return self._selesai(rencana, konten, notif, locals(), state)

    def _selesai(self, rencana, konten, notif, v, state):
        """The letter row and its one-off rows, from the path walked in ``_jalan``
        (``v``: its local values)."""
        rng = self.rng
        pembuat, penanda, pengawas = v["pembuat"], v["penanda"], v["pengawas"]
        ttd_manual, public_id, jenis = v["ttd_manual"], v["public_id"], v["jenis"]
        klas_pk, sifat, cara = v["klas_pk"], v["sifat"], v["cara"]
        inst = rencana.inst
        status = state["status"]
        ttd = state.get("ttd")
        letter = Letter(
            public_id=public_id,
            unit_id=inst.unit.pk,
            jenis=jenis,
            klasifikasi_id=klas_pk,
            sifat=sifat,
            kecepatan=konten["kecepatan"],
            hal=konten["hal"],
            lampiran=konten["lampiran"],
            isi=konten["isi"],
            tembusan=konten["tembusan"],
            pejabat_pengawas_id=pengawas.position.pk,
            penandatangan_id=v["penandatangan"].pk,
            cara_ttd=cara,
            pembuat_id=pembuat.user.pk,
            posisi_pembuat_id=pembuat.position.pk,
            status=status,
            versi=len(rencana.versi),
            dibuat=rencana.riwayat[0][7],
            diubah=rencana.riwayat[-1][7],
            ttd_manual=ttd_manual,
            alasan_ttd_manual=konten["ttd_basah"],
            isian=konten["isian"],
        )
        if ttd is not None:
            letter.tanggal_surat = ttd.date()
            letter.ditandatangani_oleh_id = penanda.user.pk
            letter.ditandatangani_pada = _aware(ttd)
            letter.jabatan_penandatangan = penanda.label
            versi = rencana.versi[-1]
            manual = inst.manual or ttd_manual
            kode = base64.urlsafe_b64encode(rng.getrandbits(144).to_bytes(18, "big")).decode()
            rencana.dokumen = SignedDocument(
                kode_verifikasi=kode,
                berkas=BERKAS_CONTOH,
                sha256=hashlib.sha256(f"sintetis:{public_id}".encode()).hexdigest(),
                cara=SignedDocument.Cara.MANUAL if manual else SignedDocument.Cara.LOKAL,
                ditandatangani_oleh_id=penanda.user.pk,
                ditandatangani_pada=_aware(ttd),
                versi=versi[0],
                hash_versi=versi[2],
                diunggah_oleh_id=inst.kasubbag.user.pk if manual else None,
            )
        kirim = state.get("kirim")
        if kirim is not None:
            terima = None
            if rng.random() < 0.7:
                terima = kirim.date() + datetime.timedelta(days=rng.randint(0, 2))
            rencana.kirim = Dispatch(
                tanggal_kirim=kirim.date(),
                cara=_pilih(rng, CARA_KIRIM),
                nama_penerima=rng.choice(
                    ["", "Staf penerima", "Petugas tata usaha", "Sekretariat"]
                ),
                tanggal_terima=terima,
                catatan="",
                dicatat_oleh_id=pembuat.user.pk,
                dicatat_pada=_aware(kirim),
            )
        rencana.letter = letter
        rencana.seri = self._seri(inst, klas_pk, jenis)
        # Notifications: as notifications.after_transition words them; only the last
        # step's are unread, and only while the letter still waits for someone.
        url = self.url.replace(self.contoh, str(public_id))
        rahasia = sifat in ("rahasia", "sangat_rahasia")
        aksi_label = dict(LetterEvent.Aksi.choices)
        terakhir = rencana.riwayat[-1][7]
        menunggu = status in WAITING or (status == Status.CANCELLED and rng.random() < 0.3)
        for user_id, ke, aksi, pejabat, t in notif:
            if rahasia:
                judul = notifications.JUDUL_RAHASIA
                pesan = notifications.PESAN_RAHASIA.format(
                    tautan=f"{Notifikasi.AWALAN_TAUTAN}{url}"
                )
            else:
                judul = f"{notifications.JUDUL.get(ke, ke)}: {konten['hal']}"[:200]
                pesan = (
                    f"{aksi_label[aksi]} oleh {pejabat.user.nama_bergelar} ({pejabat.label}).\n"
                    f"{Notifikasi.AWALAN_TAUTAN}{url}"
                )
            belum = menunggu and t == terakhir
            rencana.notifikasi.append((user_id, judul, pesan, not belum, t))
        return rencana

    def _seri(self, inst, klas_pk, jenis) -> str:
        mode = inst.pengaturan.seri_nomor
        if mode == PengaturanSurat.SeriNomor.KLASIFIKASI:
            return f"kode:{self.kode[klas_pk]}"
        if mode == PengaturanSurat.SeriNomor.JENIS:
            return f"jenis:{jenis}"
        return ""


# --- writing -------------------------------------------------------------------------


@contextmanager
def _waktu_tetap():
    """Let bulk_create keep the planned times of auto_now(_add) fields."""
    fields = [
        Letter._meta.get_field("dibuat"),
        Letter._meta.get_field("diubah"),
        LetterVersion._meta.get_field("dibuat_pada"),
        Dispatch._meta.get_field("dicatat_pada"),
        Notifikasi._meta.get_field("dibuat"),
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _beri_nomor(rencana: list[Rencana], kode_klas: dict[int, str]) -> dict:
    """Gap-free numbers per unit, year and series, in the order they were given."""
    urutan = sorted(
        (r for r in rencana if r.nomor_pada is not None),
        key=lambda r: (r.inst.unit.pk, r.nomor_pada.year, r.seri, r.nomor_pada),
    )
    counters: dict[tuple[int, int, str], int] = defaultdict(int)
    for r in urutan:
        inst, t = r.inst, r.nomor_pada
        key = (inst.unit.pk, t.year, r.seri)
        counters[key] += 1
        p = inst.pengaturan
        nomor = format_nomor(
            p.pola_nomor,
            kode=kode_klas[r.letter.klasifikasi_id],
            jenis=jenis_naskah.kode_jenis(r.letter.jenis),
            urut=counters[key],
            sisipan=0,
            unit=p.kode_unit,
            tanggal=t.date(),
        )
        r.agenda = AgendaEntry(
            unit_id=inst.unit.pk,
            tahun=t.year,
            seri=r.seri,
            nomor_urut=counters[key],
            nomor=nomor,
            tanggal=t.date(),
            diberikan_oleh_id=inst.kasubbag.user.pk,
        )
    return counters


def _tulis(batch: list[Rencana]) -> dict[str, int]:
    for r in batch:  # what riwayat.catat keeps: the last event that was not an edit
        r.letter.sejak = max(
            (e[-1] for e in r.riwayat if riwayat.memindah_status(e[0])), default=None
        )
    letters = Letter.objects.bulk_create([r.letter for r in batch], batch_size=BATCH)
    versions, events, penerima, agenda, kirim, dokumen, notif = [], [], [], [], [], [], []
    lama = []  # DurasiLangkah: what actions._run would have stored at each step's end
    aturan = _aturan_langkah({letter.unit_id for letter in letters})
    for r, letter in zip(batch, letters, strict=True):
        mulai_riwayat = len(events)
        lid = letter.pk
        for nomor, konten, digest, user_id, waktu in r.versi:
            versions.append(
                LetterVersion(
                    letter_id=lid,
                    nomor=nomor,
                    konten=konten,
                    hash=digest,
                    dibuat_oleh_id=user_id,
                    dibuat_pada=waktu,
                )
            )
        sebelumnya = ""
        for aksi, dari, ke, oleh, sebagai, catatan, versi, waktu in r.riwayat:
            hash_versi = r.versi[versi - 1][2]
            event = LetterEvent(
                letter_id=lid,
                aksi=aksi,
                dari=dari,
                ke=ke,
                oleh_id=oleh,
                sebagai=sebagai,
                catatan=catatan,
                versi=versi,
                hash_versi=hash_versi,
                waktu=waktu,
                hash_sebelumnya=sebelumnya,
            )
            event.hash = sebelumnya = riwayat.hitung_hash(event, letter.public_id)
            events.append(event)
        langkah, kalender = aturan[letter.unit_id]
        lama += [
            DurasiLangkah(letter_id=lid, unit_id=letter.unit_id, **row)
            for row in durasi.stays(events[mulai_riwayat:], langkah, kalender)
        ]
        for i, (tujuan_id, nama) in enumerate(r.penerima):
            penerima.append(Penerima(letter_id=lid, tujuan_id=tujuan_id, nama=nama, urutan=i))
        for obj, daftar in ((r.agenda, agenda), (r.kirim, kirim), (r.dokumen, dokumen)):
            if obj is not None:
                obj.letter_id = lid
                daftar.append(obj)
        for user_id, judul, pesan, dibaca, waktu in r.notifikasi:
            notif.append(
                Notifikasi(
                    user_id=user_id,
                    letter_id=lid,
                    judul=judul,
                    pesan=pesan,
                    dibaca=dibaca,
                    dibuat=waktu,
                )
            )
    for model, rows in (
        (LetterVersion, versions),
        (LetterEvent, events),
        (DurasiLangkah, lama),
        (Penerima, penerima),
        (AgendaEntry, agenda),
        (Dispatch, kirim),
        (SignedDocument, dokumen),
        (Notifikasi, notif),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)
    return {
        "surat": len(letters),
        "versi": len(versions),
        "riwayat": len(events),
        "penerima": len(penerima),
        "agenda": len(agenda),
        "pengiriman": len(kirim),
        "dokumen": len(dokumen),
        "notifikasi": len(notif),
    }


def _aturan_langkah(unit_ids: set[int]) -> dict[int, tuple]:
    """Per unit: its SOP steps and office calendar (holidays included), as the actions
    use them when they store a step's duration."""
    libur = frozenset(HariLibur.objects.values_list("tanggal", flat=True))
    units = Unit.objects.filter(pk__in=unit_ids).prefetch_related("langkah_sop")
    return {u.pk: (timeline.langkah_unit(u), kalender_unit(u, libur)) for u in units}


def _pdf_contoh() -> bytes:
    """One valid, unsigned A4 page saying it is synthetic (the same bytes every time)."""
    keluaran = io.BytesIO()
    kanvas = canvas.Canvas(keluaran, pagesize=A4, invariant=True)
    kanvas.setFont("Helvetica", 16)
    kanvas.drawString(72, 760, "CONTOH - DATA SINTETIS, TIDAK DITANDATANGANI")
    kanvas.save()
    return keluaran.getvalue()


def generated_units():
    return Unit.objects.filter(email__endswith=f"@{DOMAIN}")


def generated_users():
    return User.objects.filter(email__endswith=f"@{DOMAIN}")


def hapus() -> dict[str, int]:
    """Remove the generated kabupaten (its units, people and letters), nothing else.

    The history triggers are lifted for this, in one transaction, as ``flush`` does.
    """
    counts: dict[str, int] = {}
    with triggers.suspended():
        units = list(generated_units().values_list("pk", flat=True))
        users = list(generated_users().values_list("pk", flat=True))
        surat = Letter.objects.filter(unit_id__in=units)
        SurelKeluar.objects.filter(notifikasi__letter__in=surat).update(notifikasi=None)
        for label, qs in (
            ("notifikasi", Notifikasi.objects.filter(letter__in=surat)),
            ("notifikasi lain", Notifikasi.objects.filter(user_id__in=users)),
            ("pengingat", Pengingat.objects.filter(letter__in=surat)),
            ("riwayat", LetterEvent.objects.filter(letter__in=surat)),
            ("lama langkah", DurasiLangkah.objects.filter(letter__in=surat)),
            ("versi", LetterVersion.objects.filter(letter__in=surat)),
            ("penerima", Penerima.objects.filter(letter__in=surat)),
            ("pengiriman", Dispatch.objects.filter(letter__in=surat)),
            ("dokumen", SignedDocument.objects.filter(letter__in=surat)),
            ("agenda", AgendaEntry.objects.filter(letter__in=surat)),
            ("lampiran", Attachment.objects.filter(letter__in=surat)),
            ("surat", surat),
            ("penghitung", NumberCounter.objects.filter(unit_id__in=units)),
            ("register", BerkasRegister.objects.filter(unit_id__in=units)),
            ("penugasan", Assignment.objects.filter(user_id__in=users)),
            ("penugasan unit", Assignment.objects.filter(position__unit_id__in=units)),
            ("a.n.", Unit.penandatangan_an.through.objects.filter(unit_id__in=units)),
            ("jabatan", Position.objects.filter(unit_id__in=units)),
            ("pengaturan surat", PengaturanSurat.objects.filter(unit_id__in=units)),
            ("pengaturan tte", PengaturanTte.objects.filter(unit_id__in=units)),
            ("langkah sop", LangkahSop.objects.filter(unit_id__in=units)),
            ("rekap dasbor", RekapDasbor.objects.filter(unit_id__in=units)),
        ):
            counts[label] = qs._raw_delete(qs.db)
        # Sub-units first, then the instansi (each unit points at its instansi).
        counts["unit"] = Unit.objects.filter(pk__in=units, induk__isnull=False)._raw_delete(
            "default"
        )
        Unit.objects.filter(pk__in=units).update(instansi=None)
        counts["unit"] += Unit.objects.filter(pk__in=units)._raw_delete("default")
        counts["pengguna"] = generated_users().delete()[0]
    return counts


def _daftar_status(rng: Random, n: int) -> list[str]:
    """The final states of ``n`` letters, shuffled: about 2% still open (from 100 letters
    on, every open state at least once), 5% cancelled, the rest sent."""
    terbuka = round(n * PERSEN_TERBUKA)
    batal = round(n * PERSEN_BATAL)
    if n >= 100:
        terbuka = max(terbuka, len(TERBUKA_BOBOT))
        batal = max(batal, 1)
    daftar = [s for s, _b in TERBUKA_BOBOT][: min(terbuka, len(TERBUKA_BOBOT))]
    daftar += [_pilih(rng, TERBUKA_BOBOT) for _i in range(terbuka - len(daftar))]
    daftar += [Status.CANCELLED] * batal
    daftar += [Status.SENT] * (n - len(daftar))
    rng.shuffle(daftar)
    return daftar


def rentang(tahun_mulai: int) -> tuple[datetime.date, datetime.datetime]:
    """The data's first day and its end (naive WIB): two calendar years from
    ``tahun_mulai``, cut at today 07.30 so that nothing happens in the future."""
    awal = datetime.date(tahun_mulai, 1, 1)
    akhir = datetime.datetime(tahun_mulai + 2, 1, 1, 7, 30)
    hari_ini = datetime.datetime.now(WIB).replace(tzinfo=None)
    akhir = min(akhir, hari_ini.replace(hour=7, minute=30, second=0, microsecond=0))
    if akhir <= datetime.datetime.combine(awal, JAM_MASUK) + datetime.timedelta(days=30):
        raise ValueError("Rentang waktu terlalu pendek: pilih tahun mulai yang lebih awal.")
    return awal, akhir


@dataclass
class Hasil:
    counts: dict[str, int]
    detik: float
    instansi: list[Instansi]


def bangun(
    *,
    surat: int = 1000,
    tahun_mulai: int,
    opd_besar: int = 0,
    benih: int = 1,
    tulis=print,
) -> Hasil:
    """Build the kabupaten; ``tulis`` receives progress lines (Indonesian)."""
    mulai_jam = time.monotonic()
    rng = Random(benih)
    awal, akhir = rentang(tahun_mulai)

    if not default_storage.exists(BERKAS_CONTOH):
        default_storage.save(BERKAS_CONTOH, ContentFile(_pdf_contoh()))

    with transaction.atomic():
        nip_ada = set(User.objects.exclude(nip="").values_list("nip", flat=True))
        orang = _Orang(rng, nip_ada)
        specs = [("kecamatan", n, s) for n, s in KECAMATAN] + [("opd", *o) for o in OPD]
        klasifikasi = sorted(
            KodeKlasifikasi.objects.filter(kode__regex=r"^\d+\.\d+\.\d+$").values_list(
                "pk", "kode"
            ),
            key=lambda x: x[1],
        )
        if not klasifikasi:
            raise ValueError("Kode Klasifikasi Arsip belum dimuat (jalankan migrate).")
        klasifikasi = rng.sample(klasifikasi, min(60, len(klasifikasi)))
        daftar = [
            _bangun_instansi(rng, orang, nomor, spec, awal, klasifikasi)
            for nomor, spec in enumerate(specs, start=1)
        ]
        tujuan_umum = _tujuan(rng, daftar)
    tulis(f"Organisasi: {len(daftar)} instansi, {generated_users().count()} pegawai.")

    kode_klas = dict(klasifikasi)
    penyusun = Penyusun(
        rng,
        daftar,
        tujuan_umum,
        klasifikasi,
        datetime.datetime.combine(awal, JAM_MASUK),
        akhir,
    )
    rencana = [penyusun.rencana(st) for st in _daftar_status(rng, surat)]
    if opd_besar:
        besar = next(i for i in daftar if i.slug == OPD_BESAR)
        tahun = akhir.year if akhir.month > 1 else akhir.year - 1
        tahun = min(tahun, tahun_mulai + 1)
        periode = (
            datetime.datetime(tahun, 1, 2, 7, 30),
            min(datetime.datetime(tahun + 1, 1, 1, 7, 30), akhir),
        )
        rencana += [penyusun.rencana(st, besar, periode) for st in _daftar_status(rng, opd_besar)]
    rencana.sort(key=lambda r: r.riwayat[0][7])
    counters = _beri_nomor(rencana, kode_klas)
    tulis(f"Rencana {len(rencana)} surat siap ({time.monotonic() - mulai_jam:.0f} d).")

    counts: dict[str, int] = defaultdict(int)
    with _waktu_tetap():
        for start in range(0, len(rencana), BATCH):
            with transaction.atomic():
                for k, v in _tulis(rencana[start : start + BATCH]).items():
                    counts[k] += v
            detik = time.monotonic() - mulai_jam
            tulis(f"  {counts['surat']:>7}/{len(rencana)} surat ({detik:.0f} d)")
    NumberCounter.objects.bulk_create(
        [
            NumberCounter(unit_id=u, tahun=t, seri=s, terakhir=n)
            for (u, t, s), n in sorted(counters.items())
        ],
        batch_size=BATCH,
    )
    counts["pegawai"] = generated_users().count()
    counts["instansi"] = len(daftar)
    counts["unit"] = generated_units().count()
    counts["penugasan"] = Assignment.objects.filter(user__email__endswith=f"@{DOMAIN}").count()
    counts["plt_plh"] = (
        Assignment.objects.filter(user__email__endswith=f"@{DOMAIN}")
        .exclude(jenis=Assignment.Jenis.DEFINITIF)
        .count()
    )
    return Hasil(counts=dict(counts), detik=time.monotonic() - mulai_jam, instansi=daftar)
