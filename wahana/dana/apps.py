from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DanaConfig(AppConfig):
    name = "wahana.dana"
    verbose_name = _("Buku kas")
    # Menu entries of this app: NavItem(label, url_name, visible_to) from wahana.config.nav.
    nav_items = ()
