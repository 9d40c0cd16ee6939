"""Signing at the Camat step: a real PAdES signature, stored once, never changed."""

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from approvals import actions
from letters.errors import SOPError
from letters.models import Letter, SignedDocument
from tests.conftest import PASSWORD, current_version, ensure_key
from tests.pdf_text import text
from tte import verify
from tte.errors import PassphraseSalah
from tte.models import KunciTte


def _stored(letter) -> bytes:
    document = SignedDocument.objects.get(letter=letter)
    with document.berkas.open("rb") as handle:
        return handle.read()


@pytest.fixture
def signing_letter(make_letter, office):
    ensure_key(office["camat"])
    return make_letter("signing")


def test_the_sign_page_asks_for_the_passphrase_once_the_certificate_is_active(
    signing_letter, login
):
    html = login("camat").get(f"/surat/{signing_letter.public_id}/aksi/sign/").content.decode()
    assert "Passphrase sertifikat elektronik" in html
    assert 'type="password"' in html


def test_without_a_certificate_no_passphrase_is_asked_and_nothing_is_signed(make_letter, login):
    letter = make_letter("signing")
    client = login("camat")
    html = client.get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert "belum memiliki sertifikat elektronik" in html
    assert 'type="password"' not in html
    response = client.post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {"versi": current_version(letter), "passphrase": "x"},
    )
    assert response.status_code == 400
    assert Letter.objects.get(pk=letter.pk).status == "signing"


def test_signing_through_the_browser_stores_a_signed_pdf_with_its_hash(signing_letter, login):
    client = login("camat")
    response = client.post(
        f"/surat/{signing_letter.public_id}/aksi/sign/",
        {"versi": current_version(signing_letter), "passphrase": PASSWORD},
        follow=True,
    )
    assert "Surat telah ditandatangani." in response.content.decode()
    letter = Letter.objects.get(pk=signing_letter.pk)
    assert letter.status == "signed"
    content = _stored(letter)
    assert verify.sha256(content) == letter.dokumen.sha256
    download = client.get(f"/surat/{letter.public_id}/pdf/")
    assert b"".join(download.streaming_content) == content


def test_the_signature_validates_against_the_demo_ca(signing_letter, office):
    letter = actions.sign(
        signing_letter, versi=signing_letter.versi, by=office["camat"], passphrase=PASSWORD
    )
    reader = PdfFileReader(io.BytesIO(_stored(letter)))
    # The signature, then the document time-stamp that keeps it verifiable (PAdES B-LTA).
    signature, document_timestamp = reader.embedded_signatures
    assert document_timestamp.sig_object_type == "/DocTimeStamp"
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=verify.trust_roots(), allow_fetching=False)
    )
    assert status.bottom_line is True
    assert "Bagus Wicaksono" in signature.signer_cert.subject.human_friendly


def test_the_signed_letter_is_final_with_the_tte_footer_and_no_konsep(signing_letter, office):
    letter = actions.sign(
        signing_letter, versi=signing_letter.versi, by=office["camat"], passphrase=PASSWORD
    )
    printed = " ".join(text(_stored(letter)).split())
    assert "KONSEP" not in printed
    assert letter.nomor in printed
    assert "UU ITE No. 11 Tahun 2008 Pasal 5 ayat (1)" in printed
    assert "Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara" in printed
    assert "memindai kode QR" in printed
    assert "SERTIFIKAT DEMO" in printed  # demo keys say so on the letter itself
    assert "NIP 197805122000121001" in printed


def test_a_wrong_passphrase_is_explained_and_changes_nothing(signing_letter, office, login):
    with pytest.raises(PassphraseSalah):
        actions.sign(
            signing_letter, versi=signing_letter.versi, by=office["camat"], passphrase="salah"
        )
    response = login("camat").post(
        f"/surat/{signing_letter.public_id}/aksi/sign/",
        {"versi": current_version(signing_letter), "passphrase": "salah"},
        follow=True,
    )
    assert "Passphrase salah" in response.content.decode()
    letter = Letter.objects.get(pk=signing_letter.pk)
    assert letter.status == "signing"
    assert not SignedDocument.objects.exists()
    assert not letter.events.filter(aksi="sign").exists()


def test_signing_twice_is_impossible_and_the_stored_pdf_never_changes(signing_letter, office):
    letter = actions.sign(
        signing_letter, versi=signing_letter.versi, by=office["camat"], passphrase=PASSWORD
    )
    first = _stored(letter)
    with pytest.raises(SOPError, match="Ditandatangani"):
        actions.sign(
            signing_letter, versi=signing_letter.versi, by=office["camat"], passphrase=PASSWORD
        )
    assert _stored(letter) == first
    assert SignedDocument.objects.count() == 1


def test_the_passphrase_is_never_stored(signing_letter, office):
    actions.sign(
        signing_letter, versi=signing_letter.versi, by=office["camat"], passphrase=PASSWORD
    )
    key = KunciTte.objects.get(user=office["camat"])
    assert PASSWORD.encode() not in bytes(key.p12)
    letter = Letter.objects.get(pk=signing_letter.pk)
    assert all(PASSWORD not in (e.catatan or "") for e in letter.events.all())


def test_a_plt_signs_with_their_own_key_and_the_block_says_plt(make_letter, office):
    ensure_key(office["plt_camat"])
    letter = make_letter("signed", cara_ttd=Letter.CaraTtd.PLT)
    assert letter.ditandatangani_oleh == office["plt_camat"]
    printed = " ".join(text(_stored(letter)).split())
    assert "Plt. CAMAT MOJOANYAR" in printed
    assert "Rina Kartikasari, S.Sos., M.M." in printed
    reader = PdfFileReader(io.BytesIO(_stored(letter)))
    assert "Rina Kartikasari" in reader.embedded_signatures[0].signer_cert.subject.human_friendly


def test_an_atas_nama_signer_signs_with_their_own_key(make_letter, office, login):
    from tests.conftest import position

    ensure_key(office["sekcam"])
    letter = make_letter(
        "signing", penandatangan=position("Sekretaris Kecamatan"), cara_ttd=Letter.CaraTtd.AN
    )
    letter = actions.sign(letter, versi=letter.versi, by=office["sekcam"], passphrase=PASSWORD)
    printed = " ".join(text(_stored(letter)).split())
    assert "a.n. CAMAT MOJOANYAR, Sekretaris Kecamatan," in printed
    assert "Hendra Saputra, S.H." in printed


def test_several_letters_are_signed_with_one_passphrase(make_letter, office, login):
    ensure_key(office["camat"])
    letters = [make_letter("signing", hal=f"Surat ke-{i}") for i in range(3)]
    client = login("camat")
    page = client.get("/tandatangani/").content.decode()
    assert all(f"Surat ke-{i}" in page for i in range(3))
    response = client.post(
        "/tandatangani/",
        {
            "surat": [f"{letter.public_id}:{letter.versi}" for letter in letters[:2]],
            "passphrase": PASSWORD,
        },
        follow=True,
    )
    # The first in the request, the other by the worker (tests/test_tandatangan_latar.py).
    from approvals import ttd_latar
    from approvals.models import PenandatangananBanyak

    assert "1 dari 2 surat ditandatangani" in response.content.decode()
    ttd_latar.tandatangani_latar.call(str(PenandatangananBanyak.objects.get().pk))
    progres = client.get(response.redirect_chain[-1][0]).content.decode()
    assert "2 dari 2 surat ditandatangani" in progres
    statuses = [Letter.objects.get(pk=letter.pk).status for letter in letters]
    assert statuses == ["signed", "signed", "signing"]


def test_a_wrong_passphrase_for_several_letters_signs_none(make_letter, office, login):
    ensure_key(office["camat"])
    letters = [make_letter("signing") for _ in range(2)]
    response = login("camat").post(
        "/tandatangani/",
        {
            "surat": [f"{letter.public_id}:{letter.versi}" for letter in letters],
            "passphrase": "salah",
        },
        follow=True,
    )
    assert "Passphrase salah" in response.content.decode()
    assert not Letter.objects.filter(status="signed").exists()
