"""The footer of a letter signed electronically: BSrE by its current name and the UU ITE
sentence, on every page; a demo certificate says so."""

from django.utils import timezone

from letters import naskah
from tests.pdf_text import pages

BSRE = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik "
    "yang diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi "
    "Negara."
)
UU_ITE = (
    'UU ITE No. 11 Tahun 2008 Pasal 5 ayat (1): "Informasi Elektronik dan/atau Dokumen '
    'Elektronik dan/atau hasil cetaknya merupakan alat bukti hukum yang sah."'
)


def _ditandatangani(letter, demo=False) -> list[str]:
    pengesahan = naskah.Pengesahan(
        penandatangan=naskah.penandatangan_user(letter),
        waktu=timezone.now(),
        elektronik=True,
        url_verifikasi="https://surat.example/verifikasi/ABC/",
        demo=demo,
    )
    return [" ".join(p.split()) for p in pages(naskah.letter_pdf(letter, pengesahan))]


def test_every_page_names_bsre_and_the_uu_ite_article(make_letter):
    isi = "".join(f"<p>Paragraf {i} isi surat yang panjang sekali.</p>" for i in range(60))
    halaman = _ditandatangani(make_letter("signing", isi=isi))
    assert len(halaman) > 1
    for teks in halaman:
        assert BSRE in teks and UU_ITE in teks
        assert "Balai Sertifikasi Elektronik" not in teks
        assert "SERTIFIKAT DEMO" not in teks


def test_a_demo_certificate_is_named_as_such(make_letter):
    [teks] = _ditandatangani(make_letter("signing"), demo=True)
    assert BSRE in teks and "SERTIFIKAT DEMO" in teks
