from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from approvals.models import Assignment, Position, Unit, User


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
            {"fields": ("nama", "gelar_depan", "gelar_belakang", "nip", "pangkat", "golongan")},
        ),
    )
    list_display = ("username", "nama_bergelar", "nip", "pangkat", "golongan", "is_active")
    search_fields = ("username", "nama", "nip")
    inlines = [AssignmentInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("nama", "jenis", "induk", "kode_unit", "pola_nomor", "seri_nomor")
    list_filter = ("jenis",)
    search_fields = ("nama", "kode_unit")
    list_select_related = ("induk",)
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
