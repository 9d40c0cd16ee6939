from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from organisasi.models import Assignment, HariLibur, Position, Unit, User


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


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """The unit's own data. The apps above add their per-unit settings as inlines
    (approvals.admin registers the complete form)."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "penandatangan_an" in form.base_fields:
            field = form.base_fields["penandatangan_an"]
            # Only positions of this unit's own tree may sign a.n. its head.
            field.queryset = (
                Position.objects.di_instansi(obj.instansi_id)
                if obj is not None
                else Position.objects.none()
            )
        return form

    list_display = ("nama", "jenis", "induk", "instansi")
    list_filter = ("jenis",)
    search_fields = ("nama",)
    list_select_related = ("induk",)
    filter_horizontal = ("penandatangan_an",)
    fieldsets = (
        (None, {"fields": ("nama", "jenis", "induk")}),
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
                    "penandatangan_an",
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


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ("tanggal", "nama")
    date_hierarchy = "tanggal"
    search_fields = ("nama",)
