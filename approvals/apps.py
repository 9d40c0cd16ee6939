from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Alur Persetujuan SOP")

    def ready(self):
        from organisasi.models import Unit

        post_save.connect(_langkah_unit_baru, sender=Unit, dispatch_uid="approvals_langkah")


def _langkah_unit_baru(sender, instance, created, raw=False, **kwargs):
    """An issuing unit starts with the six SOP steps and their mutu baku."""
    if created and not raw and instance.induk_id is None:
        from approvals.models import seed_langkah

        seed_langkah(instance)
