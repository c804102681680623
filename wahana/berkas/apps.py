from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerkasConfig(AppConfig):
    name = "wahana.berkas"
    verbose_name = _("Berkas")
    # Menu entries of this app: NavItem(label, url_name, visible_to) from wahana.config.nav.
    nav_items = ()
