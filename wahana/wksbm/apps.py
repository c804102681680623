from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WksbmConfig(AppConfig):
    name = "wahana.wksbm"
    verbose_name = _("WKSBM")
    # Menu entries of this app: NavItem(label, url_name, visible_to) from wahana.config.nav.
    nav_items = ()
