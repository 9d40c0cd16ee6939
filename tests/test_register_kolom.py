"""Registers fit to file: in the Agenda and Buku Ekspedisi PDFs every cell wraps inside
its own column, in every paper size and font, however long the values are."""

import datetime

import pytest
from django.utils import timezone

from approvals import actions
from letters import register_pdf, registers
from letters.models import Letter, Penerima, PengaturanSurat, pengaturan_surat
from letters.naskah import PAPER_MM
from letters.numbering import Sisipan
from organisasi.models import Unit
from tests.register_kolom import rapat, tabel

NOMOR_PANJANG = "100.3.4.2/01017.12/416-302.2.1/KEC.MOJOANYAR/SEKRETARIAT/XII/2026"
HAL_PANJANG = (
    "Permohonan fasilitasi penyusunan Rencana Kerja Pemerintah Desa dan Anggaran "
    "Pendapatan dan Belanja Desa Tahun Anggaran 2027 bagi dua belas desa se-Kecamatan "
    "Mojoanyar beserta jadwal pendampingan tahap pertama dan kedua"
)
PENERIMA_BANYAK = "; ".join(
    f"Kepala Desa {d} Kecamatan Mojoanyar Kabupaten Mojokerto"
    for d in ("Sadartengah", "Lengkong", "Kepuhanyar", "Sumberjati", "Gebangmalang", "Jabon")
)
KATA_TANPA_SPASI = "Pemberitahuan_tentang_kegiatan_yang_sangat_panjang_tanpa_spasi_sama_sekali"
TANGGAL = datetime.date(2026, 11, 24)

# One line with the longest value each column may hold.
AGENDA_PANJANG = [
    "1017.12",  # a sisipan of a four-digit number
    NOMOR_PANJANG,
    "000.1.10.12",
    TANGGAL,
    PENERIMA_BANYAK,
    HAL_PANJANG,
    "Sangat Segera",
    "2 (dua) berkas dan 1 (satu) buku",
    "a.n. Camat Mojoanyar Sekretaris Kecamatan — Dr. Hendra Saputra, S.H., M.Si.",
    TANGGAL,
    "Diantar kurir/caraka — Slamet Riyadi; Surel (email) — sekretariat@desa.id",
    f"BATAL; Sisipan: {KATA_TANPA_SPASI}",
]
EKSPEDISI_PANJANG = [
    1017,
    TANGGAL,
    TANGGAL,
    NOMOR_PANJANG,
    HAL_PANJANG,
    PENERIMA_BANYAK,
    f"Diantar kurir/caraka; {KATA_TANPA_SPASI}",
    "Slamet Riyadi Wicaksono Nugroho, S.Sos.",
    TANGGAL,
    "https://surat.mojokertokab.go.id/surat/7f3c8a2e-1b4d-4c5e-9f6a-0e2d3c4b5a69/pengiriman/12/tanda-terima/",
]


class _Unit:
    nama = "Kecamatan Mojoanyar"


def _render(dokumen: str, kertas: str, huruf: str, baris: list[list]) -> bytes:
    document = registers.DOCUMENTS[dokumen]
    lebar, tinggi = PAPER_MM[kertas]
    return register_pdf.render(
        judul=document.judul,
        unit=_Unit(),
        periode_label="Tahun 2026",
        kolom=document.columns,
        baris=[
            [registers.display(v, c) for v, c in zip(row, document.columns, strict=True)]
            for row in baris
        ],
        halaman={"lebar": lebar, "tinggi": tinggi, "huruf": huruf},
        tempat_tanggal="Mojoanyar, 24 November 2026",
        mengetahui=None,
    )


def _assert_every_cell_in_its_column(content: bytes, columns, row: list) -> None:
    pages = tabel(content)
    assert pages, "no table found"
    for page in pages:
        assert len(page.batas) == len(columns) + 1, page.nomor
        assert page.melintas == [], f"page {page.nomor}: text crosses a column rule"
    first = pages[0]
    for column, words, value in zip(columns, first.kolom, row, strict=True):
        printed = rapat("".join(words))
        assert printed.startswith(rapat(column.judul)), column.judul
        expected = rapat(registers.display(value, column))
        assert expected in printed, (column.judul, expected, printed)


@pytest.mark.parametrize("huruf", [h.value for h in PengaturanSurat.Huruf])
@pytest.mark.parametrize("kertas", ["A4", "F4"])
@pytest.mark.parametrize(
    ("dokumen", "panjang"), [("agenda", AGENDA_PANJANG), ("ekspedisi", EKSPEDISI_PANJANG)]
)
def test_long_values_wrap_inside_their_column(dokumen, panjang, kertas, huruf):
    content = _render(dokumen, kertas, huruf, [panjang] * 3)
    _assert_every_cell_in_its_column(content, registers.DOCUMENTS[dokumen].columns, panjang)


@pytest.mark.parametrize("kertas", ["A4", "F4"])
def test_a_line_to_a_hundred_addressees_continues_on_the_next_page_within_its_column(kertas):
    row = list(AGENDA_PANJANG)
    row[4] = "; ".join(f"Kepala Desa Nomor {i} Kecamatan Mojoanyar" for i in range(1, 101))
    content = _render("agenda", kertas, "Liberation Sans", [row])
    pages = tabel(content)
    assert len(pages) > 1
    for page in pages:
        assert page.melintas == [], page.nomor
    tujuan = rapat("".join(w for page in pages for w in page.kolom[4]))
    assert "KepalaDesaNomor100KecamatanMojoanyar" in tujuan


@pytest.mark.parametrize("kertas", ["A4", "F4"])
def test_the_agenda_of_real_letters_fits_its_columns_on_the_units_paper(
    office, make_letter, login, kertas
):
    unit = Unit.objects.get(nama="Kecamatan Mojoanyar")
    PengaturanSurat.objects.filter(unit=unit).update(ukuran_kertas=kertas)
    letter = make_letter("sent", hal=HAL_PANJANG, lampiran="2 (dua) berkas dan 1 (satu) buku")
    Penerima.objects.bulk_create(
        Penerima(letter=letter, nama=f"Kepala Desa Nomor {i} Kecamatan Mojoanyar", urutan=i)
        for i in range(3, 15)
    )
    actions.assign_number(
        make_letter("numbering", hal=HAL_PANJANG),
        by=office["kasubbag"],
        sisipan=Sisipan(setelah=letter.agenda.nomor_urut, alasan=KATA_TANPA_SPASI),
    )
    today = timezone.localdate()
    for dokumen in ("agenda", "ekspedisi"):
        response = login("kasubbag").get(
            "/agenda/cetak/",
            {"unduh": f"{dokumen}.pdf", "jenis": "tahun", "tahun": today.year},
        )
        pages = tabel(response.content)
        assert pages and all(p.melintas == [] for p in pages), dokumen
        assert len(pages[0].batas) == len(registers.DOCUMENTS[dokumen].columns) + 1
    agenda = tabel(
        login("kasubbag")
        .get("/agenda/cetak/", {"unduh": "agenda.pdf", "jenis": "tahun", "tahun": today.year})
        .content
    )
    perihal = rapat("".join(w for page in agenda for w in page.kolom[5]))
    assert rapat(HAL_PANJANG) in perihal
    keterangan = rapat("".join(w for page in agenda for w in page.kolom[11]))
    assert rapat(f"Sisipan: {KATA_TANPA_SPASI}") in keterangan
    assert pengaturan_surat(unit).ukuran_kertas == kertas
    assert Letter.objects.filter(hal=HAL_PANJANG).count() == 2
