"""Signing through BSrE's API, v1 and v2, against a fake BSrE on a loopback HTTP server
(tests/bsre_palsu.py): the unit chooses the version; every refusal, breakdown or slow
answer becomes an Indonesian message and the letter keeps waiting for its signature."""

import time

import pytest
from django.urls import reverse

from approvals import actions
from letters.models import Letter, SignedDocument
from organisasi.models import Unit, User
from tests.bsre_palsu import (
    NIK_AKTIF,
    NIK_DENGAN_STATUS,
    NIK_TIDAK_TERDAFTAR,
    PASSPHRASE,
    SANDI,
    USERNAME,
    BsrePalsu,
)
from tests.conftest import current_version, ensure_key
from tte.backends import backend_for
from tte.bsre import BsreBackend
from tte.errors import LayananTteGagal, PassphraseSalah, SertifikatTidakAktif
from tte.models import PengaturanTte

VERSI = ["v1", "v2"]


def _pakai_bsre(versi: str) -> None:
    PengaturanTte.objects.filter(unit__induk=None).update(layanan_tte="bsre", versi_api_bsre=versi)


@pytest.fixture(params=VERSI)
def bsre(request, settings, office, httpserver):
    """A fake BSrE speaking the unit's API version; the camat has an active certificate."""
    ensure_key(office["camat"])
    signer = User.objects.select_related("kunci_tte").get(username="camat")
    settings.BSRE_URL = httpserver.url_for("/").rstrip("/")
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = USERNAME, SANDI
    settings.BSRE_BATAS_WAKTU = 20.0  # signing for real takes time on a busy machine
    _pakai_bsre(request.param)
    User.objects.filter(username="camat").update(nik=NIK_AKTIF)
    return BsrePalsu(httpserver, request.param, signer)


def _camat():
    return User.objects.get(username="camat")


def _sign(letter, passphrase=PASSPHRASE):
    return actions.sign(letter, versi=letter.versi, by=_camat(), passphrase=passphrase)


def _waits(letter) -> bool:
    return (
        Letter.objects.get(pk=letter.pk).status == "signing"
        and not SignedDocument.objects.filter(letter=letter).exists()
    )


def test_the_certificate_status_is_asked_before_the_passphrase(bsre, make_letter, login):
    letter = make_letter("signing")
    html = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert 'type="password"' in html
    assert [endpoint for endpoint, _path in bsre.requests] == ["status"]
    if bsre.versi == "v2":
        assert bsre.bodies["status"] == {"nik": NIK_AKTIF}


def test_a_letter_is_signed_through_the_api(bsre, make_letter, login):
    letter = make_letter("signing")
    response = login("camat").post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {"versi": current_version(letter), "passphrase": PASSPHRASE},
        follow=True,
    )
    assert "Surat telah ditandatangani." in response.content.decode()
    document = SignedDocument.objects.get(letter=letter)
    assert document.cara == "bsre"
    with document.berkas.open("rb") as handle:
        assert b"/ByteRange" in handle.read()  # the PDF the service signed, not ours
    assert "sign" in [endpoint for endpoint, _path in bsre.requests]
    sent = bsre.bodies["sign"]
    assert sent["file"].startswith(b"%PDF-") and sent["nik"] == NIK_AKTIF
    if bsre.versi == "v2":
        assert sent["signatureProperties"][0]["location"] == letter.unit.tempat_surat


def test_a_wrong_passphrase_reply_is_explained(bsre, make_letter):
    letter = make_letter("signing")
    with pytest.raises(PassphraseSalah, match="Passphrase salah"):
        _sign(letter, passphrase="salah")
    assert _waits(letter)


def test_a_user_not_registered_is_told_before_typing_a_passphrase(bsre, make_letter, login):
    User.objects.filter(username="camat").update(nik=NIK_TIDAK_TERDAFTAR)
    letter = make_letter("signing")
    html = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert "belum terdaftar pada layanan TTE BSrE" in html
    assert 'type="password"' not in html


@pytest.mark.parametrize(
    ("status", "pesan"),
    [("EXPIRED", "sudah kedaluwarsa"), ("REVOKED", "sudah dicabut"), ("SUSPEND", "dibekukan")],
)
def test_an_inactive_certificate_is_explained_on_the_form(bsre, make_letter, login, status, pesan):
    User.objects.filter(username="camat").update(nik=NIK_DENGAN_STATUS[status])
    letter = make_letter("signing")
    html = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert pesan in html
    assert 'type="password"' not in html


def test_a_not_registered_reply_while_signing_is_explained(bsre):
    user = _camat()
    user.nik = NIK_TIDAK_TERDAFTAR
    with pytest.raises(SertifikatTidakAktif, match="belum terdaftar"):
        BsreBackend.from_settings(bsre.versi).sign(
            b"%PDF-1.7", user=user, passphrase=PASSPHRASE, reason="", location=""
        )


def test_an_account_locked_by_bsre_is_explained_and_not_counted_as_a_guess(bsre, make_letter):
    letter = make_letter("signing")
    bsre.mode = "terkunci"
    with pytest.raises(SertifikatTidakAktif, match="dikunci sementara oleh BSrE"):
        _sign(letter)
    assert _waits(letter)
    assert _camat().tte_salah_berturut == 0


def test_a_broken_service_gives_a_message_never_a_500(bsre, make_letter, login):
    letter = make_letter("signing")
    bsre.mode = "rusak"
    page = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/")
    assert page.status_code == 200
    assert "tidak dapat dihubungi" in page.content.decode()


@pytest.mark.parametrize("mode", ["rusak", "sampah"])
def test_a_broken_answer_to_signing_leaves_the_letter_waiting(bsre, make_letter, mode):
    letter = make_letter("signing")
    bsre.jeda = {"sign": 0}
    backend = BsreBackend.from_settings(bsre.versi)
    assert backend.status(_camat()).aktif
    bsre.mode = mode
    with pytest.raises(LayananTteGagal, match="tidak dapat dihubungi"):
        backend.sign(b"%PDF-1.7", user=_camat(), passphrase=PASSPHRASE, reason="", location="")
    with pytest.raises(LayananTteGagal, match="tidak dapat dihubungi"):
        backend.status(_camat())
    bsre.mode = "normal"
    assert _waits(letter)


@pytest.mark.parametrize("bsre", ["v2"], indirect=True)  # v1 answers with the PDF itself
def test_a_v2_answer_without_a_pdf_is_never_a_signed_letter(bsre, make_letter):
    letter = make_letter("signing")
    bsre.mode = "file_rusak"
    with pytest.raises(LayananTteGagal, match="tidak dapat dibaca"):
        _sign(letter)
    assert _waits(letter)


def test_an_answer_in_the_other_version_is_reported(bsre, make_letter):
    letter = make_letter("signing")
    bsre.mode = "versi_lain"
    lain = "v1" if bsre.versi == "v2" else "v2"
    with pytest.raises(LayananTteGagal, match=f"dalam bentuk API {lain}") as galat:
        _sign(letter)
    assert "pengaturan TTE unit" in galat.value.message
    assert _waits(letter)


def test_a_unit_set_to_the_other_version_is_told_to_check_it(bsre, make_letter, login):
    """The unit speaks v1 to a v2 service (or the reverse): the addresses are unknown."""
    _pakai_bsre("v1" if bsre.versi == "v2" else "v2")
    letter = make_letter("signing")
    page = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "tidak mengenal alamat API" in html and "versi API BSrE" in html
    assert 'type="password"' not in html


def test_a_slow_service_times_out_with_a_message_and_the_letter_waits(bsre, settings, make_letter):
    letter = make_letter("signing")
    settings.BSRE_BATAS_WAKTU, bsre.jeda = 1.0, {"sign": 1.5}
    started = time.monotonic()
    with pytest.raises(LayananTteGagal, match="tidak menjawab dalam 1 detik"):
        _sign(letter)
    assert time.monotonic() - started < 1.5  # did not wait for the reply
    assert _waits(letter)
    settings.BSRE_BATAS_WAKTU, bsre.jeda = 20.0, 0  # later the service is back: retry works
    assert _sign(letter).status == "signed"


def test_one_budget_covers_the_status_check_and_the_signing(bsre, settings):
    """Each answer alone is in time; together they are not."""
    settings.BSRE_BATAS_WAKTU, bsre.jeda = 1.0, 0.6
    backend = BsreBackend.from_settings(bsre.versi)
    assert backend.status(_camat()).aktif
    with pytest.raises(LayananTteGagal, match="tidak menjawab dalam 1 detik"):
        backend.sign(b"%PDF-1.7", user=_camat(), passphrase=PASSPHRASE, reason="", location="")
    # A spent budget sends nothing more.
    asked = len(bsre.requests)
    with pytest.raises(LayananTteGagal, match="tidak menjawab"):
        backend.status(_camat())
    assert len(bsre.requests) == asked


def test_wrong_application_credentials_are_reported(bsre, settings):
    settings.BSRE_PASSWORD = "salah"
    with pytest.raises(LayananTteGagal, match="menolak akun aplikasi"):
        BsreBackend.from_settings(bsre.versi).status(_camat())


def test_the_verify_endpoint_is_asked_with_the_signed_file(bsre, make_letter):
    letter = _sign(make_letter("signing"))
    with SignedDocument.objects.get(letter=letter).berkas.open("rb") as handle:
        report = BsreBackend.from_settings(bsre.versi).verify(handle.read())
    assert report == {"jumlah_signature": 1, "summary": "VALID"}
    assert "verify" in [endpoint for endpoint, _path in bsre.requests]


def test_a_service_that_is_down_gives_a_message(settings, office):
    settings.BSRE_URL, settings.BSRE_BATAS_WAKTU = "http://127.0.0.1:9", 0.5
    User.objects.filter(username="camat").update(nik=NIK_AKTIF)
    for versi in VERSI:
        with pytest.raises(LayananTteGagal, match="tidak dapat dihubungi"):
            BsreBackend.from_settings(versi).status(_camat())


def test_an_unconfigured_service_says_so(settings, office):
    settings.BSRE_URL = ""
    with pytest.raises(LayananTteGagal, match="belum dikonfigurasi"):
        BsreBackend.from_settings()


def test_each_unit_chooses_its_api_version(settings, office):
    settings.BSRE_URL = "http://127.0.0.1:9"
    unit = Unit.objects.get(induk=None)
    _pakai_bsre("v2")
    assert backend_for(Unit.objects.get(pk=unit.pk)).versi == "v2"
    _pakai_bsre("v1")
    assert backend_for(Unit.objects.get(pk=unit.pk)).versi == "v1"


def test_a_new_unit_starts_with_the_installations_api_version(settings, office):
    induk = Unit.objects.get(induk=None)
    settings.BSRE_API_VERSI = "v2"
    unit = Unit.objects.create(nama="Seksi Baru", jenis=Unit.Jenis.SEKSI, induk=induk)
    assert PengaturanTte.objects.get(unit=unit).versi_api_bsre == "v2"


def test_the_unit_admin_page_shows_the_api_version(office, login):
    unit = Unit.objects.get(induk=None)
    html = login("admin").get(reverse("admin:organisasi_unit_change", args=[unit.pk]))
    assert 'name="pengaturan_tte-0-versi_api_bsre"' in html.content.decode()


@pytest.mark.parametrize("bsre", ["v2"], indirect=True)
def test_batch_signing_stops_at_a_failing_service_and_says_which_letters_wait(bsre, make_letter):
    letters = [make_letter("signing", hal=f"Surat ke-{i}") for i in range(3)]
    bsre.mode = "rusak"
    hasil = actions.sign_batch([(s, s.versi) for s in letters], by=_camat(), passphrase=PASSPHRASE)
    assert hasil.signed == []
    pesan = [m for _letter, m in hasil.failed]
    assert "tidak dapat dihubungi" in pesan[0]
    assert all("Belum dicoba karena layanan TTE gagal" in m for m in pesan[1:])
    assert len(pesan) == 3
    # One letter's try only: a slow service must not cost the budget once per letter.
    assert len(bsre.requests) == 1
    assert all(_waits(s) for s in letters)
