"""Every jenis naskah of Permendagri 1/2023 in its own layout, its own fields in the form
(optional in a draft, required at Ajukan), the regulation's sifat, and paper per letter."""

import pytest

from approvals import actions
from letters import jenis_naskah, naskah
from letters.errors import SOPError
from letters.models import RAHASIA, Letter, PengaturanSurat
from tests.conftest import recipients
from tests.isian import edit_of, new_letter
from tests.pdf_text import size_mm, text

BARU = "/surat/baru/"

ISI = {
    "undangan": "<p>Dengan hormat, kami mengundang Saudara pada:</p>"
    "<p>Atas perhatian Saudara kami sampaikan terima kasih.</p>",
    "edaran": "<p>Latar belakang edaran ini.</p><p>Isi edaran yang harus dipatuhi.</p>",
}


def _flat(content: bytes) -> str:
    # A table cell may wrap after a slash ("Pangkat/ Gol."): read it as one word.
    return " ".join(text(content).split()).replace("/ ", "/")


def _letter(make_letter, jenis: str, state: str = "draft", **overrides) -> Letter:
    data = {"jenis": jenis, "hal": f"Hal {jenis_naskah.JENIS[jenis].judul}", **overrides}
    if jenis in ISI:
        data.setdefault("isi", ISI[jenis])
    return make_letter(state, **data)


# What a reader must find on each jenis (in the PDF's text) and what must not be there.
HARUS = {
    "surat_dinas": (["Nomor :", "Sifat : Biasa", "Hal : Hal Surat Dinas", "Yth.", "Tempat"], []),
    "undangan": (
        [
            "Hari, tanggal : Selasa, 12 Januari 2027",
            "Pukul : 09.00 WIB s.d. selesai",
            "Tempat : Pendopo Kecamatan Mojoanyar",
            "Acara : Rapat Koordinasi Pemerintahan Desa",
            "Yth.",
            "di Tempat",
        ],
        [],
    ),
    "nota_dinas": (
        ["NOTA DINAS", "Yth. :", "Dari : Camat Mojoanyar", "Tembusan :", "Tanggal :", "Sifat :"],
        ["di Tempat"],
    ),
    "memo": (["MEMO", "Yth. :", "Dari : Camat Mojoanyar", "Hal : Hal Memo"], ["di Tempat"]),
    "edaran": (
        [
            "SURAT EDARAN",
            "NOMOR",
            "TENTANG HAL SURAT EDARAN",
            "1. Latar belakang edaran ini.",
            "2. Isi edaran",
            "Dikeluarkan di : Mojoanyar",
            "pada tanggal :",
        ],
        ["di Tempat"],
    ),
    "perintah": (
        ["SURAT PERINTAH", "NOMOR", "Dasar :", "MEMERINTAHKAN:", "Kepada:", "Untuk :"],
        ["di Tempat", "Yth."],
    ),
    "tugas": (
        [
            "SURAT TUGAS",
            "NOMOR",
            "Dasar : Surat Bupati Mojokerto tentang Pendataan Aset Desa",
            "MENUGASKAN:",
            "Kepada:",
            "No. Nama Pangkat/Gol. NIP Jabatan",
            "1. Budi Santoso, S.Sos. Penata (III/c) 198501012010011001 Kepala Seksi Pemerintahan",
            "2. Siti Aminah Pengatur (II/c) 199002022015032002 Pengadministrasi Umum",
            "Untuk :",
        ],
        ["di Tempat", "Yth."],
    ),
    "keterangan": (
        [
            "SURAT KETERANGAN",
            "Yang bertanda tangan di bawah ini:",
            "Jabatan : Camat Mojoanyar",
            "dengan ini menerangkan bahwa:",
            "Nama : Ahmad Fauzi",
            "Alamat : Desa Jabon, Kecamatan Mojoanyar",
        ],
        ["di Tempat", "Yth."],
    ),
    "pengantar": (
        [
            "SURAT PENGANTAR",
            "No. Naskah Dinas yang Dikirimkan Banyaknya Keterangan",
            "1. Laporan Kependudukan Triwulan IV 1 (satu) berkas Disampaikan dengan hormat",
            "Diterima tanggal",
            "Penerima,",
            "di Tempat",
        ],
        [],
    ),
    "berita_acara": (
        [
            "BERITA ACARA",
            "TENTANG HAL BERITA ACARA",
            "Pada hari ini Selasa tanggal dua belas bulan Januari tahun dua ribu dua puluh tujuh",
            "selanjutnya disebut PIHAK PERTAMA",
            "selanjutnya disebut PIHAK KEDUA",
            "Mengetahui,",
        ],
        ["di Tempat", "Yth."],
    ),
    "kuasa": (
        [
            "SURAT KUASA",
            "selanjutnya disebut Pemberi Kuasa, memberi kuasa kepada:",
            "Nama : Siti Aminah",
            "yang selanjutnya disebut Penerima Kuasa",
            "Penerima Kuasa,",
            "Pemberi Kuasa,",
        ],
        ["di Tempat", "Yth."],
    ),
    "pengumuman": (
        ["PENGUMUMAN", "NOMOR", "TENTANG HAL PENGUMUMAN", "Dikeluarkan di : Mojoanyar"],
        ["di Tempat", "Yth."],
    ),
    "laporan": (
        [
            "LAPORAN",
            "TENTANG HAL LAPORAN",
            "A. Pendahuluan",
            "B. Kegiatan yang Dilaksanakan",
            "C. Hasil yang Dicapai",
            "D. Kesimpulan dan Saran",
            "E. Penutup",
        ],
        ["di Tempat", "Yth.", "NOMOR"],
    ),
    "telaahan_staf": (
        [
            "TELAAHAN STAF",
            "Dari : Camat Mojoanyar",
            "I. Persoalan",
            "II. Praanggapan",
            "III. Fakta yang Mempengaruhi",
            "IV. Analisis",
            "V. Kesimpulan",
            "VI. Saran",
        ],
        ["di Tempat"],
    ),
    "notula": (
        [
            "NOTULA",
            "Rapat/Acara : Rapat Koordinasi",
            "Hari, tanggal : Selasa, 12 Januari 2027",
            "Pimpinan rapat : Camat Mojoanyar",
            "Peserta : 1. Kepala Desa Jabon 2. Kepala Desa Wunut",
            "Keputusan/Kesimpulan",
            "Pencatat,",
        ],
        ["di Tempat", "Yth."],
    ),
}


def test_every_jenis_has_its_layout_checked_here():
    assert set(HARUS) == set(jenis_naskah.JENIS) == set(Letter.Jenis.values)


@pytest.mark.parametrize("jenis", list(HARUS))
def test_each_jenis_prints_in_its_regulation_layout(make_letter, jenis):
    letter = _letter(make_letter, jenis, "review")  # numbered, so NOMOR shows the number
    printed = _flat(naskah.letter_pdf(letter))
    harus, tidak = HARUS[jenis]
    for teks in harus:
        assert teks in printed, f"{jenis}: {teks!r} not in {printed!r}"
    for teks in tidak:
        assert teks not in printed, f"{jenis}: {teks!r} should not be printed"
    judul = jenis_naskah.JENIS[jenis].judul_naskah
    if judul and jenis != "laporan":
        assert f"{judul} NOMOR {letter.nomor}" in printed or f"Nomor : {letter.nomor}" in printed


def test_the_number_carries_each_jenis_code(make_letter):
    PengaturanSurat.objects.update(
        pola_nomor="{kode}/{jenis}/{urut:3}/{unit}/{tahun}", seri_nomor="jenis"
    )
    for jenis in ("tugas", "nota_dinas", "pengantar", "berita_acara"):
        letter = _letter(make_letter, jenis, "review")
        assert f"/{jenis_naskah.JENIS[jenis].kode}/001/" in letter.nomor


def test_a_draft_may_lack_the_jenis_fields_but_ajukan_names_what_is_missing(make_letter, users):
    letter = make_letter("draft", jenis="tugas", isian={"dasar": "Surat Bupati"})
    with pytest.raises(SOPError) as refused:
        actions.submit(letter, by=users["pelaksana"])
    assert str(refused.value) == "Surat Tugas belum lengkap. Lengkapi dulu: Kepada."
    letter.refresh_from_db()
    assert letter.status == "draft"

    undangan = make_letter("draft", jenis="undangan", isian={"tempat": "Pendopo"})
    with pytest.raises(SOPError, match="Hari/tanggal acara, Waktu mulai, Acara"):
        actions.submit(undangan, by=users["pelaksana"])


def test_the_form_shows_the_fields_of_each_jenis_and_keeps_a_draft_incomplete(login):
    client = login("pelaksana")
    page = client.get(BARU).content.decode()
    assert 'data-jenis="tugas"' in page and "<legend>Isian Surat Tugas</legend>" in page
    assert 'name="undangan__tempat"' in page
    assert "/static/js/isian_jenis.js" in page

    data = new_letter(jenis="tugas", tujuan=[], tugas__dasar="Surat Bupati\nRapat staf")
    response = client.post(BARU, data, follow=True)
    assert response.status_code == 200
    letter = Letter.objects.get()
    assert letter.isian == {"dasar": "Surat Bupati\nRapat staf"}
    assert letter.penerima.count() == 0


def test_people_are_typed_one_a_line_and_checked(login):
    client = login("pelaksana")
    data = new_letter(
        jenis="tugas",
        tugas__kepada="Budi; Penata (III/c); 1985 0101 2010 0110 01; Kasi\nTanpa NIP",
    )
    client.post(BARU, data)
    assert Letter.objects.get().isian["kepada"] == [
        {
            "nama": "Budi",
            "pangkat": "Penata (III/c)",
            "nip": "198501012010011001",
            "jabatan": "Kasi",
        },
        {"nama": "Tanpa NIP", "pangkat": "", "nip": "", "jabatan": ""},
    ]
    wrong = client.post(BARU, new_letter(jenis="tugas", tugas__kepada="Budi; III/c; 123; Kasi"))
    assert "Kepada, baris 1: NIP harus 18 angka (123)." in wrong.content.decode()


def test_the_jenis_fields_survive_an_edit_and_are_part_of_the_version(make_letter, login):
    letter = _letter(make_letter, "undangan")
    client = login("pelaksana")
    response = client.post(
        f"/surat/{letter.public_id}/ubah/", edit_of(letter, undangan__tempat="Balai Desa Jabon")
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.isian["tempat"] == "Balai Desa Jabon"
    assert letter.isian["acara"] == "Rapat Koordinasi Pemerintahan Desa"
    latest = letter.versions.order_by("-nomor").first()
    assert latest.konten["isian"]["tempat"] == "Balai Desa Jabon"


def test_sifat_has_the_regulation_categories_and_urgency_apart(make_letter):
    assert Letter.Sifat.labels == ["Biasa", "Terbatas", "Rahasia", "Sangat Rahasia"]
    assert Letter.Kecepatan.labels == ["Biasa", "Segera", "Sangat Segera"]
    letter = make_letter(
        "draft", sifat=Letter.Sifat.SANGAT_RAHASIA, kecepatan=Letter.Kecepatan.SANGAT_SEGERA
    )
    assert "Sifat : Sangat Rahasia, Sangat Segera" in _flat(naskah.letter_pdf(letter))
    assert letter.rahasia
    assert Letter.objects.filter(RAHASIA).get() == letter
    terbatas = make_letter("draft", sifat=Letter.Sifat.TERBATAS)
    assert not terbatas.rahasia
    segera = make_letter("draft", kecepatan=Letter.Kecepatan.SEGERA)
    assert "Sifat : Segera" in _flat(naskah.letter_pdf(segera))


def test_paper_is_chosen_per_letter_defaulting_to_the_unit(make_letter):
    letter = _letter(make_letter, "tugas")
    assert size_mm(naskah.letter_pdf(letter)) == (210, 297)
    letter.ukuran_kertas = "F4"
    letter.save()
    assert size_mm(naskah.letter_pdf(letter)) == (215, 330)
    PengaturanSurat.objects.update(ukuran_kertas="F4")
    letter.ukuran_kertas = ""
    letter.save()
    letter = Letter.objects.get(pk=letter.pk)
    assert size_mm(naskah.letter_pdf(letter)) == (215, 330)
    letter.ukuran_kertas = "A4"
    assert size_mm(naskah.letter_pdf(letter)) == (210, 297)


def test_the_form_offers_the_units_paper_as_default(login):
    PengaturanSurat.objects.update(ukuran_kertas="F4")
    page = login("pelaksana").get(BARU).content.decode()
    assert "Sesuai pengaturan unit (F4)" in page


def test_addressees_are_needed_only_where_the_regulation_prints_them(login, users):
    client = login("pelaksana")
    page = client.post(BARU, new_letter(jenis="nota_dinas", tujuan=[])).content.decode()
    assert "Pilih atau tuliskan sedikitnya satu tujuan surat." in page
    client.post(BARU, new_letter(jenis="pengumuman", tujuan=[]))
    pengumuman = Letter.objects.get(jenis="pengumuman")
    actions.submit(pengumuman, by=users["pelaksana"])
    assert Letter.objects.get(pk=pengumuman.pk).status == "numbering"


def test_recipients_of_an_edaran_are_printed_without_di_tempat(make_letter):
    letter = _letter(make_letter, "edaran")
    assert recipients()  # the fixture's letters have two addressees
    printed = _flat(naskah.letter_pdf(letter))
    assert "Yth. 1. Kepala Desa Jabon 2. Kepala Desa Wunut" in printed
    assert printed.index("Yth.") < printed.index("SURAT EDARAN")


def test_the_agenda_shows_each_letters_jenis(make_letter, login):
    _letter(make_letter, "tugas", "review")
    _letter(make_letter, "berita_acara", "review")
    page = login("kasubbag").get("/agenda/").content.decode()
    assert '<span class="muted">Surat Tugas:</span> Hal Surat Tugas' in page
    assert '<span class="muted">Berita Acara:</span> Hal Berita Acara' in page
