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
    # The CA's current certificate revocation list (DER), for CAs whose key is held here
    # (the demo CA): made again when a certificate is revoked or the list grows old.
    crl = models.BinaryField(_("CRL terakhir (DER)"), blank=True, default=b"", editable=False)
    crl_nomor = models.PositiveIntegerField(_("nomor CRL"), default=0, editable=False)
    crl_terbit = models.DateTimeField(_("CRL terbit"), null=True, blank=True, editable=False)

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


class SertifikatTsa(models.Model):
    """The demo time-stamping authority: its certificate (EKU timeStamping), issued by the
    demo CA, and its key. Used when no TSA_URL is set. DEMO, not legally valid."""

    ca = models.ForeignKey(
        SertifikatInduk, verbose_name=_("CA penerbit"), on_delete=models.CASCADE, related_name="tsa"
    )
    nama = models.CharField(_("nama"), max_length=150)
    pem = models.TextField(_("sertifikat (PEM)"))
    kunci_pem = models.TextField(_("kunci privat (PEM)"), editable=False)
    berlaku_sampai = models.DateTimeField(_("berlaku sampai"))
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat TSA demo")
        verbose_name_plural = _("sertifikat TSA demo")

    def __str__(self):
        return f"{self.nama} (DEMO)"


class SertifikatDicabut(models.Model):
    """A revoked signing certificate. Kept for good: the CA's CRL lists it even after the
    official's key has been replaced, and a signature made after ``dicabut_pada`` is
    refused."""

    class Alasan(models.TextChoices):
        # Values are the names of RFC 5280 CRL reasons (cryptography's x509.ReasonFlags).
        KUNCI_BOCOR = "key_compromise", _("Kunci atau passphrase diketahui orang lain")
        JABATAN_BERUBAH = "affiliation_changed", _("Pindah jabatan atau unit kerja")
        DIGANTI = "superseded", _("Diganti sertifikat baru")
        BERHENTI = "cessation_of_operation", _("Tidak lagi bertugas (pensiun, berhenti)")
        LAIN = "unspecified", _("Alasan lain")

    ca = models.ForeignKey(
        SertifikatInduk,
        verbose_name=_("CA penerbit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dicabut",
        help_text=_("Kosong bila sertifikat bukan terbitan CA di server ini (mis. BSrE)."),
    )
    nomor_seri = models.CharField(_("nomor seri"), max_length=80)
    subjek = models.CharField(_("subjek sertifikat"), max_length=250)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemilik"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sertifikat_dicabut",
    )
    alasan = models.CharField(_("alasan"), max_length=30, choices=Alasan.choices)
    catatan = models.CharField(_("catatan"), max_length=250, blank=True)
    dicabut_pada = models.DateTimeField(_("dicabut pada"))
    dicabut_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sertifikat dicabut")
        verbose_name_plural = _("sertifikat dicabut")
        constraints = [
            models.UniqueConstraint(fields=["nomor_seri"], name="tte_dicabut_nomor_seri_unik")
        ]

    def __str__(self):
        return f"{self.subjek} ({self.nomor_seri})"


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

    unduh_pdf_verifikasi = models.BooleanField(
        _("PDF dapat diunduh dari halaman verifikasi"),
        default=False,
        help_text=_(
            "Bila aktif, siapa pun yang memegang kode QR surat dapat mengunduh PDF-nya dari "
            "halaman verifikasi publik. Surat Rahasia dan Terbatas tidak pernah dapat diunduh."
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
