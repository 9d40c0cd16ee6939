import functools

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Alur Persetujuan SOP")

    def ready(self):
        from organisasi.models import HariLibur, Unit

        post_save.connect(_langkah_unit_baru, sender=Unit, dispatch_uid="approvals_langkah")
        pre_save.connect(_libur_dipindah, sender=HariLibur, dispatch_uid="approvals_libur_lama")
        post_save.connect(_libur_baru, sender=HariLibur, dispatch_uid="approvals_libur")
        post_delete.connect(_libur_dihapus, sender=HariLibur, dispatch_uid="approvals_libur_hapus")


def _langkah_unit_baru(sender, instance, created, raw=False, **kwargs):
    """An issuing unit starts with the six SOP steps and their mutu baku."""
    if created and not raw and instance.induk_id is None:
        from approvals.models import seed_langkah

        seed_langkah(instance)


def _libur_dipindah(sender, instance, raw=False, **kwargs):
    """A holiday moved to another date: the old date is office time again, the new one
    is not. (Renaming it changes no one's office time.)"""
    if raw or instance.pk is None:
        return
    lama = sender.objects.filter(pk=instance.pk).values_list("tanggal", flat=True).first()
    if lama is not None and lama != instance.tanggal:
        _hitung_ulang_setelah_commit(lama)
        _hitung_ulang_setelah_commit(instance.tanggal)


def _libur_baru(sender, instance, created, raw=False, **kwargs):
    """A holiday added: the stored step durations around it are counted again by the
    task worker once the change is committed."""
    if created and not raw:
        _hitung_ulang_setelah_commit(instance.tanggal)


def _libur_dihapus(sender, instance, **kwargs):
    """A holiday removed: its date is office time again."""
    _hitung_ulang_setelah_commit(instance.tanggal)


def _hitung_ulang_setelah_commit(tanggal) -> None:
    from approvals import tasks

    transaction.on_commit(
        functools.partial(tasks.hitung_ulang_durasi.enqueue, tanggal.isoformat()), robust=True
    )
