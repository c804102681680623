from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wahana.config.nav import NavItem


def _reads_registry(user) -> bool:
    # Pengurus WKSBM only read the visits to their WKSBM (see selectors.py).
    return user.peran != "pengurus_wksbm"


class PendampingConfig(AppConfig):
    name = "wahana.pendamping"
    verbose_name = _("Pendamping")
    nav_items = (
        NavItem(_("Pendamping"), "pendamping:list", _reads_registry),
        NavItem(_("Kunjungan"), "pendamping:kunjungan_list"),
        NavItem(_("Laporan bulanan"), "pendamping:laporan_list", _reads_registry),
    )
