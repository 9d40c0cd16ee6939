"""Signing keys, trusted certificate authorities and each unit's signing service."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisasi.models import Unit, pengaturan_untuk


class SertifikatInduk(models.Model):
    """A certificate authority whose signatures this office trusts (BSrE root, or the demo CA)."""

    nama = models.CharField(_("nama"), max_length=150)
    pem = models.TextField(_("sertifikat (PEM)"))
    kunci_pem = models.TextField(
        _("kunci privat (PEM)"),
        blank=True,
        editable=False,
        help_text=_("Hanya untuk CA demo, yang menerbitkan sertifikat demo pejabat."),
    )
    demo = models.BooleanField(_("demo, tidak sah secara hukum"), default=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat induk (CA)")
        verbose_name_plural = _("sertifikat induk (CA)")

    def __str__(self):
        return f"{self.nama}{' (DEMO)' if self.demo else ''}"


class KunciTte(models.Model):
    """An official's signing key: a PKCS#12 archive, locked by the official's passphrase.

    The passphrase is never stored; it is typed at signing time.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kunci_tte"
    )
    p12 = models.BinaryField(_("berkas PKCS#12"), editable=False)
    subjek = models.CharField(_("subjek sertifikat"), max_length=250, editable=False)
    nomor_seri = models.CharField(_("nomor seri"), max_length=80, editable=False)
    berlaku_sampai = models.DateTimeField(_("berlaku sampai"), editable=False)
    demo = models.BooleanField(_("demo, tidak sah secara hukum"), default=False, editable=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kunci TTE pejabat")
        verbose_name_plural = _("kunci TTE pejabat")

    def __str__(self):
        return f"{self.user} — {self.subjek}"


def versi_api_bsre_bawaan() -> str:
    """A new unit starts with the installation's BSrE API version (BSRE_API_VERSI)."""
    return settings.BSRE_API_VERSI


class PengaturanTte(models.Model):
    """Which signing service a unit's officials use (made when the unit is)."""

    class LayananTte(models.TextChoices):
        LOKAL = "lokal", _("Kunci PKCS#12 di server")
        BSRE = "bsre", _("API BSrE")

    class VersiApiBsre(models.TextChoices):
        V1 = "v1", _("API v1")
        V2 = "v2", _("API v2")

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("unit"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="pengaturan_tte",
    )
    layanan_tte = models.CharField(
        _("layanan TTE"),
        max_length=10,
        choices=LayananTte.choices,
        default=LayananTte.LOKAL,
        help_text=_("Kunci PKCS#12 tiap pejabat di server ini, atau API penandatanganan BSrE."),
    )
    versi_api_bsre = models.CharField(
        _("versi API BSrE"),
        max_length=2,
        choices=VersiApiBsre.choices,
        default=versi_api_bsre_bawaan,
        help_text=_(
            "Dipakai bila layanan TTE unit ini API BSrE. Bawaannya diambil dari BSRE_API_VERSI "
            "(v1 bila tidak diisi, agar pemasangan lama tetap berjalan); pilih v2 bila BSrE "
            "sudah memberi akses API v2."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan TTE")
        verbose_name_plural = _("pengaturan TTE")

    def __str__(self):
        return str(self.unit)


def pengaturan_tte(unit: Unit) -> PengaturanTte:
    """The signing settings of ``unit`` (made with the defaults if it has none yet)."""
    return pengaturan_untuk(unit, PengaturanTte, "pengaturan_tte")
