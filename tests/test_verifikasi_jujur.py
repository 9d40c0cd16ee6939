"""An honest verification page: validation data added after signing is not a change, any
other update is; a demo certificate says it is not legally binding; the capacity is shown
as printed; Terbatas and Rahasia letters show only that they are valid; the PDF is
downloadable only where the unit allows it."""

import datetime
import io

import pytest
import time_machine
from asn1crypto import crl as crl_module
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import DocumentSecurityStore

from letters.models import Letter, SignedDocument
from organisasi.models import Unit
from tests.conftest import ensure_key, position
from tte import lta, pencabutan
from tte.models import PengaturanTte, SertifikatInduk

DEMO = "Sertifikat DEMO — tidak sah secara hukum"


def _content(letter) -> bytes:
    with SignedDocument.objects.get(letter=letter).berkas.open("rb") as handle:
        return handle.read()


def _upload(client, content: bytes) -> str:
    upload = SimpleUploadedFile("salinan.pdf", content, content_type="application/pdf")
    return client.post("/verifikasi/", {"berkas": upload}).content.decode()


@pytest.fixture
def signed(make_letter, office):
    ensure_key(office["camat"])
    return make_letter("signed", hal="Undangan Rapat Koordinasi")


def test_a_copy_with_only_more_validation_data_is_valid_and_says_so(signed, client):
    content = _content(signed)
    # A fresher CRL of the demo CA written into the DSS: an update of validation data only.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        ca = SertifikatInduk.objects.get(demo=True)
        crl = crl_module.CertificateList.load(pencabutan.terbitkan_crl(ca))
    output = io.BytesIO(content)
    DocumentSecurityStore.add_dss(output, sig_contents=None, crls=[crl])
    updated = output.getvalue()
    assert updated.startswith(content) and len(updated) > len(content)
    html = _upload(client, updated)
    assert "SAH</strong>" in html
    assert "hanya menambah data validasi (DSS/cap waktu)" in html
    assert signed.nomor in html


def test_a_copy_time_stamped_again_for_the_archive_is_valid(signed, client):
    content = _content(signed)
    output = signers.PdfTimeStamper(lta.tsa_demo()).update_archival_timestamp_chain(
        PdfFileReader(io.BytesIO(content)), lta.konteks_validasi(), in_place=False
    )
    html = _upload(client, output.getvalue())
    assert "SAH</strong>" in html and "hanya menambah data validasi" in html


def test_a_copy_with_an_overlay_on_the_page_is_reported_modified(signed, client):
    content = _content(signed)
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    # A white box over part of the text: the printed letter now reads otherwise.
    overlay = generic.StreamObject(stream_data=b"q 1 1 1 rg 50 600 500 100 re f Q")
    writer.add_stream_to_page(0, writer.add_object(overlay))
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    html = _upload(client, output.getvalue())
    assert "DIUBAH" in html and "SAH</strong>" not in html
    assert "telah diubah setelah ditandatangani" in html


def test_the_qr_page_names_a_demo_certificate_the_version_and_its_hash(signed, client):
    document = SignedDocument.objects.get(letter=signed)
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert DEMO in html
    assert "Tanda tangan elektronik sah" in html
    assert "hanya ditambah data validasi (DSS dan cap waktu)" in html
    assert f"versi {document.versi}" in html and document.hash_versi in html
    assert "Aktif saat penandatanganan" in html


def test_the_capacity_is_shown_as_printed_on_the_letter(make_letter, office, client):
    from approvals import actions
    from tests.conftest import PASSWORD

    ensure_key(office["sekcam"])
    letter = make_letter(
        "signing", penandatangan=position("Sekretaris Kecamatan"), cara_ttd=Letter.CaraTtd.AN
    )
    actions.sign(letter, versi=letter.versi, by=office["sekcam"], passphrase=PASSWORD)
    document = SignedDocument.objects.get(letter=letter)
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert "a.n. CAMAT MOJOANYAR, Sekretaris Kecamatan" in html
    assert "Hendra Saputra" in html


@pytest.mark.parametrize("sifat", [Letter.Sifat.TERBATAS, Letter.Sifat.RAHASIA])
def test_terbatas_and_rahasia_letters_show_only_that_they_are_valid(
    sifat, make_letter, office, client
):
    ensure_key(office["camat"])
    PengaturanTte.objects.update(unduh_pdf_verifikasi=True)  # even where downloads are on
    letter = make_letter("signed", sifat=sifat, hal="Hal yang tidak untuk umum")
    document = SignedDocument.objects.get(letter=letter)
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert "terdaftar sebagai surat bertanda tangan elektronik dari" in html
    assert f"bersifat {letter.get_sifat_display()}" in html and DEMO in html
    for hidden in (letter.nomor, "Hal yang tidak untuk umum", document.sha256, "Bagus", "Unduh"):
        assert hidden not in html
    refused = client.get(f"/verifikasi/{document.kode_verifikasi}/unduh/")
    assert refused.status_code == 403
    assert "tidak dapat diunduh" in refused.content.decode()
    assert refused["Content-Type"].startswith("text/html")


def test_the_pdf_is_not_downloadable_unless_the_unit_allows_it(signed, client):
    document = SignedDocument.objects.get(letter=signed)
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert "Unduh dokumen asli" not in html
    refused = client.get(f"/verifikasi/{document.kode_verifikasi}/unduh/")
    assert refused.status_code == 404
    assert "tidak disediakan untuk diunduh" in refused.content.decode()

    PengaturanTte.objects.update(unduh_pdf_verifikasi=True)
    html = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert "Unduh dokumen asli" in html
    download = client.get(f"/verifikasi/{document.kode_verifikasi}/unduh/")
    assert b"".join(download.streaming_content) == _content(signed)


def test_the_download_setting_is_in_the_unit_admin(login, office):
    unit = Unit.objects.filter(induk=None).first()
    html = login("admin").get(f"/admin/organisasi/unit/{unit.pk}/change/").content.decode()
    assert "unduh_pdf_verifikasi" in html
    assert "PDF dapat diunduh dari halaman verifikasi" in html
