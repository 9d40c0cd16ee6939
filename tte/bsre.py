"""Client of a BSrE-style signing API (v1), as a signing backend.

Contract (what the tests' local server implements):
- ``GET  /api/user/status/{nik}`` → JSON ``{"status_code", "status", "message"}``;
  ``status`` "ISSUE" means the certificate is active.
- ``POST /api/sign/pdf`` (multipart: file, nik, passphrase, tampilan, image, linkQR, page,
  xAxis, yAxis, width, height, reason, location) → the signed PDF, or JSON
  ``{"status_code", "error"}`` with an HTTP error status.
- ``POST /api/sign/verify`` (multipart: signed_file) → JSON report.
All with HTTP Basic auth. A slow or absent service never hangs a page: every call has a
timeout and turns any failure into a clear Indonesian message.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.conf import settings

from tte.errors import LayananTteGagal, PassphraseSalah, SertifikatTidakAktif
from tte.layanan import CertStatus

WRONG_PASSPHRASE = {2031}
NOT_REGISTERED = {1110, 2021}
DOWN = "Layanan TTE BSrE sedang tidak dapat dihubungi. Surat tetap menunggu tanda tangan; "
DOWN += "silakan coba lagi beberapa saat lagi."


@dataclass
class BsreBackend:
    url: str
    username: str
    password: str
    timeout: float = 30.0
    cara = "bsre"

    @classmethod
    def from_settings(cls) -> BsreBackend:
        if not settings.BSRE_URL:
            raise LayananTteGagal("Layanan TTE BSrE belum dikonfigurasi (BSRE_URL).")
        return cls(
            settings.BSRE_URL.rstrip("/"),
            settings.BSRE_USERNAME,
            settings.BSRE_PASSWORD,
            settings.BSRE_TIMEOUT,
        )

    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        try:
            return requests.request(
                method,
                f"{self.url}{path}",
                auth=(self.username, self.password),
                timeout=(min(5.0, self.timeout), self.timeout),
                **kwargs,
            )
        except requests.RequestException as exc:
            raise LayananTteGagal(DOWN) from exc

    @staticmethod
    def _nik(user) -> str:
        nik = user.nik
        if not nik:
            raise SertifikatTidakAktif(
                "NIK Anda untuk layanan TTE BSrE belum diisi. Hubungi admin."
            )
        return nik

    def status(self, user) -> CertStatus:
        try:
            nik = self._nik(user)
        except SertifikatTidakAktif as exc:
            return CertStatus(False, exc.message)
        response = self._request("GET", f"/api/user/status/{nik}")
        data = _json(response)
        if response.status_code >= 500 or data is None:
            raise LayananTteGagal(DOWN)
        if data.get("status") == "ISSUE":
            return CertStatus(True, data.get("message") or "Sertifikat elektronik aktif.")
        if data.get("status_code") in NOT_REGISTERED or data.get("status") == "NOT_REGISTERED":
            return CertStatus(False, "NIK Anda belum terdaftar pada layanan TTE BSrE.")
        return CertStatus(
            False,
            f"Sertifikat elektronik Anda tidak aktif "
            f"({data.get('status') or data.get('message') or 'tidak diketahui'}).",
        )

    def sign(self, pdf: bytes, *, user, passphrase: str, reason: str, location: str) -> bytes:
        data = {
            "nik": self._nik(user),
            "passphrase": passphrase,
            "tampilan": "invisible",
            "reason": reason,
            "location": location,
        }
        response = self._request(
            "POST",
            "/api/sign/pdf",
            data=data,
            files={"file": ("surat.pdf", pdf, "application/pdf")},
        )
        if response.status_code == 200 and response.content.startswith(b"%PDF-"):
            return response.content
        error = _json(response) or {}
        code = error.get("status_code")
        if code in WRONG_PASSPHRASE:
            raise PassphraseSalah()
        if code in NOT_REGISTERED:
            raise SertifikatTidakAktif("NIK Anda belum terdaftar pada layanan TTE BSrE.")
        if response.status_code >= 500 or not error:
            raise LayananTteGagal(DOWN)
        raise LayananTteGagal(
            f"Layanan TTE BSrE menolak permintaan: "
            f"{error.get('error') or error.get('message') or response.status_code}."
        )

    def verify(self, pdf: bytes) -> dict:
        response = self._request(
            "POST", "/api/sign/verify", files={"signed_file": ("surat.pdf", pdf, "application/pdf")}
        )
        data = _json(response)
        if data is None:
            raise LayananTteGagal(DOWN)
        return data


def _json(response: requests.Response) -> dict | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
