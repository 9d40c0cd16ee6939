"""A form sent back keeps what was typed; a browser cannot fill a file field again, so the
form says beside the field which file was chosen and that it must be chosen again."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from letters.models import Dispatch, Letter, PengaturanSurat
from tests.conftest import current_version


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_chosen_receipt_is_named_beside_its_field_when_the_kirim_form_comes_back(
    make_letter, login
):
    letter = make_letter("signed")
    response = login("pelaksana").post(
        f"/surat/{letter.public_id}/aksi/dispatch/",
        {
            "tanggal_kirim": "",  # forgotten
            "cara": "kurir",
            "nama_penerima": "Sekdes Jabon",
            "bukti": SimpleUploadedFile("terima-jabon.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    message = "Berkas yang dipilih tadi (terima-jabon.png) belum tersimpan; pilih lagi."
    bukti = html[html.index('name="bukti"') :].split("</div>", 1)[0]
    assert message in bukti
    assert 'value="Sekdes Jabon"' in html  # the text typed stays
    assert not Dispatch.objects.filter(letter=letter).exists()


def test_a_refused_file_says_why_rather_than_pilih_lagi(make_letter, login):
    letter = make_letter("signed")
    response = login("pelaksana").post(
        f"/surat/{letter.public_id}/aksi/dispatch/",
        {
            "tanggal_kirim": "",
            "cara": "kurir",
            "bukti": SimpleUploadedFile("x.png", b"bukan gambar", content_type="image/png"),
        },
    )
    html = response.content.decode()
    assert "Tanda terima harus berupa PDF, JPEG, atau PNG" in html
    assert "belum tersimpan; pilih lagi" not in html


def test_the_ink_scan_field_says_to_choose_again_when_the_form_comes_back(
    office, make_letter, login
):
    PengaturanSurat.objects.filter(unit__induk=None).update(metode_ttd="manual")
    letter = make_letter("signing")
    response = login("camat").post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {
            "versi": "",  # the page's version did not arrive
            "scan": SimpleUploadedFile(
                "pindaian.pdf", _blank_pdf(), content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Versi surat yang Anda lihat tidak terkirim" in html
    assert "Berkas yang dipilih tadi (pindaian.pdf) belum tersimpan; pilih lagi." in html
    assert Letter.objects.get(pk=letter.pk).status == "signing"
    assert current_version(letter) == letter.versi
