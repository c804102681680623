from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class WksbmConfig(AppConfig):
    name = "wahana.wksbm"
    verbose_name = _("WKSBM")
    nav_items = (NavItem(_("WKSBM"), "wksbm:list"),)
