from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TteConfig(AppConfig):
    name = "tte"
    verbose_name = _("Tanda Tangan Elektronik")

    def ready(self):
        from organisasi.models import buat_bersama_unit
        from tte.models import PengaturanTte

        buat_bersama_unit(PengaturanTte)
