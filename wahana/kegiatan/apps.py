from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class KegiatanConfig(AppConfig):
    name = "wahana.kegiatan"
    verbose_name = _("Kegiatan")
    # Menu entries of this app: NavItem(label, url_name, visible_to) from wahana.config.nav.
    nav_items = (NavItem(_("Kegiatan"), "kegiatan:list"),)
