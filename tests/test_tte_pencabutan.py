"""Revoking an official's certificate: the admin revokes with a reason, the demo CA's CRL
lists it for good, signing is refused from then on (and with an expired certificate),
while letters signed and time-stamped before stay valid."""

import datetime

import pytest
import time_machine
from cryptography import x509
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approvals import actions
from letters.models import Letter, SignedDocument
from organisasi.models import User
from tests.conftest import PASSWORD, current_version, ensure_key
from tte.demo_ca import kode_ca
from tte.errors import SertifikatTidakAktif
from tte.models import KunciTte, SertifikatDicabut, SertifikatInduk


def _upload(client, content: bytes) -> str:
    upload = SimpleUploadedFile("salinan.pdf", content, content_type="application/pdf")
    return client.post("/verifikasi/", {"berkas": upload}).content.decode()


def _crl(client) -> x509.CertificateRevocationList:
    ca = SertifikatInduk.objects.get(demo=True)
    response = client.get(f"/verifikasi/crl/{kode_ca(ca)}.crl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    assert "max-age" in response["Cache-Control"]
    return x509.load_der_x509_crl(response.content)


def _admin_action(login, action: str, kunci: KunciTte, **data):
    return login("admin").post(
        "/admin/tte/kuncitte/",
        {"action": action, "_selected_action": [kunci.pk], "konfirmasi": "1", **data},
        follow=True,
    )


@pytest.fixture
def signed_then_revoked(make_letter, office, login):
    """A letter signed today; the next day the admin revokes the Camat's certificate."""
    ensure_key(office["camat"])
    letter = make_letter("signed", hal="Surat sebelum pencabutan")
    kunci = KunciTte.objects.get(user=office["camat"])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=True):
        form = login("admin").post(
            "/admin/tte/kuncitte/", {"action": "cabut_sertifikat", "_selected_action": [kunci.pk]}
        )
        assert "Alasan pencabutan" in form.content.decode()  # asked before anything happens
        assert not SertifikatDicabut.objects.exists()
        response = _admin_action(login, "cabut_sertifikat", kunci, alasan="key_compromise")
        assert "1 sertifikat dicabut" in response.content.decode()
        yield letter, kunci


def test_the_signer_certificate_names_the_crl_served_by_the_app(make_letter, office, client):
    ensure_key(office["camat"])
    letter = make_letter("signed")
    from pyhanko.pdf_utils.reader import PdfFileReader

    with letter.dokumen.berkas.open("rb") as handle:
        signature = PdfFileReader(handle).embedded_signatures[0]
        points = signature.signer_cert.crl_distribution_points
    ca = SertifikatInduk.objects.get(demo=True)
    urls = [name.native for point in points for name in point["distribution_point"].chosen]
    assert urls == [f"http://127.0.0.1:8000/verifikasi/crl/{kode_ca(ca)}.crl"]
    assert client.get("/verifikasi/crl/tidak-ada.crl").status_code == 404
    assert list(_crl(client)) == []  # nothing revoked yet


def test_a_revoked_certificate_is_listed_and_can_no_longer_sign(
    signed_then_revoked, make_letter, office, login, client
):
    _letter, kunci = signed_then_revoked
    record = SertifikatDicabut.objects.get()
    assert record.nomor_seri == kunci.nomor_seri and record.alasan == "key_compromise"
    assert record.dicabut_oleh == office["admin"]
    [entry] = list(_crl(client))
    assert format(entry.serial_number, "x") == kunci.nomor_seri
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == (
        x509.ReasonFlags.key_compromise
    )

    other = make_letter("signing")
    with pytest.raises(SertifikatTidakAktif, match="telah dicabut"):
        actions.sign(other, versi=other.versi, by=office["camat"], passphrase=PASSWORD)
    page = login("camat").get(f"/surat/{other.public_id}/aksi/sign/").content.decode()
    assert "Sertifikat elektronik Anda telah dicabut" in page
    assert 'type="password"' not in page
    assert Letter.objects.get(pk=other.pk).status == "signing"


def test_a_letter_signed_before_the_revocation_still_verifies(signed_then_revoked, client):
    letter, _kunci = signed_then_revoked
    document = SignedDocument.objects.get(letter=letter)
    with document.berkas.open("rb") as handle:
        html = _upload(client, handle.read())
    assert "SAH</strong>" in html and "tidak berubah sejak ditandatangani" in html
    page = client.get(f"/verifikasi/{document.kode_verifikasi}/").content.decode()
    assert "Aktif saat penandatanganan" in page
    assert "dicabut" in page  # and the page says it was revoked afterwards


def test_a_new_demo_key_signs_again_and_the_old_one_stays_on_the_crl(
    signed_then_revoked, make_letter, office, login, client
):
    _letter, old = signed_then_revoked
    baru = "kunci-baru-123"
    response = _admin_action(login, "terbitkan_kunci_demo_baru", old, passphrase=baru, ulangi=baru)
    assert "1 kunci demo baru diterbitkan" in response.content.decode()
    new = KunciTte.objects.get(user=office["camat"])
    assert new.nomor_seri != old.nomor_seri
    assert [format(e.serial_number, "x") for e in _crl(client)] == [old.nomor_seri]
    letter = make_letter("signing")
    camat = User.objects.get(username="camat")  # as a new request would load the official
    letter = actions.sign(letter, versi=letter.versi, by=camat, passphrase=baru)
    assert letter.status == "signed"


def test_an_expired_certificate_cannot_sign_but_old_letters_stay_valid(
    make_letter, office, login, client
):
    ensure_key(office["camat"])
    letter = make_letter("signed")
    other = make_letter("signing")
    kunci = KunciTte.objects.get(user=office["camat"])
    with time_machine.travel(kunci.berlaku_sampai + datetime.timedelta(days=30), tick=True):
        response = login("camat").post(
            f"/surat/{other.public_id}/aksi/sign/",
            {"versi": current_version(other), "passphrase": PASSWORD},
            follow=True,
        )
        assert "sudah kedaluwarsa" in response.content.decode()
        assert Letter.objects.get(pk=other.pk).status == "signing"
        with letter.dokumen.berkas.open("rb") as handle:
            html = _upload(client, handle.read())
        # The signature was time-stamped while the certificate was valid.
        assert "SAH</strong>" in html
