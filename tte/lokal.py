"""Each official's PKCS#12 archive stored on this server (KunciTte), unlocked by the
passphrase typed at signing time, signed here with pyHanko (PAdES), with a signature
time-stamp from the installation's TSA when ``cap_waktu`` (``tte.lta``)."""

from __future__ import annotations

import io

from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from organisasi.tanggal import tanggal
from tte import lta, pencabutan
from tte.errors import PassphraseSalah, SertifikatTidakAktif
from tte.layanan import CertStatus
from tte.models import KunciTte


class LocalBackend:
    cara = "lokal"

    def __init__(self, cap_waktu: bool = False):
        # Without it (the fake BSrE of the tests signs this way) the signature is bare.
        self.cap_waktu = cap_waktu

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
            return CertStatus(
                False,
                "Sertifikat elektronik Anda sudah kedaluwarsa sejak "
                f"{tanggal(timezone.localdate(key.berlaku_sampai))}. Surat tidak dapat "
                "ditandatangani dengan sertifikat ini; hubungi admin untuk sertifikat baru.",
                key.demo,
            )
        if record := pencabutan.dicabut(key.nomor_seri):
            return CertStatus(
                False,
                "Sertifikat elektronik Anda telah dicabut pada "
                f"{tanggal(timezone.localdate(record.dicabut_pada))} "
                f"({record.get_alasan_display().lower()}). Surat tidak dapat ditandatangani "
                "dengan sertifikat ini; hubungi admin untuk sertifikat baru.",
                key.demo,
            )
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
        timestamper = lta.penanda_waktu() if self.cap_waktu else None
        output = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper).sign_pdf(
            writer
        )
        return output.getvalue()
