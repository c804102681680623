from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class DanaConfig(AppConfig):
    name = "wahana.dana"
    verbose_name = _("Buku kas")
    # Menu entries of this app: NavItem(label, url_name, visible_to) from wahana.config.nav.
    # Proposals and month closings are reached from the book pages (dana/_nav.html).
    nav_items = (NavItem(_("Buku kas"), "dana:list"),)
