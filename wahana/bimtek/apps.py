from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BimtekConfig(AppConfig):
    name = "wahana.bimtek"
    verbose_name = _("Bimtek")
    # Menu entries of this app: NavItem(label, url_name, visible_to) from wahana.config.nav.
    nav_items = ()
