from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpksConfig(AppConfig):
    name = "wahana.ppks"
    verbose_name = _("PPKS")
    # Menu entries of this app: NavItem(label, url_name, visible_to) from wahana.config.nav.
    nav_items = ()
