from cryptography.hazmat.primitives.serialization import pkcs12
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tte.models import KunciTte, PengaturanTte, SertifikatInduk


class PengaturanTteInline(admin.StackedInline):
    """Shown inside the unit's admin page (approvals.admin)."""

    model = PengaturanTte
    can_delete = False
    fields = ("layanan_tte", "versi_api_bsre")


class KunciTteForm(forms.ModelForm):
    """Upload an official's PKCS#12; the passphrase only opens it once to read the
    certificate and is not stored."""

    berkas = forms.FileField(label=_("Berkas PKCS#12 (.p12/.pfx)"))
    passphrase = forms.CharField(
        label=_("Passphrase"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    class Meta:
        model = KunciTte
        fields = ["user"]

    def clean(self):
        data = super().clean()
        upload = data.get("berkas")
        if upload is None or not data.get("passphrase"):
            return data
        if upload.size > 100 * 1024:
            raise forms.ValidationError(_("Berkas PKCS#12 terlalu besar."))
        raw = upload.read()
        try:
            key, cert, _extra = pkcs12.load_key_and_certificates(raw, data["passphrase"].encode())
        except ValueError as exc:
            raise forms.ValidationError(
                _("Berkas bukan PKCS#12 yang sah atau passphrase salah.")
            ) from exc
        if key is None or cert is None:
            raise forms.ValidationError(_("Berkas PKCS#12 harus memuat kunci dan sertifikat."))
        self.instance.p12 = raw
        self.instance.subjek = cert.subject.rfc4514_string()[:250]
        self.instance.nomor_seri = format(cert.serial_number, "x")
        self.instance.berlaku_sampai = cert.not_valid_after_utc
        return data


@admin.register(KunciTte)
class KunciTteAdmin(admin.ModelAdmin):
    form = KunciTteForm
    list_display = ("user", "subjek", "berlaku_sampai", "demo")
    list_select_related = ("user",)
    autocomplete_fields = ["user"]


@admin.register(SertifikatInduk)
class SertifikatIndukAdmin(admin.ModelAdmin):
    list_display = ("nama", "demo", "dibuat")
    fields = ("nama", "pem")
