from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class PantauConfig(AppConfig):
    name = "wahana.pantau"
    verbose_name = _("Pantau")
    nav_items = (NavItem(_("Dasbor"), "pantau:dasbor"),)

    def ready(self):
        # pantau watches the other apps' records; they know nothing of it.
        from . import signals

        signals.connect()
