from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


def _is_field_or_manager(user) -> bool:
    from .akses import can_capture, can_review

    return can_capture(user) or can_review(user)


class LuringConfig(AppConfig):
    name = "wahana.luring"
    verbose_name = _("Lapangan (luring)")
    nav_items = (NavItem(_("Lapangan"), "luring:beranda", _is_field_or_manager),)
