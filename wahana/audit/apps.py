from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class AuditConfig(AppConfig):
    name = "wahana.audit"
    verbose_name = _("Jejak audit")
    nav_items = (
        NavItem(_("Jejak audit"), "audit:list", visible_to=lambda user: user.is_pengelola),
    )

    def ready(self):
        from . import signals  # noqa: F401
