"""Wet-signature fallback: print the final letter, sign in ink, upload the scan."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from approvals import actions
from approvals.models import Unit
from letters.errors import SOPError
from letters.models import Letter, SignedDocument
from tests.pdf_text import text


def _scan() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("pindaian.pdf", buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def ink_unit(office):
    Unit.objects.filter(induk=None).update(metode_ttd="manual")


def test_the_sign_page_asks_for_the_scan_and_offers_the_final_print(ink_unit, make_letter, login):
    letter = make_letter("signing")
    html = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert "Pindaian surat yang sudah ditandatangani (PDF)" in html
    assert "?cetak=final" in html
    assert 'type="password"' not in html


def test_the_final_print_has_no_konsep_and_no_tte_marks(ink_unit, make_letter, login):
    letter = make_letter("signing")
    response = login("kasubbag").get(f"/surat/{letter.public_id}/pdf/", {"cetak": "final"})
    printed = " ".join(text(response.content).split())
    assert "KONSEP" not in printed
    assert "BSrE" not in printed and "kode QR" not in printed
    assert letter.nomor in printed and "Bagus Wicaksono" in printed


def test_only_the_signer_or_kasubbag_gets_the_final_print(ink_unit, make_letter, login):
    letter = make_letter("signing")
    response = login("pelaksana").get(f"/surat/{letter.public_id}/pdf/", {"cetak": "final"})
    assert response.status_code == 403


def test_the_kasubbag_uploads_the_scan_and_the_letter_goes_on_to_dispatch(
    ink_unit, make_letter, office, login
):
    letter = make_letter("signing")
    assert "Menunggu Tanda Tangan" in login("kasubbag").get("/").content.decode()
    response = login("kasubbag").post(
        f"/surat/{letter.public_id}/aksi/sign/", {"scan": _scan()}, follow=True
    )
    assert "Surat telah ditandatangani." in response.content.decode()
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == "signed"
    assert letter.ditandatangani_oleh == office["camat"]
    assert letter.events.get(aksi="sign").oleh == office["kasubbag"]
    document = SignedDocument.objects.get(letter=letter)
    assert document.cara == "manual"
    agenda = login("kasubbag").get("/agenda/").content.decode()
    assert "Pindaian bertanda tangan" in agenda
    letter = actions.dispatch(
        letter, by=office["pelaksana"], tanggal_kirim=letter.tanggal_surat, cara="kurir"
    )
    assert letter.status == "sent"


def test_a_scan_is_required_and_must_be_a_pdf(ink_unit, make_letter, office, login):
    letter = make_letter("signing")
    with pytest.raises(SOPError, match="Unggah pindaian"):
        actions.sign(letter, by=office["camat"])
    response = login("camat").post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {"scan": SimpleUploadedFile("foto.pdf", b"bukan pdf", content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert "Berkas bukan PDF" in response.content.decode()
    assert Letter.objects.get(pk=letter.pk).status == "signing"


def test_the_uploaded_scan_verifies_as_the_stored_copy(ink_unit, make_letter, office, client):
    letter = make_letter("signing")
    scan = _scan()
    actions.sign(letter, by=office["camat"], scan=scan)
    scan.seek(0)
    response = client.post(
        "/verifikasi/",
        {"berkas": SimpleUploadedFile("salinan.pdf", scan.read(), content_type="application/pdf")},
    )
    assert "pindaian surat bertanda tangan basah" in response.content.decode()


def test_a_single_letter_can_be_signed_in_ink_with_a_reason(make_letter, office, login):
    letter = make_letter("draft")
    data = {"ttd_manual": True, "alasan_ttd_manual": ""}
    from letters.forms import LetterForm

    form = LetterForm(instance=letter, instansi_id=letter.unit_id)
    initial = {name: form[name].value() for name in form.fields}
    initial.update(data)
    initial["klasifikasi"] = letter.klasifikasi.kode
    initial["tujuan"] = [p.tujuan_id for p in letter.penerima.all()]
    initial = {k: v for k, v in initial.items() if v is not None}
    client = login("pelaksana")
    response = client.post(f"/surat/{letter.public_id}/ubah/", initial)
    assert "Tuliskan alasan surat ini ditandatangani basah." in response.content.decode()
    initial["alasan_ttd_manual"] = "Camat sedang di lapangan tanpa jaringan"
    client.post(f"/surat/{letter.public_id}/ubah/", initial)
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.ttd_manual is True
    signing_letter = make_letter("signing")
    assert Letter.objects.get(pk=signing_letter.pk).ttd_manual is False
