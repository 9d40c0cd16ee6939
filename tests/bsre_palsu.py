"""A fake BSrE signing API, v1 or v2, on pytest-httpserver's loopback server.

It answers the way BSrE's API documents (see ``tte/bsre.py``) and signs for real with
the camat's demo key, so a letter signed through it is a valid PAdES PDF. ``mode`` makes
it misbehave; ``jeda`` (seconds) makes it slow.
"""

from __future__ import annotations

import base64
import json
import re
import time

from werkzeug import Request, Response

from tests.conftest import PASSWORD
from tte.lokal import LocalBackend

USERNAME, SANDI = "sop", "rahasia"
AUTH = "Basic " + base64.b64encode(f"{USERNAME}:{SANDI}".encode()).decode()
PASSPHRASE = "passphrase-bsre"
NIK_AKTIF = "3516000000000001"
NIK_TIDAK_TERDAFTAR = "3516000000000002"
# NIK → the certificate status BSrE reports for it (status_code, status).
STATUS = {
    NIK_AKTIF: (1111, "ISSUE"),
    NIK_TIDAK_TERDAFTAR: (1110, "NOT_REGISTERED"),
    "3516000000000003": (1112, "EXPIRED"),
    "3516000000000004": (1113, "REVOKED"),
    "3516000000000005": (1114, "SUSPEND"),
}
NIK_DENGAN_STATUS = {status: nik for nik, (_code, status) in STATUS.items()}

JALAN = {
    "v1": {
        "status": ("GET", re.compile(r"^/api/user/status/(\d+)$")),
        "sign": ("POST", re.compile(r"^/api/sign/pdf$")),
        "verify": ("POST", re.compile(r"^/api/sign/verify$")),
    },
    "v2": {
        "status": ("POST", re.compile(r"^/api/v2/user/check/status$")),
        "sign": ("POST", re.compile(r"^/api/v2/sign/pdf$")),
        "verify": ("POST", re.compile(r"^/api/v2/verify/pdf$")),
    },
}


def tanda_tangani(pdf: bytes, signer) -> bytes:
    """Sign ``pdf`` as BSrE would, with ``signer``'s demo key (loaded with its kunci_tte:
    the server thread does not touch the test database)."""
    return LocalBackend().sign(
        pdf, user=signer, passphrase=PASSWORD, reason="BSrE", location="Mojokerto"
    )


def _json(status: int, payload) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json")


class BsrePalsu:
    """Modes: "normal"; "rusak" (500); "sampah" (200, not JSON); "terkunci" (signing
    refused: account locked); "file_rusak" (v2: 200 without a PDF in ``file``);
    "versi_lain" (signing answered in the other version's shape). ``jeda``: seconds each
    answer waits, or a dict of waits per endpoint ("status", "sign", "verify")."""

    def __init__(self, httpserver, versi: str, signer):
        self.versi, self.signer = versi, signer
        self.mode = "normal"
        self.jeda: float | dict = 0.0
        self.requests: list[tuple[str, str]] = []  # (endpoint, path)
        self.bodies: dict[str, object] = {}  # endpoint → the last request's parsed body
        httpserver.no_handler_status_code = 404
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self.jawab)

    def jawab(self, request: Request) -> Response:
        endpoint, nik = self._route(request)
        if endpoint is None:
            return Response("Not Found", status=404)
        self.requests.append((endpoint, request.path))
        jeda = self.jeda.get(endpoint, 0) if isinstance(self.jeda, dict) else self.jeda
        time.sleep(jeda)
        if self.mode == "rusak":
            return _json(500, {"error": "Internal Server Error"})
        if self.mode == "sampah":
            return Response("<html>Bad Gateway</html>", status=200, content_type="text/html")
        if request.headers.get("Authorization") != AUTH:
            return _json(401, {"status_code": 401, "error": "Unauthorized"})
        body = self._body(request)
        self.bodies[endpoint] = body
        if endpoint == "status":
            return self._status(nik or body.get("nik"))
        if endpoint == "verify":
            pdf = body["file"]
            ok = pdf.startswith(b"%PDF-") and b"/ByteRange" in pdf
            return _json(
                200, {"jumlah_signature": int(ok), "summary": "VALID" if ok else "INVALID"}
            )
        return self._sign(body)

    def _route(self, request: Request):
        for endpoint, (method, pattern) in JALAN[self.versi].items():
            if request.method == method and (match := pattern.match(request.path)):
                return endpoint, (match.group(1) if match.groups() else None)
        return None, None

    def _body(self, request: Request) -> dict:
        """The request's fields, the PDF decoded, whatever the version."""
        if self.versi == "v1":
            body = dict(request.form)
            for name, upload in request.files.items():
                body["file"] = upload.read()
                body["upload_name"] = name
            return body
        body = request.get_json(silent=True) or {}
        if isinstance(body.get("file"), list):
            body["file"] = base64.b64decode(body["file"][0])
        elif isinstance(body.get("file"), str):
            body["file"] = base64.b64decode(body["file"])
        return body

    def _status(self, nik):
        code, status = STATUS.get(nik, (1110, "NOT_REGISTERED"))
        return _json(200, {"status_code": code, "status": status, "message": status.title()})

    def _sign(self, body: dict) -> Response:
        if self.mode == "terkunci":
            return _json(423, {"status_code": 2011, "error": "User terkunci"})
        if body.get("nik") != NIK_AKTIF:
            return _json(400, {"status_code": 2021, "error": "User tidak terdaftar"})
        if body.get("passphrase") != PASSPHRASE:
            return _json(400, {"status_code": 2031, "error": "Passphrase anda salah"})
        if self.versi == "v1" and body.get("tampilan") != "invisible":
            return _json(400, {"status_code": 400, "error": "tampilan"})
        if self.versi == "v2" and body["signatureProperties"][0]["tampilan"] != "INVISIBLE":
            return _json(400, {"status_code": 400, "error": "tampilan"})
        if self.mode == "file_rusak":
            return _json(200, {"file": ["bukan pdf"], "time": 12})
        signed = tanda_tangani(body["file"], self.signer)
        if (self.versi == "v2") != (self.mode == "versi_lain"):
            return _json(200, {"file": [base64.b64encode(signed).decode()], "time": 12})
        return Response(signed, status=200, content_type="application/pdf")
