"""The BSrE signing-API client, against a small local server implementing its contract."""

import base64
import http.server
import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP

import pytest

from approvals import actions
from letters.models import Letter, SignedDocument
from organisasi.models import User
from tests.conftest import PASSWORD, current_version, ensure_key
from tte.bsre import BsreBackend
from tte.errors import LayananTteGagal, PassphraseSalah, SertifikatTidakAktif
from tte.lokal import LocalBackend
from tte.models import PengaturanTte

NIK_AKTIF, NIK_TIDAK_TERDAFTAR, NIK_KEDALUWARSA = (
    "3516000000000001",
    "3516000000000002",
    "3516000000000003",
)
LAMBAT_DETIK = 3  # how long the slow service takes; the client gives up well before
AUTH = "Basic " + base64.b64encode(b"sop:rahasia").decode()


class ContractServer(http.server.BaseHTTPRequestHandler):
    """BSrE API v1 as this app uses it; signs with the camat's demo key."""

    mode = "normal"  # or "lambat" (slower than the client's timeout) or "rusak" (500)
    signer = None
    requests: list = []

    def _json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _guard(self) -> bool:
        ContractServer.requests.append(self.path)
        if self.mode == "lambat":
            time.sleep(LAMBAT_DETIK)
        if self.mode == "rusak":
            self._json(500, {"error": "Internal Server Error"})
            return False
        if self.headers.get("Authorization") != AUTH:
            self._json(401, {"status_code": 401, "error": "Unauthorized"})
            return False
        return True

    def do_GET(self):
        if not self._guard():
            return
        nik = self.path.rsplit("/", 1)[-1]
        if nik == NIK_AKTIF:
            self._json(200, {"status_code": 1111, "status": "ISSUE", "message": "Sertifikat aktif"})
        elif nik == NIK_KEDALUWARSA:
            self._json(200, {"status_code": 1112, "status": "EXPIRED", "message": "Kedaluwarsa"})
        else:
            self._json(
                200,
                {
                    "status_code": 1110,
                    "status": "NOT_REGISTERED",
                    "message": "User tidak terdaftar",
                },
            )

    def do_POST(self):
        if not self._guard():
            return
        length = int(self.headers["Content-Length"])
        raw = self.rfile.read(length)
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + raw
        )
        parts = {
            part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
            for part in message.iter_parts()
        }
        if self.path == "/api/sign/verify":
            ok = parts["signed_file"].startswith(b"%PDF-") and b"/ByteRange" in parts["signed_file"]
            self._json(
                200, {"jumlah_signature": 1 if ok else 0, "summary": "VALID" if ok else "INVALID"}
            )
            return
        if parts.get("nik", b"").decode() != NIK_AKTIF:
            self._json(400, {"status_code": 2021, "error": "User tidak terdaftar"})
            return
        if parts["passphrase"].decode() != "passphrase-bsre":
            self._json(400, {"status_code": 2031, "error": "Passphrase anda salah"})
            return
        assert parts["tampilan"] == b"invisible"
        signed = LocalBackend().sign(
            parts["file"],
            user=self.signer,
            passphrase=PASSWORD,
            reason="BSrE",
            location="Mojokerto",
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(signed)))
        self.end_headers()
        self.wfile.write(signed)

    def log_message(self, *args):
        pass


@pytest.fixture
def bsre(settings, office):
    ensure_key(office["camat"])
    ContractServer.signer = User.objects.select_related("kunci_tte").get(username="camat")
    ContractServer.mode = "normal"
    ContractServer.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ContractServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.BSRE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = "sop", "rahasia"
    settings.BSRE_TIMEOUT = 10.0  # signing for real takes time on a busy machine
    PengaturanTte.objects.filter(unit__induk=None).update(layanan_tte="bsre")
    User.objects.filter(username="camat").update(nik=NIK_AKTIF)
    yield ContractServer
    server.shutdown()
    server.server_close()


def _camat():
    return User.objects.get(username="camat")


def test_the_certificate_status_is_asked_before_the_passphrase(bsre, make_letter, login):
    letter = make_letter("signing")
    html = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert 'type="password"' in html
    assert f"/api/user/status/{NIK_AKTIF}" in bsre.requests


def test_a_letter_is_signed_through_the_api(bsre, make_letter, login):
    letter = make_letter("signing")
    response = login("camat").post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {"versi": current_version(letter), "passphrase": "passphrase-bsre"},
        follow=True,
    )
    assert "Surat telah ditandatangani." in response.content.decode()
    document = SignedDocument.objects.get(letter=letter)
    assert document.cara == "bsre"
    assert "/api/sign/pdf" in bsre.requests


def test_a_wrong_passphrase_reply_is_explained(bsre, make_letter):
    letter = make_letter("signing")
    with pytest.raises(PassphraseSalah):
        actions.sign(letter, versi=letter.versi, by=_camat(), passphrase="salah")
    assert Letter.objects.get(pk=letter.pk).status == "signing"


def test_a_user_not_registered_is_told_before_typing_a_passphrase(bsre, make_letter, login):
    User.objects.filter(username="camat").update(nik=NIK_TIDAK_TERDAFTAR)
    letter = make_letter("signing")
    html = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert "belum terdaftar pada layanan TTE BSrE" in html
    assert 'type="password"' not in html
    assert BsreBackend.from_settings().status(_camat()).aktif is False


def test_an_expired_certificate_is_reported(bsre):
    User.objects.filter(username="camat").update(nik=NIK_KEDALUWARSA)
    status = BsreBackend.from_settings().status(_camat())
    assert not status.aktif and "EXPIRED" in status.pesan


def test_a_not_registered_reply_while_signing_is_explained(bsre):
    backend = BsreBackend.from_settings()
    user = _camat()
    user.nik = NIK_TIDAK_TERDAFTAR
    with pytest.raises(SertifikatTidakAktif, match="belum terdaftar"):
        backend.sign(b"%PDF-1.7", user=user, passphrase="x", reason="", location="")


def test_a_slow_service_times_out_with_a_message_and_the_letter_waits(bsre, settings, make_letter):
    letter = make_letter("signing")
    bsre.mode, settings.BSRE_TIMEOUT = "lambat", 0.5
    started = time.monotonic()
    with pytest.raises(LayananTteGagal, match="tidak dapat dihubungi"):
        actions.sign(letter, versi=letter.versi, by=_camat(), passphrase="passphrase-bsre")
    assert time.monotonic() - started < LAMBAT_DETIK - 0.5  # did not wait for the reply
    assert Letter.objects.get(pk=letter.pk).status == "signing"
    bsre.mode, settings.BSRE_TIMEOUT = "normal", 10.0  # later the service is back: retry works
    assert (
        actions.sign(letter, versi=letter.versi, by=_camat(), passphrase="passphrase-bsre").status
        == "signed"
    )


def test_a_broken_service_gives_a_message_never_a_500(bsre, make_letter, login):
    letter = make_letter("signing")
    bsre.mode = "rusak"
    client = login("camat")
    page = client.get(f"/surat/{letter.public_id}/aksi/sign/")
    assert page.status_code == 200
    assert "tidak dapat dihubungi" in page.content.decode()


def test_a_service_that_is_down_gives_a_message(settings, office, make_letter):
    settings.BSRE_URL, settings.BSRE_TIMEOUT = "http://127.0.0.1:9", 0.5
    PengaturanTte.objects.filter(unit__induk=None).update(layanan_tte="bsre")
    User.objects.filter(username="camat").update(nik=NIK_AKTIF)
    with pytest.raises(LayananTteGagal):
        BsreBackend.from_settings().status(_camat())


def test_an_unconfigured_service_says_so(settings, office):
    settings.BSRE_URL = ""
    with pytest.raises(LayananTteGagal, match="belum dikonfigurasi"):
        BsreBackend.from_settings()


def test_the_verify_endpoint_is_asked_with_the_signed_file(bsre, make_letter):
    letter = make_letter("signing")
    letter = actions.sign(letter, versi=letter.versi, by=_camat(), passphrase="passphrase-bsre")
    with SignedDocument.objects.get(letter=letter).berkas.open("rb") as handle:
        report = BsreBackend.from_settings().verify(handle.read())
    assert report == {"jumlah_signature": 1, "summary": "VALID"}
    assert "/api/sign/verify" in bsre.requests
