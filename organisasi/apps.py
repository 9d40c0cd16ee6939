from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisasiConfig(AppConfig):
    name = "organisasi"
    verbose_name = _("Organisasi dan Kepegawaian")
