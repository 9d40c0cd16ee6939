from cryptography.hazmat.primitives.serialization import pkcs12
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from approvals.models import (
    Assignment,
    HariLibur,
    KunciTte,
    LangkahSop,
    Position,
    SertifikatInduk,
    SurelKeluar,
    Unit,
    User,
)
from letters.admin import ReadOnlyAdmin


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["position"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Data pegawai"),
            {
                "fields": (
                    "nama",
                    "gelar_depan",
                    "gelar_belakang",
                    "nip",
                    "nik",
                    "pangkat",
                    "golongan",
                )
            },
        ),
        (
            _("Tanda tangan elektronik"),
            {
                "fields": ("tte_ditahan_sampai",),
                "description": _(
                    "Kosongkan untuk membuka penahanan setelah passphrase salah berulang."
                ),
            },
        ),
    )
    list_display = ("username", "nama_bergelar", "nip", "pangkat", "golongan", "is_active")
    search_fields = ("username", "nama", "nip")
    inlines = [AssignmentInline]


class LangkahSopInline(admin.TabularInline):
    model = LangkahSop
    extra = 0
    fields = ("nomor", "pelaksana", "kegiatan", "mutu_baku", "output", "status_surat")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    inlines = [LangkahSopInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "penandatangan_an" in form.base_fields:
            field = form.base_fields["penandatangan_an"]
            # Only positions of this unit's own tree may sign a.n. its head.
            field.queryset = (
                Position.objects.filter(unit__instansi_id=obj.instansi_id)
                if obj is not None
                else Position.objects.none()
            )
        return form

    list_display = ("nama", "jenis", "induk", "kode_unit", "pola_nomor", "seri_nomor")
    list_filter = ("jenis",)
    search_fields = ("nama", "kode_unit")
    list_select_related = ("induk",)
    filter_horizontal = ("penandatangan_an",)
    fieldsets = (
        (None, {"fields": ("nama", "jenis", "induk")}),
        (_("Penomoran surat"), {"fields": ("kode_unit", "pola_nomor", "seri_nomor")}),
        (
            _("Kop surat"),
            {
                "fields": (
                    "nama_pemerintah",
                    "tempat",
                    "alamat",
                    "telepon",
                    "email",
                    "laman",
                    "kode_pos",
                    "logo",
                )
            },
        ),
        (
            _("Jam kerja dan tanda tangan"),
            {
                "fields": (
                    "hitung_jam_kerja",
                    ("jam_masuk", "jam_pulang"),
                    "hari_kerja",
                    "metode_ttd",
                    "layanan_tte",
                    "penandatangan_an",
                )
            },
        ),
        (
            _("Tata letak dokumen"),
            {
                "fields": (
                    "ukuran_kertas",
                    "huruf",
                    "ukuran_huruf",
                    ("margin_atas", "margin_bawah", "margin_kiri", "margin_kanan"),
                )
            },
        ),
    )


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("nama", "unit", "peran", "atasan")
    list_filter = ("peran", "unit")
    search_fields = ("nama",)
    list_select_related = ("unit", "atasan")
    autocomplete_fields = ["atasan"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "position", "jenis", "mulai", "selesai")
    list_filter = ("jenis", "position__peran")
    search_fields = ("user__username", "user__nama", "position__nama")
    list_select_related = ("user", "position")
    autocomplete_fields = ["user", "position"]
    date_hierarchy = "mulai"


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


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ("tanggal", "nama")
    date_hierarchy = "tanggal"
    search_fields = ("nama",)


@admin.register(SurelKeluar)
class SurelKeluarAdmin(ReadOnlyAdmin):
    """The e-mail outbox, read-only: what was sent, what waits, and why it failed."""

    list_display = (
        "dibuat",
        "kepada",
        "subjek",
        "status",
        "percobaan",
        "coba_lagi_pada",
        "terkirim_pada",
        "galat_singkat",
    )
    list_filter = ("status",)
    search_fields = ("kepada", "subjek")
    date_hierarchy = "dibuat"
    actions = ["kirim_ulang"]

    @admin.display(description=_("galat terakhir"))
    def galat_singkat(self, obj):
        return obj.galat_terakhir[:120]

    def has_kirim_ulang_permission(self, request):
        return request.user.has_perm("approvals.view_surelkeluar")

    @admin.action(
        description=_("Kirim ulang surel terpilih yang belum terkirim"),
        permissions=["kirim_ulang"],
    )
    def kirim_ulang(self, request, queryset):
        from approvals import outbox

        jumlah = outbox.kirim_ulang(queryset)
        transaction.on_commit(outbox.jadwalkan_pengiriman, robust=True)
        self.message_user(
            request,
            _("%(n)d surel dimasukkan kembali ke antrean dan segera dikirim.") % {"n": jumlah},
        )
