"""A demo certificate authority and demo keys for the demo officials.

Everything made here is labelled DEMO and is NOT legally valid: it lets the office try
the whole signing flow without a BSrE certificate.
"""

from __future__ import annotations

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.urls import reverse

from tte.models import KunciTte, SertifikatInduk, SertifikatTsa

CA_NAME = "CA Demo SOP Surat — TIDAK SAH SECARA HUKUM"
TSA_NAME = "TSA Demo SOP Surat — TIDAK SAH SECARA HUKUM"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DEMO SOP Surat (tidak sah)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _pem_kunci(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def kode_ca(ca: SertifikatInduk) -> str:
    """A stable name of the CA in URLs: its key identifier (SHA-1 of its public key, hex),
    the same whichever database row holds it."""
    cert = x509.load_pem_x509_certificate(ca.pem.encode())
    return x509.SubjectKeyIdentifier.from_public_key(cert.public_key()).digest.hex()


def crl_url(ca: SertifikatInduk) -> str:
    """Where the CA's revocation list is published (empty without SITE_URL)."""
    if not settings.SITE_URL:
        return ""
    return settings.SITE_URL + reverse("verifikasi:crl", args=[kode_ca(ca)])


def _crl_point(ca: SertifikatInduk) -> list[x509.Extension]:
    url = crl_url(ca)
    if not url:
        return []
    point = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(url)],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return [x509.CRLDistributionPoints([point])]


def _issue(ca: SertifikatInduk, subject: str, public_key, *, days: int, eku, content_commitment):
    """A certificate for ``public_key`` signed by ``ca``, naming its CRL."""
    ca_cert = x509.load_pem_x509_certificate(ca.pem.encode())
    ca_key = serialization.load_pem_private_key(ca.kunci_pem.encode(), password=None)
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=content_commitment,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        # RFC 3161: a TSA certificate's only EKU, timeStamping, is critical.
        .add_extension(
            x509.ExtendedKeyUsage([eku]), critical=eku == ExtendedKeyUsageOID.TIME_STAMPING
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    for extension in _crl_point(ca):
        builder = builder.add_extension(extension, critical=False)
    return builder.sign(ca_key, hashes.SHA256()), ca_cert


def demo_tsa() -> SertifikatTsa:
    """The demo time-stamping authority of the demo CA, made on first use (and again when
    its certificate is about to expire)."""
    ca = demo_ca()
    batas = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    existing = ca.tsa.filter(berlaku_sampai__gt=batas).order_by("-berlaku_sampai").first()
    if existing:
        return existing
    key = _key()
    cert, _ca_cert = _issue(
        ca,
        TSA_NAME,
        key.public_key(),
        days=3650,
        eku=ExtendedKeyUsageOID.TIME_STAMPING,
        content_commitment=False,
    )
    return SertifikatTsa.objects.create(
        ca=ca,
        nama=TSA_NAME,
        pem=_pem(cert),
        kunci_pem=_pem_kunci(key),
        berlaku_sampai=cert.not_valid_after_utc,
    )


def demo_ca() -> SertifikatInduk:
    """The demo CA, made on first use."""
    existing = SertifikatInduk.objects.filter(demo=True).exclude(kunci_pem="").first()
    if existing:
        return existing
    key = _key()
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(CA_NAME))
        .issuer_name(_name(CA_NAME))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SertifikatInduk.objects.create(
        nama=CA_NAME,
        demo=True,
        pem=_pem(cert),
        kunci_pem=_pem_kunci(key),
    )


def issue_demo_key(user, passphrase: str) -> KunciTte:
    """A demo certificate for ``user``, signed by the demo CA, locked with ``passphrase``."""
    ca = demo_ca()
    key = _key()
    subject = f"{user.nama_bergelar or user.username} (DEMO)"
    cert, ca_cert = _issue(
        ca,
        subject,
        key.public_key(),
        days=730,
        eku=ExtendedKeyUsageOID.EMAIL_PROTECTION,
        content_commitment=True,
    )
    p12 = pkcs12.serialize_key_and_certificates(
        name=subject.encode(),
        key=key,
        cert=cert,
        cas=[ca_cert],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )
    kunci, _ = KunciTte.objects.update_or_create(
        user=user,
        defaults={
            "p12": p12,
            "subjek": subject,
            "nomor_seri": format(cert.serial_number, "x"),
            "berlaku_sampai": cert.not_valid_after_utc,
            "demo": True,
        },
    )
    return kunci
