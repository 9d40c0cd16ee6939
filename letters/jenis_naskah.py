"""The jenis naskah dinas of Permendagri No. 1 Tahun 2023 that a kecamatan or OPD issues.

One table (:data:`JENIS`) says for each jenis: its code in a letter number ({jenis}), its
title, its PDF template ``pdf/naskah/<jenis>.html``, how it is addressed, what the isi is
called, and its own fields. A letter keeps the values of those fields in
``Letter.isian`` (JSON); this module parses them from the form, tells what is still
missing before Ajukan, and prepares them for printing. docs/NASKAH.md says where each
element comes from in the regulation.

Pure data and functions: letters.models builds ``Letter.Jenis`` from this table.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings

from organisasi import tanggal as tgl

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

# Kinds of field.
TEKS = "teks"  # one line
TANGGAL = "tanggal"  # a date, stored "YYYY-MM-DD"
WAKTU = "waktu"  # a time of day, stored "HH:MM"
PARAGRAF = "paragraf"  # several lines; printed as a numbered list when more than one
ORANG = "orang"  # people, one a line: "Nama; Pangkat/Gol.; NIP; Jabatan"
BARANG = "barang"  # items sent, one a line: "Naskah; Banyaknya; Keterangan"

KOLOM_ORANG = ("nama", "pangkat", "nip", "jabatan")
KOLOM_BARANG = ("naskah", "banyaknya", "keterangan")

# How the addressees appear on the naskah.
YTH_DI_TEMPAT = "yth_di_tempat"  # "Yth. … di Tempat" (Surat Dinas, Undangan, Pengantar)
YTH_INTERNAL = "yth_internal"  # the Yth./Dari/… block of an internal naskah, no "di Tempat"
YTH_BOLEH = "yth_boleh"  # "Yth." printed when the letter has addressees (Surat Edaran)
TANPA_YTH = ""  # no addressee on the page (the recipients only matter for dispatch)


@dataclass(frozen=True)
class Isian:
    nama: str
    label: str
    jenis: str = TEKS
    wajib: bool = True
    bantuan: str = ""
    contoh: str = ""  # an example value as typed in the form (placeholder, gallery, tests)


@dataclass(frozen=True)
class JenisNaskah:
    nilai: str  # Letter.jenis
    enum: str  # the name in Letter.Jenis
    kode: str  # the {jenis} token of the number pattern
    judul: str  # as the office names it
    judul_naskah: str  # the title printed on the naskah ("" when it has none)
    tujuan: str = TANPA_YTH
    isi_label: str = "Isi"
    isi_wajib: bool = True
    isian: tuple[Isian, ...] = field(default=())

    @property
    def template(self) -> str:
        return f"pdf/naskah/{self.nilai}.html"

    @property
    def tujuan_wajib(self) -> bool:
        return self.tujuan in (YTH_DI_TEMPAT, YTH_INTERNAL)


_ORANG_BANTUAN = (
    "Satu orang per baris: Nama; Pangkat/Golongan; NIP; Jabatan (pisahkan dengan titik koma)."
)
_ORANG_CONTOH = (
    "Budi Santoso, S.Sos.; Penata (III/c); 198501012010011001; Kepala Seksi Pemerintahan\n"
    "Siti Aminah; Pengatur (II/c); 199002022015032002; Pengadministrasi Umum"
)


def _isian_perintah(contoh_dasar: str) -> tuple[Isian, ...]:
    """Surat Perintah and Surat Tugas ask the same: Menimbang, Dasar, Kepada."""
    return (
        Isian(
            "menimbang",
            "Menimbang",
            PARAGRAF,
            wajib=False,
            bantuan="Satu pertimbangan per baris (tidak wajib).",
        ),
        Isian("dasar", "Dasar", PARAGRAF, bantuan="Satu dasar per baris.", contoh=contoh_dasar),
        Isian("kepada", "Kepada", ORANG, bantuan=_ORANG_BANTUAN, contoh=_ORANG_CONTOH),
    )


JENIS: dict[str, JenisNaskah] = {
    j.nilai: j
    for j in (
        JenisNaskah(
            "surat_dinas",
            "SURAT_DINAS",
            "SD",
            "Surat Dinas",
            "",
            tujuan=YTH_DI_TEMPAT,
        ),
        JenisNaskah(
            "undangan",
            "UNDANGAN",
            "UND",
            "Surat Undangan",
            "",
            tujuan=YTH_DI_TEMPAT,
            isi_label="Isi (pembuka dan penutup undangan)",
            isian=(
                Isian("tanggal", "Hari/tanggal acara", TANGGAL, contoh="2027-01-12"),
                Isian("waktu_mulai", "Waktu mulai", WAKTU, contoh="09:00"),
                Isian(
                    "waktu_selesai",
                    "Waktu selesai",
                    WAKTU,
                    wajib=False,
                    bantuan="Kosongkan bila sampai selesai.",
                ),
                Isian("tempat", "Tempat", contoh="Pendopo Kecamatan Mojoanyar"),
                Isian("acara", "Acara", contoh="Rapat Koordinasi Pemerintahan Desa"),
            ),
        ),
        JenisNaskah(
            "nota_dinas",
            "NOTA_DINAS",
            "ND",
            "Nota Dinas",
            "NOTA DINAS",
            tujuan=YTH_INTERNAL,
        ),
        JenisNaskah("memo", "MEMO", "MEMO", "Memo", "MEMO", tujuan=YTH_INTERNAL),
        JenisNaskah(
            "edaran",
            "EDARAN",
            "SE",
            "Surat Edaran",
            "SURAT EDARAN",
            tujuan=YTH_BOLEH,
            isi_label="Isi edaran (tiap paragraf menjadi butir bernomor)",
        ),
        JenisNaskah(
            "perintah",
            "PERINTAH",
            "SPRIN",
            "Surat Perintah",
            "SURAT PERINTAH",
            isi_label="Untuk",
            isian=_isian_perintah("Peraturan Bupati Mojokerto tentang Tata Naskah Dinas"),
        ),
        JenisNaskah(
            "tugas",
            "TUGAS",
            "ST",
            "Surat Tugas",
            "SURAT TUGAS",
            isi_label="Untuk",
            isian=_isian_perintah("Surat Bupati Mojokerto tentang Pendataan Aset Desa"),
        ),
        JenisNaskah(
            "keterangan",
            "KETERANGAN",
            "SKET",
            "Surat Keterangan",
            "SURAT KETERANGAN",
            isi_label="Keterangan dan keperluannya",
            isian=(
                Isian("nama", "Nama yang diterangkan", contoh="Ahmad Fauzi"),
                Isian("nip", "NIP/NIK", wajib=False, contoh="3516010101900001"),
                Isian("pangkat", "Pangkat/Golongan", wajib=False),
                Isian("jabatan", "Jabatan/Pekerjaan", wajib=False, contoh="Wiraswasta"),
                Isian("alamat", "Alamat", wajib=False, contoh="Desa Jabon, Kecamatan Mojoanyar"),
            ),
        ),
        JenisNaskah(
            "pengantar",
            "PENGANTAR",
            "SPENG",
            "Surat Pengantar",
            "SURAT PENGANTAR",
            tujuan=YTH_DI_TEMPAT,
            isi_label="Catatan (tidak wajib)",
            isi_wajib=False,
            isian=(
                Isian(
                    "naskah",
                    "Naskah yang dikirimkan",
                    BARANG,
                    bantuan="Satu naskah per baris: Naskah; Banyaknya; Keterangan.",
                    contoh="Laporan Kependudukan Triwulan IV; 1 (satu) berkas; "
                    "Disampaikan dengan hormat",
                ),
            ),
        ),
        JenisNaskah(
            "berita_acara",
            "BERITA_ACARA",
            "BA",
            "Berita Acara",
            "BERITA ACARA",
            isi_label="Uraian kejadian/kegiatan",
            isian=(
                Isian("tanggal", "Tanggal kejadian", TANGGAL, contoh="2027-01-12"),
                Isian("tempat", "Tempat", wajib=False, contoh="Kantor Kecamatan Mojoanyar"),
                Isian(
                    "pihak",
                    "Para pihak",
                    ORANG,
                    bantuan="Pihak Pertama lalu Pihak Kedua (dst.). " + _ORANG_BANTUAN,
                    contoh=_ORANG_CONTOH,
                ),
            ),
        ),
        JenisNaskah(
            "kuasa",
            "KUASA",
            "SKU",
            "Surat Kuasa",
            "SURAT KUASA",
            isi_label="Untuk (hal yang dikuasakan)",
            isian=(
                Isian("nama", "Nama penerima kuasa", contoh="Siti Aminah"),
                Isian("nip", "NIP penerima kuasa", wajib=False, contoh="199002022015032002"),
                Isian("pangkat", "Pangkat/Golongan", wajib=False, contoh="Pengatur (II/c)"),
                Isian("jabatan", "Jabatan", wajib=False, contoh="Pengadministrasi Umum"),
            ),
        ),
        JenisNaskah("pengumuman", "PENGUMUMAN", "PENG", "Pengumuman", "PENGUMUMAN"),
        JenisNaskah(
            "laporan",
            "LAPORAN",
            "LAP",
            "Laporan",
            "LAPORAN",
            isi_label="Penutup",
            isian=(
                Isian(
                    "pendahuluan",
                    "Pendahuluan",
                    PARAGRAF,
                    bantuan="Umum, maksud dan tujuan, ruang lingkup, dasar; satu butir per baris.",
                    contoh="Laporan ini disusun sebagai pertanggungjawaban kegiatan.",
                ),
                Isian(
                    "kegiatan",
                    "Kegiatan yang dilaksanakan",
                    PARAGRAF,
                    contoh="Pendataan aset di 12 desa.",
                ),
                Isian("hasil", "Hasil yang dicapai", PARAGRAF, contoh="Seluruh aset tercatat."),
                Isian("kesimpulan", "Kesimpulan dan saran", PARAGRAF, wajib=False),
            ),
        ),
        JenisNaskah(
            "telaahan_staf",
            "TELAAHAN_STAF",
            "TS",
            "Telaahan Staf",
            "TELAAHAN STAF",
            tujuan=YTH_INTERNAL,
            isi_label="Catatan (tidak wajib)",
            isi_wajib=False,
            isian=(
                Isian("persoalan", "Persoalan", PARAGRAF, contoh="Kantor belum memiliki arsip."),
                Isian("praanggapan", "Praanggapan", PARAGRAF, wajib=False),
                Isian("fakta", "Fakta yang mempengaruhi", PARAGRAF, contoh="Ruang arsip penuh."),
                Isian("analisis", "Analisis", PARAGRAF, contoh="Perlu ruang tambahan."),
                Isian("kesimpulan", "Kesimpulan", PARAGRAF, contoh="Ruang arsip diperluas."),
                Isian("saran", "Saran", PARAGRAF, contoh="Menyetujui perluasan ruang arsip."),
            ),
        ),
        JenisNaskah(
            "notula",
            "NOTULA",
            "NOT",
            "Notula",
            "NOTULA",
            isi_label="Pembahasan",
            isian=(
                Isian("tanggal", "Hari/tanggal rapat", TANGGAL, contoh="2027-01-12"),
                Isian("waktu_mulai", "Waktu", WAKTU, contoh="09:00"),
                Isian("tempat", "Tempat", contoh="Ruang Rapat Kecamatan"),
                Isian("acara", "Acara", contoh="Rapat Koordinasi"),
                Isian("pimpinan", "Pimpinan rapat", contoh="Camat Mojoanyar"),
                Isian("pencatat", "Pencatat", contoh="Siti Aminah"),
                Isian(
                    "peserta",
                    "Peserta rapat",
                    PARAGRAF,
                    bantuan="Satu peserta per baris.",
                    contoh="Kepala Desa Jabon\nKepala Desa Wunut",
                ),
                Isian("keputusan", "Keputusan/kesimpulan", PARAGRAF, contoh="Rapat sepakat."),
            ),
        ),
    )
}


def jenis(nilai: str) -> JenisNaskah:
    """The jenis ``nilai``; an unknown value (an old row) reads as Surat Dinas."""
    return JENIS.get(nilai, JENIS["surat_dinas"])


def kode_jenis(nilai: str) -> str:
    """The {jenis} code of a number pattern (e.g. SE, UND)."""
    return JENIS[nilai].kode if nilai in JENIS else nilai.upper()


# --- form text to stored values and back -----------------------------------------------


def _baris(teks: str) -> list[str]:
    return [b.strip() for b in (teks or "").splitlines() if b.strip()]


def _tabel(teks: str, kolom: tuple[str, ...], label: str) -> tuple[list[dict], list[str]]:
    rows, errors = [], []
    for nomor, baris in enumerate(_baris(teks), start=1):
        parts = [p.strip() for p in baris.split(";")]
        if len(parts) > len(kolom):
            errors.append(
                f"{label}, baris {nomor}: paling banyak {len(kolom)} bagian dipisahkan titik koma."
            )
            continue
        row = dict(zip(kolom, parts + [""] * (len(kolom) - len(parts)), strict=True))
        if not row[kolom[0]]:
            errors.append(f"{label}, baris {nomor}: bagian pertama ({kolom[0]}) wajib diisi.")
            continue
        if row.get("nip"):
            nip = re.sub(r"\s", "", row["nip"])
            if not (nip.isdigit() and len(nip) == 18):
                errors.append(f"{label}, baris {nomor}: NIP harus 18 angka ({row['nip']}).")
                continue
            row["nip"] = nip
        rows.append(row)
    return rows, errors


def bersihkan(nilai: str, data: dict[str, str]) -> tuple[dict, dict[str, str]]:
    """Parse the typed text of jenis ``nilai``'s fields into stored values.

    Returns (isian, errors by field name). Empty fields are left out: a draft may be
    incomplete (:func:`kurang` says what Ajukan still needs).
    """
    isian, errors = {}, {}
    for f in jenis(nilai).isian:
        teks = (data.get(f.nama) or "").strip()
        if not teks:
            continue
        if f.jenis == TANGGAL:
            try:
                isian[f.nama] = datetime.date.fromisoformat(teks).isoformat()
            except ValueError:
                errors[f.nama] = f"{f.label}: tanggal tidak sah."
        elif f.jenis == WAKTU:
            match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", teks)
            if match:
                isian[f.nama] = f"{int(match[1]):02d}:{match[2]}"
            else:
                errors[f.nama] = f"{f.label}: tulis jam seperti 09:00."
        elif f.jenis in (ORANG, BARANG):
            kolom = KOLOM_ORANG if f.jenis == ORANG else KOLOM_BARANG
            rows, problems = _tabel(teks, kolom, f.label)
            if problems:
                errors[f.nama] = " ".join(problems)
            else:
                isian[f.nama] = rows
        elif f.jenis == PARAGRAF:
            isian[f.nama] = "\n".join(_baris(teks))
        else:
            isian[f.nama] = " ".join(teks.split())[:300]
    return isian, errors


def teks_form(nilai: str, isian: dict) -> dict[str, str]:
    """The stored values of jenis ``nilai`` as the form shows them (inverse of bersihkan)."""
    hasil = {}
    for f in jenis(nilai).isian:
        value = (isian or {}).get(f.nama)
        if value in (None, "", []):
            continue
        if f.jenis in (ORANG, BARANG):
            kolom = KOLOM_ORANG if f.jenis == ORANG else KOLOM_BARANG
            hasil[f.nama] = "\n".join(
                "; ".join(row.get(k, "") for k in kolom).rstrip("; ") for row in value
            )
        else:
            hasil[f.nama] = str(value)
    return hasil


def isian_contoh(nilai: str) -> dict:
    """Complete example values of jenis ``nilai`` (for the gallery and tests)."""
    data = {f.nama: f.contoh or ("contoh" if f.wajib else "") for f in jenis(nilai).isian}
    isian, errors = bersihkan(nilai, data)
    assert not errors, errors
    return isian


def kurang(nilai: str, isian: dict, *, isi: str = "", ada_tujuan: bool = True) -> list[str]:
    """What a letter of jenis ``nilai`` still lacks before Ajukan: the labels, in order."""
    j = jenis(nilai)
    missing = [f.label for f in j.isian if f.wajib and (isian or {}).get(f.nama) in (None, "", [])]
    if j.isi_wajib and not re.sub(r"<[^>]*>|&nbsp;|\s", "", isi or ""):
        missing.append(j.isi_label)
    if j.tujuan_wajib and not ada_tujuan:
        missing.append("Tujuan")
    return missing


# --- stored values for printing ---------------------------------------------------------


def hari_tanggal(nilai: datetime.date) -> str:
    """Senin, 12 Januari 2027"""
    return f"{HARI[nilai.weekday()]}, {tgl.tanggal(nilai)}"


_SATUAN = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def terbilang(n: int) -> str:
    """A number in Indonesian words (Berita Acara: "tahun dua ribu dua puluh tujuh")."""
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        return f"{_SATUAN[n // 10]} puluh {terbilang(n % 10)}".strip()
    if n < 200:
        return f"seratus {terbilang(n - 100)}".strip()
    if n < 1000:
        return f"{_SATUAN[n // 100]} ratus {terbilang(n % 100)}".strip()
    if n < 2000:
        return f"seribu {terbilang(n - 1000)}".strip()
    return f"{terbilang(n // 1000)} ribu {terbilang(n % 1000)}".strip()


def untuk_cetak(nilai: str, isian: dict) -> dict:
    """The stored values of jenis ``nilai`` ready for its template: dates written out,
    times as 09.00, paragraphs as lists of lines, tables as lists of rows."""
    hasil = {}
    for f in jenis(nilai).isian:
        value = (isian or {}).get(f.nama)
        if value in (None, "", []):
            hasil[f.nama] = [] if f.jenis in (PARAGRAF, ORANG, BARANG) else ""
        elif f.jenis == TANGGAL:
            day = datetime.date.fromisoformat(value)
            hasil[f.nama] = hari_tanggal(day)
            hasil[f"{f.nama}_terbilang"] = {
                "hari": HARI[day.weekday()],
                "tanggal": terbilang(day.day),
                "bulan": tgl.nama_bulan(day.month),
                "tahun": terbilang(day.year),
            }
        elif f.jenis == WAKTU:
            hasil[f.nama] = value.replace(":", ".")
        elif f.jenis == PARAGRAF:
            # (marker, line) pairs: numbered, and lettered (a., b., …) for a Menimbang.
            baris = _baris(value)
            hasil[f.nama] = [(f"{i}.", b) for i, b in enumerate(baris, start=1)]
            hasil[f"{f.nama}_huruf"] = [
                (f"{chr(ord('a') + i)}.", b) for i, b in enumerate(baris[:26])
            ]
        else:
            hasil[f.nama] = value
    return hasil


_ZONA = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA"}
_SEBUTAN = ("PIHAK PERTAMA", "PIHAK KEDUA", "PIHAK KETIGA", "PIHAK KEEMPAT", "PIHAK KELIMA")


def _belah_isi(isi: str) -> tuple[str, str]:
    """The first paragraph of the isi and the rest (an Undangan prints its block between)."""
    akhir = (isi or "").find("</p>")
    if akhir < 0:
        return isi or "", ""
    return isi[: akhir + 4], isi[akhir + 4 :]


def konteks(letter) -> dict:
    """What the template of ``letter``'s jenis shows beyond the frame's context."""
    isian = untuk_cetak(letter.jenis, letter.isian)
    isian["zona"] = _ZONA.get(settings.TIME_ZONE, "WIT" if "Jayapura" in settings.TIME_ZONE else "")
    pihak = [
        {**o, "sebutan": _SEBUTAN[i] if i < len(_SEBUTAN) else f"PIHAK KE-{i + 1}"}
        for i, o in enumerate((letter.isian or {}).get("pihak") or [])
    ]
    # The parties sign in pairs, the second party on the left, as the regulation's sample.
    pasangan = [pihak[i : i + 2][::-1] for i in range(0, len(pihak), 2)]
    pembuka, penutup = _belah_isi(letter.isi)
    return {
        "jenis": jenis(letter.jenis),
        "isian": isian,
        "isi_pembuka": pembuka,
        "isi_penutup": penutup,
        "isi_ada": bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", letter.isi or "")),
        "pihak": pihak,
        "pihak_ttd": [p if len(p) == 2 else [None, *p] for p in pasangan],
    }
