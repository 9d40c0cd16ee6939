from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Surat Keluar")

    def ready(self):
        from organisasi.models import Unit

        post_save.connect(_pengaturan_unit_baru, sender=Unit, dispatch_uid="letters_pengaturan")


def _pengaturan_unit_baru(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from letters.models import PengaturanSurat

        PengaturanSurat.objects.get_or_create(unit=instance)
