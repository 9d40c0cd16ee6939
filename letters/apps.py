from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Surat Keluar")

    def ready(self):
        from letters.models import PengaturanSurat
        from organisasi.models import buat_bersama_unit

        buat_bersama_unit(PengaturanSurat)
