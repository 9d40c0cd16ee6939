"""The signature block as Permendagri 1/2023 writes it: jabatan lines (a.n., u.b., Plt.,
Plh.), never alone on a page, repeated on the Daftar Terlampir; "Lampiran" in sheets."""

import io

import pypdfium2
import pytest
from django.core.files.base import ContentFile
from pypdf import PdfWriter

from approvals import actions, rules
from letters import jenis_naskah, naskah
from letters.models import Attachment, Letter, Tujuan
from organisasi.models import Unit
from tests.conftest import position, recipients
from tests.pdf_text import pages


def _flat(s: str) -> str:
    return " ".join(s.split())


def _isi(paragraf: int, baris_akhir: int = 1) -> str:
    """A body of ``paragraf`` paragraphs of about three lines, the last of about
    ``baris_akhir`` lines; every word says "uraian" so body lines can be told apart."""
    kalimat = " ".join(f"uraian{i:02d}" for i in range(30))
    akhir = " ".join(f"uraian{i:02d}" for i in range(10 * baris_akhir))
    return "".join(f"<p>{kalimat}</p>" for _ in range(paragraf)) + f"<p>{akhir}.</p>"


def _halaman_nama(content: bytes, nama: str) -> tuple[int, str]:
    for nomor, halaman in enumerate(pages(content)):
        if nama in halaman:
            return nomor, halaman
    raise AssertionError(f"{nama} tidak tercetak")


@pytest.mark.parametrize("baris_akhir", [1, 2, 4])
def test_the_signature_block_never_stands_alone_on_a_page(make_letter, baris_akhir):
    """Bodies growing paragraph by paragraph push the block over the page end at some
    length; at every length the page with the signer's name holds at least two lines of
    the body."""
    halaman_ttd = set()
    for paragraf in range(1, 9):
        letter = make_letter("draft", isi=_isi(paragraf, baris_akhir))
        content = naskah.letter_pdf(letter)
        nomor, halaman = _halaman_nama(content, "Bagus Wicaksono")
        halaman_ttd.add(nomor)
        baris_isi = [b for b in halaman.splitlines() if "uraian" in b]
        assert len(baris_isi) >= 2, (paragraf, baris_akhir, halaman)
        assert "CAMAT MOJOANYAR," in halaman  # the block is whole
        assert "NIP 197805122000121001" in halaman
    assert halaman_ttd == {0, 1}  # the lengths did cross the page end


def test_jabatan_lines_end_in_a_comma_the_head_in_capitals(make_letter):
    langsung = naskah.penandatangan(make_letter("draft")).jabatan
    assert langsung == ["CAMAT MOJOANYAR,"]
    an = make_letter(
        "draft", penandatangan=position("Sekretaris Kecamatan"), cara_ttd=Letter.CaraTtd.AN
    )
    assert naskah.penandatangan(an).jabatan == ["a.n. CAMAT MOJOANYAR,", "Sekretaris Kecamatan,"]
    plt = make_letter("draft", cara_ttd=Letter.CaraTtd.PLT)
    assert naskah.penandatangan(plt).jabatan == ["Plt. CAMAT MOJOANYAR,"]


KASUBBAG = "Kepala Sub Bagian Umum dan Kepegawaian"


def test_untuk_beliau_is_signed_by_the_official_below_the_one_signing_atas_nama(
    make_letter, office, login
):
    from tests.conftest import PASSWORD, ensure_key

    letter = make_letter("signing", penandatangan=position(KASUBBAG), cara_ttd=Letter.CaraTtd.UB)
    printed = _flat(pages(naskah.letter_pdf(letter))[0])
    assert (
        "a.n. CAMAT MOJOANYAR, Sekretaris Kecamatan, u.b. "
        "Kepala Sub Bagian Umum dan Kepegawaian, Dewi Lestari, S.AP."
    ) in printed
    assert rules.may(office["kasubbag"], "sign", letter)
    assert not rules.may(office["sekcam"], "sign", letter)
    ensure_key(office["kasubbag"])
    letter = actions.sign(letter, by=office["kasubbag"], versi=letter.versi, passphrase=PASSWORD)
    assert letter.status == "signed"
    assert letter.ditandatangani_oleh == office["kasubbag"]


def test_untuk_beliau_only_below_a_position_that_signs_atas_nama(office):
    instansi = Unit.objects.get(nama="Kecamatan Mojoanyar")

    def masalah(penandatangan, cara_ttd):
        return rules.masalah_pejabat(
            instansi=instansi,
            pembuat=office["pelaksana"],
            pejabat_pengawas=position("Kepala Seksi Pemerintahan"),
            penandatangan=position(penandatangan),
            cara_ttd=cara_ttd,
        )

    assert masalah(KASUBBAG, "ub") is None
    # The Kasi's superior is the Camat himself: a.n. or u.b. does not apply.
    problem = masalah("Kepala Seksi Ketenteraman dan Ketertiban Umum", "ub")
    assert problem.field == "penandatangan" and "u.b." in problem.pesan
    assert masalah("Camat Mojoanyar", "ub").field == "cara_ttd"
    assert masalah(KASUBBAG, "an").field == "penandatangan"
    choices = rules.penandatangan_choices(instansi).values_list("nama", flat=True)
    assert set(choices) == {"Camat Mojoanyar", "Sekretaris Kecamatan", KASUBBAG}


def _banyak_penerima(make_letter, office, **overrides) -> Letter:
    letter = make_letter("draft", lampiran="", **overrides)
    names = list(Tujuan.objects.filter(jenis="desa").values_list("nama", flat=True))
    actions.update_letter(
        letter, by=office["pelaksana"], data={}, penerima=recipients(*names), versi_dasar=1
    )
    return Letter.objects.get(pk=letter.pk)


def test_the_daftar_terlampir_carries_its_own_signature_block_and_counts_as_a_sheet(
    make_letter, office
):
    letter = _banyak_penerima(make_letter, office)
    first, *rest = pages(naskah.letter_pdf(letter))
    assert "Lampiran : 1 (satu) lembar" in _flat(first)
    daftar = _flat(" ".join(rest))
    assert "DAFTAR PENERIMA" in daftar and "Kepala Desa Wunut" in daftar
    assert "CAMAT MOJOANYAR, Bagus Wicaksono, S.STP., M.Si." in daftar
    assert "NIP 197805122000121001" in daftar


def _pdf_halaman(n: int) -> bytes:
    writer = PdfWriter()
    for _ in range(n):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_attached_pdfs_count_their_pages_as_sheets(make_letter, office):
    letter = make_letter("draft", lampiran="-")
    assert "Lampiran : -" in _flat(pages(naskah.letter_pdf(letter))[0])
    for n in (2, 1):
        Attachment.objects.create(
            letter=letter,
            berkas=ContentFile(_pdf_halaman(n), name="lampiran.pdf"),
            nama="lampiran.pdf",
            ukuran=1,
            sha256=str(n) * 64,
            diunggah_oleh=office["pelaksana"],
        )
    assert "Lampiran : 3 (tiga) lembar" in _flat(pages(naskah.letter_pdf(letter))[0])
    # What the drafter wrote stays.
    letter.lampiran = "1 (satu) berkas"
    assert "Lampiran : 1 (satu) berkas" in _flat(pages(naskah.letter_pdf(letter))[0])


def test_with_a_daftar_and_attachments_the_sheets_add_up(make_letter, office):
    letter = _banyak_penerima(make_letter, office)
    Attachment.objects.create(
        letter=letter,
        berkas=ContentFile(_pdf_halaman(1), name="lampiran.pdf"),
        nama="lampiran.pdf",
        ukuran=1,
        sha256="a" * 64,
        diunggah_oleh=office["pelaksana"],
    )
    assert "Lampiran : 2 (dua) lembar" in _flat(pages(naskah.letter_pdf(letter))[0])


@pytest.mark.parametrize(
    ("n", "kata"),
    [
        (1, "satu"),
        (11, "sebelas"),
        (12, "dua belas"),
        (20, "dua puluh"),
        (35, "tiga puluh lima"),
        (100, "seratus"),
        (118, "seratus delapan belas"),
        (250, "dua ratus lima puluh"),
        (1001, "seribu satu"),
        (2024, "dua ribu dua puluh empat"),
    ],
)
def test_numbers_in_words(n, kata):
    assert jenis_naskah.terbilang(n) == kata


def test_page_images_of_a_block_pushed_over_the_page_end(make_letter, tmp_path):
    """Renders the case where the block does not fit after the body: the body's last
    lines go with it (images written for a person to look at)."""
    for paragraf in range(1, 9):
        content = naskah.letter_pdf(make_letter("draft", isi=_isi(paragraf, 1)))
        nomor, _halaman = _halaman_nama(content, "Bagus Wicaksono")
        if nomor == 1:
            break
    document = pypdfium2.PdfDocument(content)
    for i, page in enumerate(document):
        page.render(scale=1).to_pil().save(tmp_path / f"halaman-{i + 1}.png")
    document.close()
    assert (tmp_path / "halaman-2.png").exists()
