"""What was signed and sent can be seen from the letter page: the receipt of a dispatch and
the scan of a letter signed in ink, each for the people who may see the letter. A letter
signed in ink says so plainly, and asks its signer for the scan by that name."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from letters.models import Dispatch, Letter, PengaturanSurat
from organisasi.models import User
from tests.conftest import current_version
from tests.test_ttd_basah import _signed_scan, _upload


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _send_with_receipt(client, letter, name="tanda-terima.png"):
    return client.post(
        f"/surat/{letter.public_id}/aksi/dispatch/",
        {
            "tanggal_kirim": timezone.localdate().strftime("%d/%m/%Y"),
            "cara": "kurir",
            "nama_penerima": "Sekretaris Desa Jabon",
            "bukti": SimpleUploadedFile(name, _png(), content_type="image/png"),
        },
    )


@pytest.fixture
def sent(make_letter, login):
    letter = make_letter("signed")
    assert _send_with_receipt(login("pelaksana"), letter).status_code == 302
    return Letter.objects.get(pk=letter.pk)


def test_the_receipt_opens_from_the_letter_page_in_the_browser(sent, login):
    client = login("kasi")
    html = client.get(f"/surat/{sent.public_id}/").content.decode()
    dispatch = Dispatch.objects.get(letter=sent)
    link = f"/surat/{sent.public_id}/pengiriman/{dispatch.pk}/tanda-terima/"
    assert re.search(rf'<a href="{link}">Tanda terima</a>', html)
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == _png()


def test_the_receipt_is_typed_by_its_content_not_its_name(make_letter, login):
    letter = make_letter("signed")
    assert _send_with_receipt(login("pelaksana"), letter, name="bukti.pdf").status_code == 302
    dispatch = Dispatch.objects.get(letter=letter)
    response = login("kasi").get(
        f"/surat/{letter.public_id}/pengiriman/{dispatch.pk}/tanda-terima/"
    )
    assert response["Content-Type"] == "image/png"


def test_the_receipt_is_refused_to_whoever_may_not_see_the_letter(sent, make_letter, login):
    dispatch = Dispatch.objects.get(letter=sent)
    link = f"/surat/{sent.public_id}/pengiriman/{dispatch.pk}/tanda-terima/"
    outsider = User.objects.create_user("tamu", password="x")
    client = login("kasi")
    client.force_login(outsider)
    assert client.get(link).status_code == 403
    other = make_letter("signed")  # a receipt asked for through another letter
    wrong = f"/surat/{other.public_id}/pengiriman/{dispatch.pk}/tanda-terima/"
    assert login("kasi").get(wrong).status_code == 404


@pytest.fixture
def ink_unit(office):
    PengaturanSurat.objects.filter(unit__induk=None).update(metode_ttd="manual")


def _bar(html: str) -> str:
    if 'aria-label="Tindakan"' not in html:
        return ""
    return html.split('aria-label="Tindakan"', 1)[1].split("</section>", 1)[0]


def test_an_ink_letter_says_so_and_asks_its_signer_for_the_scan_by_name(
    ink_unit, make_letter, login
):
    letter = make_letter("signing")
    camat = login("camat").get(f"/surat/{letter.public_id}/").content.decode()
    assert "Surat ini ditandatangani basah (bukan TTE)" in camat
    assert "Unggah Pindaian Bertanda Tangan" in _bar(camat)
    assert "Tandatangani" not in _bar(camat)
    page = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert "<h1>Unggah Pindaian Bertanda Tangan</h1>" in page
    # Someone else sees who holds it, and no action of theirs.
    kasi = login("kasi").get(f"/surat/{letter.public_id}/").content.decode()
    assert "Surat ini ditandatangani basah (bukan TTE)" in kasi
    assert "Menunggu pindaian bertanda tangan dari Camat Mojoanyar" in kasi
    assert "Unggah Pindaian" not in _bar(kasi)


def test_an_electronic_letter_keeps_tandatangani_and_no_ink_notice(make_letter, login):
    letter = make_letter("signing")
    html = login("camat").get(f"/surat/{letter.public_id}/").content.decode()
    assert "Tandatangani" in _bar(html)
    assert "ditandatangani basah" not in html


def test_the_scan_of_an_ink_letter_opens_from_its_page(ink_unit, make_letter, login):
    letter = make_letter("signing")
    client = login("camat")
    scan = _signed_scan(client, letter)
    _upload(client, letter, scan)
    assert Letter.objects.get(pk=letter.pk).status == "signed"
    html = login("kasi").get(f"/surat/{letter.public_id}/").content.decode()
    assert "Pindaian surat bertanda tangan basah (PDF)" in html
    response = login("kasi").get(f"/surat/{letter.public_id}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == scan
    assert current_version(letter) == letter.versi
