"""Wet-signature fallback: print the final letter, sign in ink, upload the scan.

The printed copy carries the letter's code and version (QR code and text); the upload is
accepted only when the scan shows the code of the letter as it stands. Scans are made
here as a scanner makes them: the printed PDF rasterised, signed, slightly skewed, and
wrapped one picture per page in a PDF.
"""

import io
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from approvals import actions, rules
from letters.errors import SOPError
from letters.models import Letter, PengaturanSurat, SignedDocument, ttd_basah
from organisasi.models import Unit
from tests.conftest import current_version
from tests.isian import edit_of
from tests.pdf_text import text
from tte import signing
from tte.models import PengaturanTte
from tte.pindaian import kode_ttd_basah

BELUM_TERBACA = "Kode surat tidak terbaca pada pindaian"


def _pdf(content: bytes, name: str = "pindaian.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _blank() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _scan_of(printed: bytes, dpi: int = 150) -> bytes:
    """What a scanner makes of the printed pages once signed: a JPEG picture per page."""
    document = pypdfium2.PdfDocument(printed)
    pictures = []
    try:
        for page in document:
            picture = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            width, height = picture.size
            pen = ImageDraw.Draw(picture)  # the signature, in ink, over the signer's name
            x, y = int(width * 0.6), int(height * 0.5)
            pen.line([(x, y), (x + 60, y - 40), (x + 90, y + 10), (x + 160, y - 30)], width=3)
            pictures.append(picture.rotate(0.7, expand=True, fillcolor=255))
    finally:
        document.close()
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, format="PDF", resolution=dpi, save_all=True, append_images=pictures[1:]
    )
    return buffer.getvalue()


def _final_print(client, letter) -> bytes:
    response = client.get(f"/surat/{letter.public_id}/pdf/", {"cetak": "final"})
    assert response.status_code == 200
    return response.content


def _signed_scan(client, letter) -> bytes:
    """Print the final copy as ``client``, sign it in ink, scan it."""
    return _scan_of(_final_print(client, letter))


def _upload(client, letter, content: bytes):
    """Tandatangani with a scan, through the page, following the redirect."""
    return client.post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {"versi": current_version(letter), "scan": _pdf(content)},
        follow=True,
    )


def _assert_refused(response, letter, message: str) -> None:
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Letter.objects.get(pk=letter.pk).status == "signing"
    assert not SignedDocument.objects.filter(letter=letter).exists()


@pytest.fixture(autouse=True)
def _jam_berhenti(time_machine):
    """The ink code carries the day it was printed: printing and checking it happen on one
    day here, also when CI starts the clock at 31 December 23:59."""
    time_machine.move_to(timezone.now(), tick=False)


@pytest.fixture
def ink_unit(office):
    PengaturanSurat.objects.filter(unit__induk=None).update(metode_ttd="manual")


def test_the_sign_page_asks_for_the_scan_and_offers_the_final_print(ink_unit, make_letter, login):
    letter = make_letter("signing")
    html = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert "Pindaian surat yang sudah ditandatangani (PDF)" in html
    assert "?cetak=final" in html
    assert "kode surat versi 1" in html
    assert 'type="password"' not in html


def test_the_final_print_carries_the_code_and_version_and_no_konsep_or_tte_marks(
    ink_unit, make_letter, login
):
    letter = make_letter("signing")
    content = _final_print(login("kasubbag"), letter)
    printed = " ".join(text(content).split())
    kode = kode_ttd_basah(letter, 1)
    assert f"Kode surat: {kode} versi 1" in printed
    assert "KONSEP" not in printed
    assert "BSrE" not in printed and "kode QR" not in printed
    assert letter.nomor in printed and "Bagus Wicaksono" in printed
    # The QR code beside the signature leads to the public verification page.
    page = pypdfium2.PdfDocument(content)[0].render(scale=150 / 72).to_pil()
    found = [code.text for code in zxingcpp.read_barcodes(page)]
    assert found == [signing.verification_url(kode)]


def test_the_code_is_stable_unguessable_and_differs_per_letter_and_version(ink_unit, make_letter):
    letter, other = make_letter("signing"), make_letter("signing")
    kode = kode_ttd_basah(letter, 1)
    assert kode == kode_ttd_basah(Letter.objects.get(pk=letter.pk), 1)
    assert len(kode) == 24 and str(letter.public_id) not in kode
    assert len({kode, kode_ttd_basah(letter, 2), kode_ttd_basah(other, 1)}) == 3


def test_only_the_signer_or_kasubbag_gets_the_final_print(ink_unit, make_letter, login):
    letter = make_letter("signing")
    response = login("pelaksana").get(f"/surat/{letter.public_id}/pdf/", {"cetak": "final"})
    assert response.status_code == 403


def test_the_kasubbag_uploads_the_scan_and_the_letter_goes_on_to_dispatch(
    ink_unit, make_letter, office, login
):
    letter = make_letter("signing")
    kasubbag = login("kasubbag")
    assert "Menunggu Tanda Tangan" in kasubbag.get("/").content.decode()
    response = _upload(kasubbag, letter, _signed_scan(kasubbag, letter))
    assert "Surat telah ditandatangani." in response.content.decode()
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == "signed"
    assert letter.ditandatangani_oleh == office["camat"]
    assert letter.events.get(aksi="sign").oleh == office["kasubbag"]
    document = SignedDocument.objects.get(letter=letter)
    assert document.cara == "manual"
    assert document.ditandatangani_oleh == office["camat"]
    # The code on the paper is the document's verification code.
    assert document.kode_verifikasi == kode_ttd_basah(letter, 1)
    agenda = kasubbag.get("/agenda/").content.decode()
    assert "Pindaian bertanda tangan" in agenda
    letter = actions.dispatch(
        letter, by=office["pelaksana"], tanggal_kirim=letter.tanggal_surat, cara="kurir"
    )
    assert letter.status == "sent"


def test_the_document_records_who_uploaded_the_scan(ink_unit, make_letter, office, login):
    letter = make_letter("signing")
    kasubbag = login("kasubbag")
    _upload(kasubbag, letter, _signed_scan(kasubbag, letter))
    document = SignedDocument.objects.get(letter=letter)
    assert document.ditandatangani_oleh == office["camat"]
    assert document.diunggah_oleh == office["kasubbag"]
    assert document.versi == 1


def test_a_scan_is_required_and_must_be_a_pdf(ink_unit, make_letter, office, login):
    letter = make_letter("signing")
    with pytest.raises(SOPError, match="Unggah pindaian"):
        actions.sign(letter, versi=letter.versi, by=office["camat"])
    response = login("camat").post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {"versi": current_version(letter), "scan": _pdf(b"bukan pdf", "foto.pdf")},
    )
    assert response.status_code == 400
    assert "Berkas bukan PDF" in response.content.decode()
    assert Letter.objects.get(pk=letter.pk).status == "signing"


def test_a_blank_page_is_refused(ink_unit, make_letter, login):
    letter = make_letter("signing")
    response = _upload(login("camat"), letter, _blank())
    _assert_refused(response, letter, BELUM_TERBACA)
    assert "200 dpi" in response.content.decode()


def test_the_print_file_itself_is_refused_it_was_never_signed(ink_unit, make_letter, login):
    letter = make_letter("signing")
    camat = login("camat")
    response = _upload(camat, letter, _final_print(camat, letter))
    _assert_refused(response, letter, "cetakan digital surat, bukan pindaian")
    # Also when the letterhead carries the unit's emblem as a picture.
    emblem = io.BytesIO()
    Image.new("RGB", (400, 500), (200, 30, 30)).save(emblem, format="PNG")
    Unit.objects.get(induk=None).logo.save("lambang.png", ContentFile(emblem.getvalue()))
    response = _upload(camat, letter, _final_print(camat, letter))
    _assert_refused(response, letter, "cetakan digital surat, bukan pindaian")


def test_the_scan_of_another_letter_is_refused(ink_unit, make_letter, login):
    letter_a, letter_b = make_letter("signing"), make_letter("signing")
    camat = login("camat")
    response = _upload(camat, letter_b, _signed_scan(camat, letter_a))
    _assert_refused(response, letter_b, "Kode pada pindaian bukan milik surat ini.")
    assert letter_b.nomor in response.content.decode()


def test_a_scan_printed_before_an_edit_is_refused(ink_unit, make_letter, login):
    letter = make_letter("signing")
    camat = login("camat")
    scan = _signed_scan(camat, letter)
    isi = "<p>Dalam rangka koordinasi, kami mengundang Saudara pukul 09.00.</p>"
    camat.post(f"/surat/{letter.public_id}/ubah/", edit_of(letter, isi=isi))
    assert current_version(letter) == 2
    response = _upload(camat, letter, scan)
    _assert_refused(
        response, letter, "Pindaian ini dicetak dari versi 1, sedangkan surat sekarang versi 2"
    )
    assert "cetak ulang" in response.content.decode()
    # Printed again from version 2, signed and scanned: accepted.
    response = _upload(camat, letter, _signed_scan(camat, letter))
    assert "Surat telah ditandatangani." in response.content.decode()
    document = SignedDocument.objects.get(letter=letter)
    assert document.kode_verifikasi == kode_ttd_basah(letter, 2)


def test_a_scan_too_coarse_to_read_is_refused_with_advice(ink_unit, make_letter, login):
    letter = make_letter("signing")
    camat = login("camat")
    response = _upload(camat, letter, _scan_of(_final_print(camat, letter), dpi=30))
    _assert_refused(response, letter, BELUM_TERBACA)


def _pdf_with_broken_image() -> bytes:
    """A readable PDF page whose one picture is not a JPEG at all."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    image = DecodedStreamObject()
    image.set_data(b"\xff\xd8 not really a jpeg " * 200)
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(1240),
            NameObject("/Height"): NumberObject(1754),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_scan_whose_picture_cannot_be_decoded_gets_a_message_not_an_error(
    ink_unit, make_letter, login
):
    letter = make_letter("signing")
    response = _upload(login("camat"), letter, _pdf_with_broken_image())
    _assert_refused(response, letter, BELUM_TERBACA)
    assert "tidak dapat dibaca" in response.content.decode()


def test_a_scan_that_is_no_image_at_all_gets_a_message(ink_unit, make_letter, office):
    letter = make_letter("signing")
    with pytest.raises(SOPError, match=BELUM_TERBACA):
        signing.scanned(letter, upload=_pdf(_blank()), by=office["camat"])
    with pytest.raises(SOPError, match="rusak"):
        signing.scanned(letter, upload=_pdf(b"%PDF-1.7\n garbage"), by=office["camat"])


def test_the_same_scan_cannot_be_stored_twice(ink_unit, make_letter, login, monkeypatch):
    """Even if a scan passed the code check for a second letter, its file is refused."""
    letter_a, letter_b = make_letter("signing"), make_letter("signing")
    kasubbag = login("kasubbag")
    scan = _signed_scan(kasubbag, letter_a)
    _upload(kasubbag, letter_a, scan)
    assert Letter.objects.get(pk=letter_a.pk).status == "signed"
    monkeypatch.setattr(
        signing.pindaian, "periksa_pindaian", lambda letter, data: kode_ttd_basah(letter, 1)
    )
    response = _upload(kasubbag, letter_b, scan)
    _assert_refused(response, letter_b, "sudah tersimpan")


def test_the_uploaded_scan_verifies_as_the_stored_copy(
    ink_unit, make_letter, office, login, client
):
    letter = make_letter("signing")
    scan = _signed_scan(login("camat"), letter)
    actions.sign(letter, versi=letter.versi, by=office["camat"], scan=_pdf(scan))
    response = client.post("/verifikasi/", {"berkas": _pdf(scan, "salinan.pdf")})
    html = response.content.decode()
    assert "pindaian surat bertanda tangan basah" in html
    assert "Tanda tangan basah, dipindai" in html


def test_the_qr_on_the_paper_leads_to_a_page_saying_it_is_a_scanned_ink_signature(
    ink_unit, make_letter, login, client
):
    letter = make_letter("signing")
    kasubbag = login("kasubbag")
    scan = _signed_scan(kasubbag, letter)
    _upload(kasubbag, letter, scan)
    letter = Letter.objects.get(pk=letter.pk)
    page = pypdfium2.PdfDocument(scan)[0].render(scale=1).to_pil()
    [code] = zxingcpp.read_barcodes(page)
    url = urlsplit(code.text).path
    assert url == f"/verifikasi/{kode_ttd_basah(letter, 1)}/"
    PengaturanTte.objects.update(unduh_pdf_verifikasi=True)  # off by default
    html = client.get(url).content.decode()
    assert "Tanda tangan basah, dipindai" in html
    assert "bertanda tangan elektronik" not in html
    assert "Bagus Wicaksono, S.STP., M.Si." in html and letter.jabatan_penandatangan in html
    assert "Pindaian diunggah" in html
    assert "Unduh pindaian asli" in html


def test_the_verification_page_names_who_uploaded_the_scan(ink_unit, make_letter, login, client):
    letter = make_letter("signing")
    kasubbag = login("kasubbag")
    _upload(kasubbag, letter, _signed_scan(kasubbag, letter))
    document = SignedDocument.objects.get(letter=letter)
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert "Pindaian diunggah oleh Dewi Lestari, S.AP. pada" in html


def test_a_rahasia_ink_letter_shows_only_that_it_is_valid(ink_unit, make_letter, login, client):
    letter = make_letter("signing", sifat=Letter.Sifat.RAHASIA)
    kasubbag = login("kasubbag")
    _upload(kasubbag, letter, _signed_scan(kasubbag, letter))
    document = SignedDocument.objects.get(letter=letter)
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert "bertanda tangan basah (dipindai) yang sah" in html
    assert "Bagus Wicaksono" not in html and "Pindaian diunggah" not in html
    assert letter.hal not in html


def test_a_single_letter_can_be_signed_in_ink_with_a_reason(make_letter, office, login):
    letter = make_letter("draft")
    data = {"ttd_manual": True, "alasan_ttd_manual": ""}
    from approvals.forms_surat import LetterForm

    form = LetterForm(instance=letter, instansi_id=letter.unit_id, pembuat=letter.pembuat)
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


def test_a_unit_that_signs_in_ink_puts_its_signing_letters_in_the_kasubbag_inbox_only(
    make_letter, office, login
):
    """The unit's setting, not the letter, makes it an ink letter: the Kasubbag uploads
    its scan (Kotak Masuk), and the batch-signing page leaves it out for the Camat."""
    letter = make_letter("signing")
    assert letter not in Letter.objects.filter(rules.inbox_filter(office["kasubbag"]))
    assert str(letter.public_id) in login("camat").get("/tandatangani/").content.decode()

    PengaturanSurat.objects.filter(unit__induk=None).update(metode_ttd="manual")

    assert letter in Letter.objects.filter(rules.inbox_filter(office["kasubbag"]))
    assert letter in Letter.objects.filter(ttd_basah())
    assert str(letter.public_id) not in login("camat").get("/tandatangani/").content.decode()
