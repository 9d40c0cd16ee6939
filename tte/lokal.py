"""Each official's PKCS#12 archive stored on this server (KunciTte), unlocked by the
passphrase typed at signing time, signed here with pyHanko (PAdES)."""

from __future__ import annotations

import io

from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from tte.errors import PassphraseSalah, SertifikatTidakAktif
from tte.layanan import CertStatus
from tte.models import KunciTte


class LocalBackend:
    cara = "lokal"

    def _key(self, user) -> KunciTte:
        try:
            return user.kunci_tte
        except KunciTte.DoesNotExist as exc:
            raise SertifikatTidakAktif(
                "Anda belum memiliki sertifikat elektronik di sistem ini. Hubungi admin."
            ) from exc

    def status(self, user) -> CertStatus:
        try:
            key = self._key(user)
        except SertifikatTidakAktif as exc:
            return CertStatus(False, exc.message)
        if key.berlaku_sampai <= timezone.now():
            return CertStatus(False, "Sertifikat elektronik Anda sudah kedaluwarsa.", key.demo)
        return CertStatus(True, "Sertifikat elektronik aktif.", key.demo)

    def sign(self, pdf: bytes, *, user, passphrase: str, reason: str, location: str) -> bytes:
        key = self._key(user)
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(
                bytes(key.p12), other_certs=[], passphrase=passphrase.encode()
            )
        except ValueError as exc:  # pyHanko's answer to a wrong passphrase
            raise PassphraseSalah() from exc
        metadata = signers.PdfSignatureMetadata(
            field_name="TTE",
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
            location=location,
            name=user.nama_bergelar or user.username,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        output = signers.PdfSigner(metadata, signer=signer).sign_pdf(writer)
        return output.getvalue()
