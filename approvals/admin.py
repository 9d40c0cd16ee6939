from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from approvals.models import LangkahSop, PenandatangananBanyak, SurelKeluar
from letters.admin import PengaturanSuratInline, ReadOnlyAdmin
from organisasi.admin import UnitAdmin
from organisasi.models import Unit
from tte.admin import PengaturanTteInline


class LangkahSopInline(admin.TabularInline):
    model = LangkahSop
    extra = 0
    fields = ("nomor", "pelaksana", "kegiatan", "mutu_baku", "output", "status_surat")


class UnitAdminLengkap(UnitAdmin):
    """The unit's page with what every app sets for it: letters, signing, mutu baku."""

    inlines = [PengaturanSuratInline, PengaturanTteInline, LangkahSopInline]


admin.site.unregister(Unit)
admin.site.register(Unit, UnitAdminLengkap)


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
        from approvals import outbox, tasks

        jumlah = outbox.kirim_ulang(queryset)
        transaction.on_commit(tasks.jadwalkan_pengiriman, robust=True)
        self.message_user(
            request,
            _("%(n)d surel dimasukkan kembali ke antrean dan segera dikirim.") % {"n": jumlah},
        )


@admin.register(PenandatangananBanyak)
class PenandatangananBanyakAdmin(ReadOnlyAdmin):
    """Batch signing jobs, read-only: who, how far, why one stopped; never the passphrase."""

    list_display = ("pemohon", "status", "ditandatangani", "jumlah", "dibuat", "selesai_pada")
    list_filter = ("status",)
    list_select_related = ("pemohon",)
    exclude = ("garam", "rahasia")
