"""Signatures that last: RFC 3161 time-stamps, validation data (DSS) and a document
time-stamp on every electronically signed letter (PAdES B-LTA).

- The signature time-stamp comes from the TSA at ``TSA_URL`` (BSrE's in production) or,
  when that is empty, from the demo TSA of the demo CA, called in-process.
- ``lengkapi`` adds, as incremental updates after the signature, the chain and the
  revocation data (CRLs) of the signer and of the TSA, then a document time-stamp: the
  letter can be validated years later, after the certificates have expired, offline.

A signature from BSrE comes back signed; ``lengkapi`` does the rest here.
"""

from __future__ import annotations

import io
import logging

from asn1crypto import keys, pem, tsp
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import add_validation_info
from pyhanko_certvalidator import ValidationContext

from tte.errors import LayananTteGagal
from tte.models import SertifikatInduk, SertifikatTsa

logger = logging.getLogger(__name__)

# The demo TSA's policy: an OID under the UUID arc (2.25), unique to this application.
KEBIJAKAN_TSA_DEMO = "2.25.237015926343925906585768934093349128390"
HASH_DITERIMA = {"sha256": 32, "sha384": 48, "sha512": 64}
BATAS_WAKTU_TSA = 5  # seconds for each answer of an external TSA (4 requests a signing)
GAGAL = (
    "Cap waktu atau data validasi tanda tangan elektronik tidak dapat ditambahkan. Surat "
    "belum ditandatangani; silakan coba lagi. Bila berulang, hubungi admin."
)


def _cert(text: str) -> asn1_x509.Certificate:
    _type, _headers, der = pem.unarmor(text.encode())
    return asn1_x509.Certificate.load(der)


class TsaDemo(DummyTimeStamper):
    """The demo CA's time-stamping authority (DEMO, not legally valid)."""

    def __init__(self, tsa: SertifikatTsa):
        _type, _headers, der = pem.unarmor(tsa.kunci_pem.encode())
        super().__init__(
            tsa_cert=_cert(tsa.pem),
            tsa_key=keys.PrivateKeyInfo.load(der),
            certs_to_embed=[_cert(tsa.ca.pem)],
        )

    def _build_tst_info(self, message_imprint, dt, req) -> tsp.TSTInfo:
        info = super()._build_tst_info(message_imprint, dt, req)
        info["policy"] = tsp.ObjectIdentifier(KEBIJAKAN_TSA_DEMO)
        return info

    def jawab(self, permintaan: bytes) -> bytes:
        """Answer one DER TimeStampReq (the HTTP endpoint): a granted TimeStampResp, or a
        rejection for a request that is not a well-formed RFC 3161 request."""
        try:
            req = tsp.TimeStampReq.load(permintaan, strict=True)
            imprint = req["message_imprint"]
            algo = imprint["hash_algorithm"]["algorithm"].native
            if HASH_DITERIMA.get(algo) != len(imprint["hashed_message"].native):
                return _tolak("bad_alg")
            if req["version"].native != "v1":
                return _tolak("bad_request")
        except (ValueError, TypeError, KeyError):
            return _tolak("bad_data_format")
        return self.request_tsa_response(req).dump()


def _tolak(alasan: str) -> bytes:
    status = tsp.PKIStatusInfo({"status": "rejection", "fail_info": tsp.PKIFailureInfo({alasan})})
    # TimeStampResp ::= SEQUENCE { status, timeStampToken OPTIONAL }: asn1crypto insists
    # on the token, so the sequence of the status alone is written here.
    inner = status.dump()
    return b"\x30" + bytes([len(inner)]) + inner  # a few bytes: the short length form


# One time-stamper per process and TSA: pyHanko keeps, per instance, the sample token it
# sizes each signature with, so a kept instance asks the TSA twice per signing, not four
# times (the signature's and the document's time-stamps, without their samples).
_PENANDA_WAKTU: dict[str, tuple[object, TimeStamper]] = {}


def _simpan(jenis: str, kunci, buat) -> TimeStamper:
    kunci_lama, penanda = _PENANDA_WAKTU.get(jenis, (None, None))
    if kunci_lama != kunci:
        penanda = buat()
        _PENANDA_WAKTU[jenis] = (kunci, penanda)
    return penanda


def tsa_demo() -> TsaDemo:
    from tte.demo_ca import demo_tsa

    tsa = SertifikatTsa.objects.select_related("ca").get(pk=demo_tsa().pk)
    return _simpan("demo", (tsa.pk, tsa.pem, tsa.ca.pem), lambda: TsaDemo(tsa))


def penanda_waktu() -> TimeStamper:
    """The TSA of this installation: TSA_URL, or the demo TSA in-process."""
    if settings.TSA_URL:
        url = settings.TSA_URL
        return _simpan("http", url, lambda: HTTPTimeStamper(url, timeout=BATAS_WAKTU_TSA))
    return tsa_demo()


def _demo_issuers() -> list:
    return [
        _cert(text).subject
        for text in SertifikatInduk.objects.exclude(kunci_pem="").values_list("pem", flat=True)
    ]


def konteks_validasi(*, ambil: bool = False, **kwargs) -> ValidationContext:
    """Trust: the CAs of this office; revocation data: the CRLs of the CAs held here
    (fetched from the network too when ``ambil``: BSrE's certificates, an external TSA)."""
    from tte.pencabutan import crl_lokal
    from tte.verify import trust_roots

    return ValidationContext(
        trust_roots=trust_roots(),
        crls=crl_lokal(),
        allow_fetching=ambil,
        **kwargs,
    )


def lengkapi(pdf: bytes, *, timestamper: TimeStamper | None = None) -> bytes:
    """Add the validation data (DSS) of the last signature of ``pdf`` and a document
    time-stamp (PAdES B-LTA). Raises LayananTteGagal when the data cannot be had."""
    timestamper = timestamper or penanda_waktu()
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        signature = reader.embedded_signatures[-1]
        ambil = bool(settings.TSA_URL) or signature.signer_cert.issuer not in _demo_issuers()
        context = konteks_validasi(ambil=ambil)
        with_dss = add_validation_info(signature, context, output=io.BytesIO())
        with_dss.seek(0)
        writer = IncrementalPdfFileWriter(with_dss)
        output = signers.PdfTimeStamper(timestamper).timestamp_pdf(
            writer, "sha256", validation_context=konteks_validasi(ambil=ambil)
        )
    except LayananTteGagal:
        raise
    except Exception as exc:  # the TSA down, a chain or a CRL missing: never half-signed
        logger.warning("PAdES LTA data could not be added: %r", exc)
        raise LayananTteGagal(GAGAL) from exc
    return output.getvalue()
