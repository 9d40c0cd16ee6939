"""What can go wrong when signing: each is an SOPError, its message for the user."""

from letters.errors import SOPError


class PassphraseSalah(SOPError):
    def __init__(self, sisa: int | None = None):
        message = "Passphrase salah. Surat belum ditandatangani; silakan coba lagi."
        if sisa is not None:
            message += f" Sisa {sisa} kali percobaan sebelum penandatanganan ditahan sementara."
        super().__init__(message)


class SertifikatTidakAktif(SOPError):
    """The signer has no usable certificate (missing, expired, revoked, not registered)."""


class LayananTteGagal(SOPError):
    """The signing service is slow, down or answered something unexpected."""
