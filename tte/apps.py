from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class TteConfig(AppConfig):
    name = "tte"
    verbose_name = _("Tanda Tangan Elektronik")

    def ready(self):
        from organisasi.models import Unit

        post_save.connect(_pengaturan_unit_baru, sender=Unit, dispatch_uid="tte_pengaturan")


def _pengaturan_unit_baru(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from tte.models import PengaturanTte

        PengaturanTte.objects.get_or_create(unit=instance)
