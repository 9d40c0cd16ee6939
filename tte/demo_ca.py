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

from tte.models import KunciTte, SertifikatInduk

CA_NAME = "CA Demo SOP Surat — TIDAK SAH SECARA HUKUM"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DEMO SOP Surat (tidak sah)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


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
        pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        kunci_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    )


def issue_demo_key(user, passphrase: str) -> KunciTte:
    """A demo certificate for ``user``, signed by the demo CA, locked with ``passphrase``."""
    ca = demo_ca()
    ca_cert = x509.load_pem_x509_certificate(ca.pem.encode())
    ca_key = serialization.load_pem_private_key(ca.kunci_pem.encode(), password=None)
    key = _key()
    now = datetime.datetime.now(datetime.UTC)
    subject = f"{user.nama_bergelar or user.username} (DEMO)"
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
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
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
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
