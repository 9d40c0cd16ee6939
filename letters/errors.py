class SOPError(Exception):
    """A business rule refused an action; the message is Indonesian and shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
