from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "wahana.audit"
    verbose_name = _("Jejak audit")

    def ready(self):
        from . import signals  # noqa: F401
