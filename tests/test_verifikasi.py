"""The public verification page: what the QR code shows, and checking an uploaded copy."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.generic import NameObject, NumberObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfWriter

from approvals import actions
from letters.models import Letter, SignedDocument
from tests.conftest import PASSWORD, ensure_key
from tte.models import PengaturanTte


@pytest.fixture
def signed(make_letter, office):
    ensure_key(office["camat"])
    letter = make_letter("signed", hal="Undangan Rapat Koordinasi")
    document = SignedDocument.objects.get(letter=letter)
    with document.berkas.open("rb") as handle:
        return letter, document, handle.read()


def _upload(client, content: bytes):
    return client.post(
        "/verifikasi/",
        {"berkas": SimpleUploadedFile("salinan.pdf", content, content_type="application/pdf")},
    )


def test_the_qr_page_shows_the_letter_without_login(signed, client):
    letter, document, content = signed
    PengaturanTte.objects.update(unduh_pdf_verifikasi=True)  # the unit allows downloads
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    for expected in (
        letter.nomor,
        "Undangan Rapat Koordinasi",
        "Bagus Wicaksono, S.STP., M.Si.",
        document.sha256,
        "Unduh dokumen asli",
    ):
        assert expected in html
    download = client.get(f"/verifikasi/{document.kode_verifikasi}/unduh/")
    assert b"".join(download.streaming_content) == content


def test_the_verification_code_is_long_and_unguessable(signed, make_letter):
    _letter, document, _content = signed
    other = SignedDocument.objects.get(letter=make_letter("signed"))
    assert len(document.kode_verifikasi) >= 24
    assert other.kode_verifikasi != document.kode_verifikasi
    assert not other.kode_verifikasi.isdigit()


def test_an_unknown_code_is_not_found(db, client):
    assert client.get("/verifikasi/tidak-ada-kode-seperti-ini/").status_code == 404


def test_a_rahasia_letter_shows_only_that_it_is_valid(make_letter, office, client):
    ensure_key(office["camat"])
    letter = make_letter("signed", sifat=Letter.Sifat.RAHASIA, hal="Hal yang sangat rahasia")
    document = SignedDocument.objects.get(letter=letter)
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert "terdaftar sebagai surat bertanda tangan elektronik" in html
    for hidden in (letter.nomor, "Hal yang sangat rahasia", document.sha256, "Bagus"):
        assert hidden not in html
    assert client.get(f"/verifikasi/{document.kode_verifikasi}/unduh/").status_code == 403


def test_an_unmodified_copy_is_valid_with_its_signer(signed, client):
    letter, _document, content = signed
    html = _upload(client, content).content.decode()
    assert "SAH" in html and "tidak berubah sejak ditandatangani" in html
    assert letter.nomor in html and "Bagus Wicaksono" in html


def test_a_copy_with_one_flipped_byte_is_reported_modified(signed, client):
    _letter, _document, content = signed
    position = content.index(b"stream\n") + 40  # inside the first page's content
    flipped = bytearray(content)
    flipped[position] ^= 0x01
    html = _upload(client, bytes(flipped)).content.decode()
    assert "SAH</strong>" not in html
    assert "DIUBAH" in html


def test_a_copy_with_an_appended_update_is_reported_modified(signed, client):
    letter, _document, content = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Rotate")] = NumberObject(90)  # the page now prints sideways
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    modified = output.getvalue()
    assert modified.startswith(content) and len(modified) > len(content)
    html = _upload(client, modified).content.decode()
    assert "DIUBAH" in html
    assert "telah diubah setelah ditandatangani" in html
    assert letter.nomor in html


def test_an_unsigned_pdf_is_reported_as_such(db, client):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    html = _upload(client, buffer.getvalue()).content.decode()
    assert "tidak memuat tanda tangan elektronik" in html


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(db, client):
    response = _upload(client, b"bukan pdf sama sekali")
    assert response.status_code == 400
    assert "Berkas bukan PDF" in response.content.decode()


def test_a_letter_signed_by_the_plt_verifies_too(make_letter, office, client):
    ensure_key(office["plt_camat"])
    letter = make_letter("signed", cara_ttd=Letter.CaraTtd.PLT)
    document = SignedDocument.objects.get(letter=letter)
    with document.berkas.open("rb") as handle:
        html = _upload(client, handle.read()).content.decode()
    assert "Rina Kartikasari" in html and "Plt. Camat Mojoanyar" in html
    assert "Plt. CAMAT MOJOANYAR" in html  # the capacity as printed above the signature


def test_signing_needs_the_passphrase(make_letter, office):
    from letters.errors import SOPError

    ensure_key(office["camat"])
    letter = make_letter("signing")
    with pytest.raises(SOPError, match="Masukkan passphrase"):
        actions.sign(letter, versi=letter.versi, by=office["camat"], passphrase="")
    assert PASSWORD
