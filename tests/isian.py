"""What a person types into the letter form, as the browser would POST it."""

from __future__ import annotations

from html import escape

from letters import jenis_naskah
from letters.models import Letter, Tujuan
from tests.conftest import position

ISI = "<p>Dalam rangka koordinasi, kami mengundang Saudara.</p>"


def new_letter(**overrides) -> dict:
    """A complete, valid Buat Surat form; ``overrides`` replace single fields."""
    data = {
        "jenis": Letter.Jenis.SURAT_DINAS,
        "klasifikasi": "100.2.4",
        "sifat": Letter.Sifat.BIASA,
        "kecepatan": Letter.Kecepatan.BIASA,
        "ukuran_kertas": "",
        "hal": "Undangan Rapat Koordinasi Pemerintahan Desa",
        "lampiran": "-",
        "tujuan": [
            Tujuan.objects.get(nama="Kepala Desa Jabon").pk,
            Tujuan.objects.get(nama="Kepala Desa Wunut").pk,
        ],
        "tujuan_lain": "",
        "tembusan": "Bupati Mojokerto\nArsip",
        "isi": ISI,
        "pejabat_pengawas": position("Kepala Seksi Pemerintahan").pk,
        "penandatangan": position("Camat Mojoanyar").pk,
        "cara_ttd": Letter.CaraTtd.LANGSUNG,
        "surat_masuk_nomor": "",
        "surat_masuk_tanggal": "",
        "surat_masuk_pengirim": "",
        "alasan_ttd_manual": "",
    }
    data.update(overrides)
    return data


def edit_of(letter: Letter, **overrides) -> dict:
    """The Ubah Surat form as it opens for ``letter`` (unchanged), with ``overrides``."""
    letter.refresh_from_db()
    penerima = list(letter.penerima.all())
    data = {
        "jenis": letter.jenis,
        "klasifikasi": letter.klasifikasi.kode,
        "sifat": letter.sifat,
        "kecepatan": letter.kecepatan,
        "ukuran_kertas": letter.ukuran_kertas,
        "hal": letter.hal,
        "lampiran": letter.lampiran,
        "tujuan": [p.tujuan_id for p in penerima if p.tujuan_id],
        "tujuan_lain": "\n".join(p.nama for p in penerima if not p.tujuan_id),
        "tembusan": letter.tembusan,
        "isi": letter.isi,
        "pejabat_pengawas": letter.pejabat_pengawas_id,
        "penandatangan": letter.penandatangan_id,
        "cara_ttd": letter.cara_ttd,
        "surat_masuk_nomor": letter.surat_masuk_nomor,
        "surat_masuk_tanggal": letter.surat_masuk_tanggal or "",
        "surat_masuk_pengirim": letter.surat_masuk_pengirim,
        "alasan_ttd_manual": letter.alasan_ttd_manual,
        "versi_dasar": letter.versi,
    }
    for nama, teks in jenis_naskah.teks_form(letter.jenis, letter.isian).items():
        data[f"{letter.jenis}__{nama}"] = teks
    if letter.ttd_manual:
        data["ttd_manual"] = "on"
    data.update(overrides)
    return data


def field_error(message: str) -> str:
    """How an error under a form field appears on the page."""
    return f'<p class="error">{escape(message)}</p>'
