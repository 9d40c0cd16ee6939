"""The project's own app config: it registers the deployment checks of sop_surat/checks.py."""

from django.apps import AppConfig


class SopSuratConfig(AppConfig):
    name = "sop_surat"
    verbose_name = "SOP Surat"

    def ready(self):
        from sop_surat import checks  # noqa: F401  (registers the checks)
