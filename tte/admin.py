from cryptography.hazmat.primitives.serialization import pkcs12
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from tte import pencabutan
from tte.demo_ca import issue_demo_key
from tte.models import KunciTte, PengaturanTte, SertifikatDicabut, SertifikatInduk, SertifikatTsa


class PengaturanTteInline(admin.StackedInline):
    """Shown inside the unit's admin page (approvals.admin)."""

    model = PengaturanTte
    can_delete = False
    fields = ("layanan_tte", "versi_api_bsre", "unduh_pdf_verifikasi")


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


class CabutForm(forms.Form):
    alasan = forms.ChoiceField(
        label=_("Alasan pencabutan"), choices=SertifikatDicabut.Alasan.choices
    )
    catatan = forms.CharField(label=_("Catatan"), max_length=250, required=False)


class KunciBaruForm(forms.Form):
    """The new demo key's passphrase, typed here and handed to the official."""

    passphrase = forms.CharField(
        label=_("Passphrase kunci baru"),
        min_length=8,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Sampaikan kepada pejabat yang bersangkutan secara langsung."),
    )
    ulangi = forms.CharField(
        label=_("Ulangi passphrase"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def clean(self):
        data = super().clean()
        if data.get("passphrase") and data.get("passphrase") != data.get("ulangi"):
            raise forms.ValidationError(_("Kedua passphrase tidak sama."))
        return data


@admin.register(KunciTte)
class KunciTteAdmin(admin.ModelAdmin):
    form = KunciTteForm
    list_display = ("user", "subjek", "berlaku_sampai", "demo", "dicabut")
    list_select_related = ("user",)
    autocomplete_fields = ["user"]
    actions = ["cabut_sertifikat", "terbitkan_kunci_demo_baru"]

    def get_queryset(self, request):
        revoked = SertifikatDicabut.objects.filter(nomor_seri=OuterRef("nomor_seri"))
        return super().get_queryset(request).annotate(sudah_dicabut=Exists(revoked))

    @admin.display(description=_("dicabut"), boolean=True)
    def dicabut(self, obj):
        return obj.sudah_dicabut

    def _form_page(self, request, queryset, form, title, action, button):
        return TemplateResponse(
            request,
            "admin/tte/kuncitte/aksi.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": action,
                "button": button,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Cabut sertifikat terpilih"), permissions=["change"])
    def cabut_sertifikat(self, request, queryset):
        form = CabutForm(request.POST if "konfirmasi" in request.POST else None)
        if not form.is_valid():
            return self._form_page(
                request,
                queryset,
                form,
                _("Cabut sertifikat elektronik"),
                "cabut_sertifikat",
                _("Cabut sertifikat"),
            )
        for kunci in queryset.select_related("user"):
            pencabutan.cabut(
                kunci,
                alasan=form.cleaned_data["alasan"],
                catatan=form.cleaned_data["catatan"],
                oleh=request.user,
            )
        self.message_user(
            request,
            _(
                "%(n)d sertifikat dicabut. Surat yang sudah ditandatangani sebelumnya tetap sah; "
                "pejabat memerlukan kunci baru untuk menandatangani lagi."
            )
            % {"n": queryset.count()},
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=_("Terbitkan kunci demo baru (TIDAK SAH SECARA HUKUM)"), permissions=["change"]
    )
    def terbitkan_kunci_demo_baru(self, request, queryset):
        form = KunciBaruForm(request.POST if "konfirmasi" in request.POST else None)
        if not form.is_valid():
            return self._form_page(
                request,
                queryset,
                form,
                _("Terbitkan kunci demo baru"),
                "terbitkan_kunci_demo_baru",
                _("Terbitkan kunci demo"),
            )
        demo = [kunci for kunci in queryset.select_related("user") if kunci.demo]
        for kunci in demo:
            # The old certificate is replaced: revoked as superseded, if not revoked yet.
            pencabutan.cabut(kunci, alasan=SertifikatDicabut.Alasan.DIGANTI, oleh=request.user)
            issue_demo_key(kunci.user, form.cleaned_data["passphrase"])
        if demo:
            self.message_user(
                request,
                _("%(n)d kunci demo baru diterbitkan; sertifikat lama dicabut (diganti).")
                % {"n": len(demo)},
                messages.SUCCESS,
            )
        if len(demo) < queryset.count():
            self.message_user(
                request,
                _(
                    "Kunci yang bukan kunci demo tidak diganti: unggah berkas PKCS#12 baru "
                    "dari BSrE untuk pejabat itu."
                ),
                messages.WARNING,
            )
        return None


@admin.register(SertifikatDicabut)
class SertifikatDicabutAdmin(admin.ModelAdmin):
    """The record of revocations: written by the action on the officials' keys, never
    edited (the CRL is made from it)."""

    list_display = ("subjek", "nomor_seri", "alasan", "dicabut_pada", "dicabut_oleh")
    list_select_related = ("dicabut_oleh",)
    search_fields = ("subjek", "nomor_seri")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SertifikatTsa)
class SertifikatTsaAdmin(admin.ModelAdmin):
    list_display = ("nama", "berlaku_sampai", "dibuat")
    fields = ("nama", "pem", "berlaku_sampai")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(SertifikatInduk)
class SertifikatIndukAdmin(admin.ModelAdmin):
    list_display = ("nama", "demo", "crl_terbit", "dibuat")
    fields = ("nama", "pem")
