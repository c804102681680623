from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


def _can_review(user) -> bool:
    from .rules import can_review

    return can_review(user)


class PpksConfig(AppConfig):
    name = "wahana.ppks"
    verbose_name = _("PPKS")
    nav_items = (
        NavItem(_("PPKS"), "ppks:list"),
        NavItem(_("Duplikat PPKS"), "ppks:duplikat_list", _can_review),
    )
