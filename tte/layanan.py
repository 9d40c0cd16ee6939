"""What a signing service is: its interface and the certificate status it reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CertStatus:
    aktif: bool
    pesan: str
    demo: bool = False


class SigningBackend(Protocol):
    cara: str  # the SignedDocument.Cara it produces

    def status(self, user) -> CertStatus: ...

    def sign(self, pdf: bytes, *, user, passphrase: str, reason: str, location: str) -> bytes: ...
