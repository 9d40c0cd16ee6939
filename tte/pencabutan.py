"""Revoking an official's signing certificate, and the demo CA's revocation list (CRL).

A revoked certificate is kept in ``SertifikatDicabut`` for good: the CRL lists it even
after the official's key has been replaced. A letter signed and time-stamped before the
revocation stays valid; signing after it is refused.
"""

from __future__ import annotations

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.db import transaction
from django.utils import timezone

from tte.models import KunciTte, SertifikatDicabut, SertifikatInduk

# A CRL says when the next one is due; it is made again well before that, and at once
# when a certificate is revoked.
CRL_BERLAKU = datetime.timedelta(days=7)
CRL_DIPERBARUI = datetime.timedelta(days=1)


def dicabut(nomor_seri: str) -> SertifikatDicabut | None:
    """The revocation of the certificate with this serial number (hex), if any."""
    return SertifikatDicabut.objects.filter(nomor_seri=nomor_seri.lower()).first()


@transaction.atomic
def cabut(kunci: KunciTte, *, alasan: str, oleh=None, catatan: str = "") -> SertifikatDicabut:
    """Revoke the certificate of ``kunci`` now. Revoking twice keeps the first record."""
    from tte.demo_ca import demo_ca

    existing = dicabut(kunci.nomor_seri)
    if existing:
        return existing
    ca = demo_ca() if kunci.demo else None
    record = SertifikatDicabut.objects.create(
        ca=ca,
        nomor_seri=kunci.nomor_seri.lower(),
        subjek=kunci.subjek,
        user=kunci.user,
        alasan=alasan,
        catatan=catatan,
        dicabut_pada=timezone.now(),
        dicabut_oleh=oleh,
    )
    if ca is not None:
        terbitkan_crl(SertifikatInduk.objects.select_for_update().get(pk=ca.pk))
    return record


def terbitkan_crl(ca: SertifikatInduk) -> bytes:
    """Make and store a new CRL of ``ca`` (a CA whose key is held here)."""
    ca_cert = x509.load_pem_x509_certificate(ca.pem.encode())
    ca_key = serialization.load_pem_private_key(ca.kunci_pem.encode(), password=None)
    now = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    nomor = ca.crl_nomor + 1
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now)
        .next_update(now + CRL_BERLAKU)
        .add_extension(x509.CRLNumber(nomor), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
    )
    for record in ca.dicabut.order_by("dicabut_pada"):
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(int(record.nomor_seri, 16))
            .revocation_date(record.dicabut_pada)
        )
        if record.alasan != SertifikatDicabut.Alasan.LAIN:
            entry = entry.add_extension(
                x509.CRLReason(x509.ReasonFlags[record.alasan]), critical=False
            )
        builder = builder.add_revoked_certificate(entry.build())
    der = builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
    ca.crl, ca.crl_nomor, ca.crl_terbit = der, nomor, now
    ca.save(update_fields=["crl", "crl_nomor", "crl_terbit"])
    return der


def crl(ca: SertifikatInduk) -> bytes:
    """The current CRL of ``ca`` (DER), made again when missing or growing old."""
    now = timezone.now()
    terbit = ca.crl_terbit
    if not ca.crl or terbit is None or terbit > now or now - terbit >= CRL_DIPERBARUI:
        with transaction.atomic():
            locked = SertifikatInduk.objects.select_for_update().get(pk=ca.pk)
            return terbitkan_crl(locked)
    return bytes(ca.crl)


def crl_lokal() -> list[bytes]:
    """The current CRL of every CA whose key is held here (the demo CA)."""
    return [crl(ca) for ca in SertifikatInduk.objects.exclude(kunci_pem="")]
