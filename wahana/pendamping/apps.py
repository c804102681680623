from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PendampingConfig(AppConfig):
    name = "wahana.pendamping"
    verbose_name = _("Pendamping")
    # Menu entries of this app: NavItem(label, url_name, visible_to) from wahana.config.nav.
    nav_items = ()
