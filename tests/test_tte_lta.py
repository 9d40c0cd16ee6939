"""Signatures that last: every electronically signed letter is PAdES B-LTA (signature
time-stamp from an RFC 3161 TSA, validation data in a DSS, document time-stamp), checked
with independent tools (pyHanko's AdES validator, poppler's pdfsig); the demo TSA also
answers over HTTP."""

import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from asn1crypto import core, tsp
from asn1crypto import x509 as asn1_x509
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

from approvals import actions
from letters.models import SignedDocument
from organisasi.models import User
from tests.bsre_palsu import NIK_AKTIF, PASSPHRASE, SANDI, USERNAME, BsrePalsu
from tests.conftest import PASSWORD, ensure_key
from tte.demo_ca import TSA_NAME
from tte.models import PengaturanTte, SertifikatInduk

PYHANKO = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "pyhanko"


def _stored(letter) -> bytes:
    with SignedDocument.objects.get(letter=letter).berkas.open("rb") as handle:
        return handle.read()


def _b_lta_structure(content: bytes) -> None:
    """B-T: a trusted time-stamp on the signature; B-LT: a DSS with the certificates and
    the CRLs; B-LTA: a document time-stamp over all of it."""
    reader = PdfFileReader(io.BytesIO(content))
    signature, *_rest, document_timestamp = reader.embedded_signatures
    assert signature.sig_object_type == "/Sig"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert list(extract_tst_data_iter(signature.signer_info, signed=False))
    dss = reader.root["/DSS"]
    assert len(dss["/Certs"]) >= 3  # the signer, the TSA and the CA
    assert len(dss["/CRLs"]) >= 1
    assert document_timestamp.sig_object_type == "/DocTimeStamp"
    assert document_timestamp.sig_object["/SubFilter"] == "/ETSI.RFC3161"


def test_a_signed_letter_is_pades_b_lta_for_independent_validators(make_letter, office, tmp_path):
    ensure_key(office["camat"])
    letter = make_letter("signing")
    start = time.perf_counter()
    letter = actions.sign(letter, versi=letter.versi, by=office["camat"], passphrase=PASSWORD)
    seconds = time.perf_counter() - start
    assert seconds < 20, f"signing took {seconds:.1f} s"  # a web request: measured ~1 s
    content = _stored(letter)
    _b_lta_structure(content)

    pdf, root = tmp_path / "surat.pdf", tmp_path / "ca-demo.pem"
    pdf.write_bytes(content)
    root.write_text(SertifikatInduk.objects.get(demo=True).pem)
    ades = subprocess.run(
        # The validator is another process, on the machine's own clock: it validates at the
        # test's moment (CI also runs the suite with the clock moved to a year's end).
        [
            PYHANKO,
            "sign",
            "adesverify",
            "--trust",
            root,
            "--trust-replace",
            "--validation-time",
            timezone.now().isoformat(),
            pdf,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ades.returncode == 0, ades.stderr
    # Trusted signature, trusted signature time-stamp, and only LTA updates (DSS and
    # document time-stamp) after it: PAdES B-LTA as pyHanko's AdES validator reports it.
    level = "INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,EXTENDED_WITH_LTA_UPDATES"
    assert "TTE:" in ades.stdout and level in ades.stdout, ades.stdout

    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) tidak terpasang")
    poppler = subprocess.run(
        ["pdfsig", "-nocert", pdf], capture_output=True, text=True, timeout=60
    ).stdout
    signature, timestamp = poppler.split("Signature #2:")
    assert "Signature Field Name: TTE" in signature
    assert "Signature Type: ETSI.CAdES.detached" in signature
    assert "Signature Validation: Signature is Valid." in signature
    assert f"Signer Certificate Common Name: {TSA_NAME}" in timestamp  # the document time-stamp


def test_a_letter_signed_by_bsre_gets_the_validation_data_and_document_timestamp_here(
    make_letter, office, settings, httpserver
):
    ensure_key(office["camat"])
    signer = User.objects.select_related("kunci_tte").get(username="camat")
    settings.BSRE_URL = httpserver.url_for("/").rstrip("/")
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = USERNAME, SANDI
    PengaturanTte.objects.update(layanan_tte="bsre", versi_api_bsre="v2")
    User.objects.filter(username="camat").update(nik=NIK_AKTIF)
    BsrePalsu(httpserver, "v2", signer)  # signs without a time-stamp of its own
    letter = make_letter("signing")
    letter = actions.sign(
        letter, versi=letter.versi, by=User.objects.get(username="camat"), passphrase=PASSPHRASE
    )
    reader = PdfFileReader(io.BytesIO(_stored(letter)))
    signature, *_rest, document_timestamp = reader.embedded_signatures
    assert signature.sig_object_type == "/Sig"
    assert "/CRLs" in reader.root["/DSS"]
    assert document_timestamp.sig_object_type == "/DocTimeStamp"


def _request(client, body: bytes, content_type="application/timestamp-query"):
    return client.post("/verifikasi/tsa/", data=body, content_type=content_type)


def test_the_demo_tsa_answers_rfc_3161_requests_over_http(db, client):
    nonce, request = TimeStamper().request_cms(b"\x01" * 32, "sha256")
    response = _request(client, request.dump())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/timestamp-reply"
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"
    token = reply["time_stamp_token"]["content"]
    info = token["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == b"\x01" * 32
    assert info["nonce"].native == nonce
    tsa_cert = next(
        c.chosen for c in token["certificates"] if TSA_NAME in c.chosen.subject.human_friendly
    )
    assert isinstance(tsa_cert, asn1_x509.Certificate)
    assert tsa_cert.extended_key_usage_value.native == ["time_stamping"]
    assert "CA Demo SOP Surat" in tsa_cert.issuer.human_friendly


def test_the_demo_tsa_refuses_what_is_not_a_timestamp_request(db, client):
    assert _request(client, b"x", content_type="text/plain").status_code == 415
    assert _request(client, b"x" * 5000).status_code == 413
    _nonce, wrong = TimeStamper().request_cms(b"\x01" * 20, "sha256")  # not a SHA-256 hash
    for body in (b"bukan permintaan", wrong.dump()):
        reply = _request(client, body)
        assert reply.status_code == 200
        # TimeStampResp ::= SEQUENCE { status PKIStatusInfo } without a token
        status = tsp.PKIStatusInfo.load(core.Sequence.load(reply.content).contents)
        assert status["status"].native == "rejection"
    assert client.get("/verifikasi/tsa/").status_code == 405


def test_an_external_tsa_at_tsa_url_stamps_the_signature(make_letter, office, settings, httpserver):
    """TSA_URL (BSrE's TSA in production) is asked over HTTP for both time-stamps; here a
    TSA on loopback (the demo TSA's signing code, answering outside the database)."""
    from werkzeug import Response

    from tte import lta

    ensure_key(office["camat"])
    tsa = lta.tsa_demo()
    requests = []

    def answer(request):
        requests.append(request.headers.get("Content-Type"))
        return Response(tsa.jawab(request.get_data()), content_type="application/timestamp-reply")

    httpserver.expect_request("/tsa", method="POST").respond_with_handler(answer)
    settings.TSA_URL = httpserver.url_for("/tsa")
    letter = make_letter("signing")
    letter = actions.sign(letter, versi=letter.versi, by=office["camat"], passphrase=PASSWORD)
    _b_lta_structure(_stored(letter))
    # The signature's and the document's time-stamps (pyHanko first asks once more for
    # each, to size the space it reserves).
    assert len(requests) >= 2 and set(requests) == {"application/timestamp-query"}
