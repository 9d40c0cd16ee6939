from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from letters.models import (
    AgendaEntry,
    KodeKlasifikasi,
    Letter,
    LetterEvent,
    NumberCounter,
    PengaturanSurat,
    Tujuan,
)


class PengaturanSuratInline(admin.StackedInline):
    """Numbering and page layout, shown inside the unit's admin page (approvals.admin)."""

    model = PengaturanSurat
    can_delete = False
    fieldsets = (
        (_("Penomoran surat"), {"fields": ("kode_unit", "pola_nomor", "seri_nomor")}),
        (_("Tanda tangan"), {"fields": ("metode_ttd",)}),
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


@admin.register(KodeKlasifikasi)
class KodeKlasifikasiAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama")
    search_fields = ("kode", "nama")
    list_per_page = 100


@admin.register(Tujuan)
class TujuanAdmin(admin.ModelAdmin):
    list_display = ("nama", "jenis", "alamat", "aktif")
    list_filter = ("jenis", "aktif")
    search_fields = ("nama",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Letters change only through the SOP actions; the admin can look, not touch.

    Letters, their history, versions, agenda lines and signed documents are never deleted
    here (nor anywhere: database triggers refuse it, see letters.triggers); LetterVersion
    and SignedDocument have no admin at all.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LetterEventInline(admin.TabularInline):
    model = LetterEvent
    fields = ("waktu", "aksi", "dari", "ke", "oleh", "sebagai", "catatan", "versi")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the database refuses it too (letters.triggers)


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("hal", "status", "unit", "pembuat", "dibuat")
    list_filter = ("status", "sifat", "unit")
    search_fields = ("hal", "agenda__nomor")
    list_select_related = ("unit", "pembuat")
    inlines = [LetterEventInline]


@admin.register(AgendaEntry)
class AgendaEntryAdmin(ReadOnlyAdmin):
    list_display = ("nomor", "tahun", "nomor_urut", "sisipan", "tanggal", "letter")
    list_filter = ("tahun", "unit")
    search_fields = ("nomor",)
    list_select_related = ("letter",)


@admin.register(NumberCounter)
class NumberCounterAdmin(ReadOnlyAdmin):
    list_display = ("unit", "tahun", "seri", "terakhir")
    list_select_related = ("unit",)
