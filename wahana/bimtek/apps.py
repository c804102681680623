from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class BimtekConfig(AppConfig):
    name = "wahana.bimtek"
    verbose_name = _("Bimtek")
    nav_items = (NavItem(_("Bimtek"), "bimtek:list"),)
