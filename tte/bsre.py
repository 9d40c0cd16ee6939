"""Client of BSrE's signing API, versions 1 and 2, as one signing backend.

Both versions share the HTTP Basic auth, the time budget and the reading of errors; they
differ only in the shape of their requests and of a signed answer (``ApiV1``, ``ApiV2``).

v1 (what the tests' fake server implements):
- ``GET  /api/user/status/{nik}`` → JSON ``{"status_code", "status", "message"}``.
- ``POST /api/sign/pdf`` (multipart: file, nik, passphrase, tampilan, reason, location)
  → the signed PDF itself.
- ``POST /api/sign/verify`` (multipart: signed_file) → JSON report.

v2:
- ``POST /api/v2/user/check/status`` JSON ``{"nik"}`` → ``{"status_code", "status", "message"}``.
- ``POST /api/v2/sign/pdf`` JSON ``{"nik", "passphrase", "signatureProperties": [{"tampilan",
  "reason", "location"}], "file": [base64]}`` → ``{"file": [base64 signed PDF], "time"}``.
- ``POST /api/v2/verify/pdf`` JSON ``{"file": base64}`` → JSON report.

Errors, in both: JSON ``{"status_code", "error"}`` (or ``"status"``/``"message"``) with an
HTTP error status. ``status`` "ISSUE" means the certificate is active.

One signing (status check, then signing) has one time budget, ``BSRE_BATAS_WAKTU``
seconds in all, kept below the web worker's timeout: each request gets what is left of
it. A slow, absent or confused service never hangs a page and never yields a half-signed
letter: it becomes a clear Indonesian message, and the letter keeps waiting.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from dataclasses import dataclass, field

import requests
from django.conf import settings
from urllib3.util import Timeout

from letters.errors import SOPError
from tte.errors import LayananTteGagal, PassphraseSalah, SertifikatTidakAktif
from tte.layanan import CertStatus

TUNGGU_LAGI = "Surat tetap menunggu tanda tangan; silakan coba lagi beberapa saat lagi."
DOWN = f"Layanan TTE BSrE sedang tidak dapat dihubungi. {TUNGGU_LAGI}"
TIDAK_MENJAWAB = "Layanan TTE BSrE tidak menjawab dalam {detik} detik. " + TUNGGU_LAGI
TIDAK_TERBACA = "Jawaban layanan TTE BSrE tidak dapat dibaca. " + TUNGGU_LAGI
PERIKSA_VERSI = (
    " Surat belum ditandatangani. Minta admin memeriksa versi API BSrE pada pengaturan TTE unit."
)
DITOLAK_APLIKASI = (
    "Layanan TTE BSrE menolak akun aplikasi ini (BSRE_USERNAME/BSRE_PASSWORD). "
    "Surat belum ditandatangani. Hubungi admin."
)
CONNECT_PALING_LAMA = 5.0  # seconds to open the connection, at most
UKURAN_PALING_BESAR = 50 * 1024 * 1024  # bytes of one answer, at most


@dataclass(frozen=True)
class Arti:
    """What one BSrE status or error code means for the user: the error to raise."""

    galat: type[SOPError]
    pesan: str | None = None  # None: the error's own message (PassphraseSalah)

    def sebagai_galat(self) -> SOPError:
        return self.galat() if self.pesan is None else self.galat(self.pesan)


TIDAK_TERDAFTAR = Arti(SertifikatTidakAktif, "NIK Anda belum terdaftar pada layanan TTE BSrE.")
# BSrE's certificate statuses and error codes, both API versions, in one table.
ARTI: dict[int | str, Arti] = {
    "NOT_REGISTERED": TIDAK_TERDAFTAR,
    1110: TIDAK_TERDAFTAR,
    2021: TIDAK_TERDAFTAR,
    "EXPIRED": Arti(
        SertifikatTidakAktif,
        "Sertifikat elektronik Anda sudah kedaluwarsa. Ajukan pembaruan sertifikat ke BSrE "
        "melalui admin.",
    ),
    "REVOKED": Arti(
        SertifikatTidakAktif,
        "Sertifikat elektronik Anda sudah dicabut oleh BSrE. Ajukan sertifikat baru melalui admin.",
    ),
    "SUSPEND": Arti(
        SertifikatTidakAktif,
        "Sertifikat elektronik Anda sedang dibekukan oleh BSrE. Hubungi admin.",
    ),
    2031: Arti(PassphraseSalah),
    2011: Arti(
        SertifikatTidakAktif,
        "Akun TTE Anda dikunci sementara oleh BSrE karena passphrase salah berulang kali. "
        "Surat belum ditandatangani; silakan coba lagi nanti atau hubungi admin.",
    ),
}


def arti(data: dict) -> Arti | None:
    """The meaning of a BSrE answer's ``status_code`` or ``status``, if it is known."""
    try:
        kode = int(data.get("status_code"))
    except (TypeError, ValueError):
        kode = None
    return ARTI.get(kode) or ARTI.get(str(data.get("status") or "").upper())


@dataclass(frozen=True)
class Jawaban:
    """One HTTP answer, read whole within the time budget."""

    status: int
    isi: bytes

    def json(self) -> dict | None:
        try:
            data = json.loads(self.isi)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    @property
    def pdf(self) -> bool:
        return self.isi.startswith(b"%PDF-")


@dataclass(frozen=True)
class Permintaan:
    method: str
    path: str
    kwargs: dict


class ApiV1:
    versi = "v1"

    @staticmethod
    def status(nik: str) -> Permintaan:
        return Permintaan("GET", f"/api/user/status/{nik}", {})

    @staticmethod
    def sign(pdf: bytes, *, nik, passphrase, reason, location) -> Permintaan:
        data = {
            "nik": nik,
            "passphrase": passphrase,
            "tampilan": "invisible",
            "reason": reason,
            "location": location,
        }
        files = {"file": ("surat.pdf", pdf, "application/pdf")}
        return Permintaan("POST", "/api/sign/pdf", {"data": data, "files": files})

    @staticmethod
    def verify(pdf: bytes) -> Permintaan:
        files = {"signed_file": ("surat.pdf", pdf, "application/pdf")}
        return Permintaan("POST", "/api/sign/verify", {"files": files})

    @staticmethod
    def signed_pdf(jawaban: Jawaban) -> bytes | None:
        """The signed PDF in a 200 answer; raises when it is another version's answer."""
        if jawaban.pdf:
            return jawaban.isi
        if "file" in (jawaban.json() or {}):
            raise bentuk_versi_lain("v1")
        return None


class ApiV2:
    versi = "v2"

    @staticmethod
    def status(nik: str) -> Permintaan:
        return Permintaan("POST", "/api/v2/user/check/status", {"json": {"nik": nik}})

    @staticmethod
    def sign(pdf: bytes, *, nik, passphrase, reason, location) -> Permintaan:
        body = {
            "nik": nik,
            "passphrase": passphrase,
            "signatureProperties": [
                {"tampilan": "INVISIBLE", "reason": reason, "location": location}
            ],
            "file": [base64.b64encode(pdf).decode("ascii")],
        }
        return Permintaan("POST", "/api/v2/sign/pdf", {"json": body})

    @staticmethod
    def verify(pdf: bytes) -> Permintaan:
        body = {"file": base64.b64encode(pdf).decode("ascii")}
        return Permintaan("POST", "/api/v2/verify/pdf", {"json": body})

    @staticmethod
    def signed_pdf(jawaban: Jawaban) -> bytes | None:
        if jawaban.pdf:
            raise bentuk_versi_lain("v2")
        files = (jawaban.json() or {}).get("file")
        if not isinstance(files, list) or not files or not isinstance(files[0], str):
            return None
        try:
            pdf = base64.b64decode(files[0], validate=True)
        except (binascii.Error, ValueError):
            return None
        return pdf if pdf.startswith(b"%PDF-") else None


API = {api.versi: api for api in (ApiV1, ApiV2)}


def bentuk_versi_lain(versi: str) -> LayananTteGagal:
    """A 200 answer shaped like the other version's: the unit's setting is wrong."""
    lain = "v2" if versi == "v1" else "v1"
    return LayananTteGagal(
        f"Layanan TTE BSrE menjawab dalam bentuk API {lain}, sedangkan unit ini memakai "
        f"API {versi}." + PERIKSA_VERSI
    )


@dataclass
class BsreBackend:
    """BSrE's API in version ``versi``. One instance serves one signing: its time budget
    starts with its first request and covers every request after it."""

    url: str
    username: str
    password: str
    versi: str = "v1"
    batas_waktu: float = 20.0
    cara = "bsre"
    _sampai: float | None = field(default=None, init=False, repr=False)

    @classmethod
    def from_settings(cls, versi: str | None = None) -> BsreBackend:
        if not settings.BSRE_URL:
            raise LayananTteGagal("Layanan TTE BSrE belum dikonfigurasi (BSRE_URL).")
        return cls(
            settings.BSRE_URL.rstrip("/"),
            settings.BSRE_USERNAME,
            settings.BSRE_PASSWORD,
            versi or settings.BSRE_API_VERSI,
            settings.BSRE_BATAS_WAKTU,
        )

    @property
    def api(self) -> type[ApiV1] | type[ApiV2]:
        return API[self.versi]

    def _tidak_menjawab(self) -> LayananTteGagal:
        detik = format(self.batas_waktu, "g").replace(".", ",")
        return LayananTteGagal(TIDAK_MENJAWAB.format(detik=detik))

    def _kirim(self, permintaan: Permintaan) -> Jawaban:
        """Send one request with what is left of the budget, and read the whole answer."""
        if self._sampai is None:
            self._sampai = time.monotonic() + self.batas_waktu
        sisa = self._sampai - time.monotonic()
        if sisa <= 0:
            raise self._tidak_menjawab()
        try:
            with requests.request(
                permintaan.method,
                f"{self.url}{permintaan.path}",
                auth=(self.username, self.password),
                # total: connecting and waiting for the answer together stay within sisa.
                timeout=Timeout(connect=min(CONNECT_PALING_LAMA, sisa), read=sisa, total=sisa),
                stream=True,
                **permintaan.kwargs,
            ) as response:
                isi = bytearray()
                for potongan in response.iter_content(64 * 1024):
                    isi += potongan
                    if time.monotonic() > self._sampai:  # a trickling answer
                        raise self._tidak_menjawab()
                    if len(isi) > UKURAN_PALING_BESAR:
                        raise LayananTteGagal(TIDAK_TERBACA)
                return Jawaban(response.status_code, bytes(isi))
        except requests.RequestException as exc:
            if isinstance(exc, requests.ReadTimeout) or time.monotonic() >= self._sampai:
                raise self._tidak_menjawab() from exc
            raise LayananTteGagal(DOWN) from exc

    def _galat(self, jawaban: Jawaban) -> SOPError:
        """The error an answer that is not what was asked for stands for."""
        data = jawaban.json()
        if data is not None and (makna := arti(data)):
            return makna.sebagai_galat()
        if jawaban.status in (401, 403):
            return LayananTteGagal(DITOLAK_APLIKASI)
        if jawaban.status in (404, 405):
            lain = "v2" if self.versi == "v1" else "v1"
            return LayananTteGagal(
                f"Layanan TTE BSrE tidak mengenal alamat API {self.versi} yang dipakai unit "
                f"ini; mungkin layanan itu memakai API {lain}." + PERIKSA_VERSI
            )
        if jawaban.status >= 500 or data is None:
            return LayananTteGagal(DOWN)
        if jawaban.status == 200:
            return LayananTteGagal(TIDAK_TERBACA)
        alasan = data.get("error") or data.get("message") or f"HTTP {jawaban.status}"
        return LayananTteGagal(f"Layanan TTE BSrE menolak permintaan: {alasan}.")

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
        jawaban = self._kirim(self.api.status(nik))
        data = jawaban.json()
        if jawaban.status == 200 and data is not None and data.get("status"):
            keadaan = str(data["status"]).upper()
            if keadaan == "ISSUE":
                return CertStatus(True, "Sertifikat elektronik aktif.")
            if makna := arti(data):
                return CertStatus(False, makna.sebagai_galat().message)
            return CertStatus(False, f"Sertifikat elektronik Anda tidak aktif ({keadaan}).")
        galat = self._galat(jawaban)
        if isinstance(galat, LayananTteGagal):
            raise galat
        return CertStatus(False, galat.message)

    def sign(self, pdf: bytes, *, user, passphrase: str, reason: str, location: str) -> bytes:
        permintaan = self.api.sign(
            pdf, nik=self._nik(user), passphrase=passphrase, reason=reason, location=location
        )
        jawaban = self._kirim(permintaan)
        if jawaban.status == 200 and (signed := self.api.signed_pdf(jawaban)) is not None:
            return signed
        raise self._galat(jawaban)

    def verify(self, pdf: bytes) -> dict:
        jawaban = self._kirim(self.api.verify(pdf))
        data = jawaban.json()
        if jawaban.status != 200 or data is None:
            raise self._galat(jawaban)
        return data
