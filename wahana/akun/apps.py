from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


class AkunConfig(AppConfig):
    name = "wahana.akun"
    verbose_name = _("Akun")
    nav_items = (
        NavItem(_("Pengguna"), "akun:user_list", visible_to=lambda user: user.is_pengelola),
        NavItem(_("Keamanan akun"), "akun:keamanan"),
    )
