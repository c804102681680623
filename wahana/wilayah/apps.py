from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class WilayahConfig(AppConfig):
    name = "wahana.wilayah"
    verbose_name = _("Wilayah")
    nav_items = (NavItem(_("Wilayah"), "wilayah:list"),)
