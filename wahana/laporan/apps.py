from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class LaporanConfig(AppConfig):
    name = "wahana.laporan"
    verbose_name = _("Laporan")
    nav_items = (NavItem(_("Laporan"), "laporan:list"),)
