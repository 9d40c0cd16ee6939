"""Is this PDF an unmodified document signed by this office? Who signed it, and when?"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass

from asn1crypto import pem, x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from approvals.models import SertifikatInduk
from letters.models import SignedDocument

# pyHanko logs a traceback for every signature that fails validation: that is an answer
# here, not an error.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)

ASLI, DIUBAH, LAIN, TANPA_TTD, RUSAK = "asli", "diubah", "lain", "tanpa_ttd", "rusak"


@dataclass
class Hasil:
    status: str
    pesan: str
    dokumen: SignedDocument | None = None

    @property
    def sah(self) -> bool:
        return self.status == ASLI


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def trust_roots() -> list[x509.Certificate]:
    roots = []
    for text in SertifikatInduk.objects.values_list("pem", flat=True):
        _type, _headers, der = pem.unarmor(text.encode())
        roots.append(x509.Certificate.load(der))
    return roots


def _ours(digest: str) -> SignedDocument | None:
    return (
        SignedDocument.objects.select_related(
            "letter__agenda", "ditandatangani_oleh", "diunggah_oleh"
        )
        .filter(sha256=digest)
        .first()
    )


def signature_ok(data: bytes) -> bool:
    """Every embedded signature is valid, trusted and covers the whole file."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return False
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    for signature in signatures:
        status = validate_pdf_signature(signature, context)
        if not (status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE):
            return False
    return True


def verify(data: bytes) -> Hasil:
    """Judge an uploaded PDF: the stored hash first, then the signatures inside it."""
    document = _ours(sha256(data))
    if document is not None:
        if not document.elektronik:
            return Hasil(
                ASLI,
                "Dokumen asli: sama persis dengan pindaian surat bertanda tangan "
                "basah yang tersimpan di kantor ini.",
                document,
            )
        if signature_ok(data):
            return Hasil(
                ASLI,
                "Dokumen asli dan tidak berubah sejak ditandatangani secara elektronik.",
                document,
            )
        return Hasil(DIUBAH, "Tanda tangan elektronik dokumen ini tidak sah.", document)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError):
        return Hasil(RUSAK, "Berkas bukan PDF yang dapat dibaca.")
    if not signatures:
        return Hasil(TANPA_TTD, "Dokumen ini tidak memuat tanda tangan elektronik.")
    for signature in signatures:
        start, length = signature.byte_range[2], signature.byte_range[3]
        original = _ours(sha256(data[: start + length]))
        if original is not None:
            return Hasil(
                DIUBAH,
                "Dokumen ini telah diubah setelah ditandatangani: "
                "isinya tidak sama dengan surat yang diterbitkan.",
                original,
            )
    if any(_ours_by_signature(s) for s in signatures):
        return Hasil(DIUBAH, "Dokumen ini telah diubah setelah ditandatangani.")
    return Hasil(
        LAIN,
        "Dokumen ini bertanda tangan elektronik, tetapi bukan surat yang "
        "diterbitkan dan disimpan oleh kantor ini.",
    )


def _ours_by_signature(signature) -> bool:
    """Signed with a certificate from a CA this office trusts, yet not a document we hold:
    an altered copy. Judged by the certificate, which survives any change to the content."""
    issuers = [root.subject for root in trust_roots()]
    try:
        return signature.signer_cert.issuer in issuers
    except (ValueError, KeyError, TypeError):
        return False
