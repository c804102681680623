"""The page shell's context: the menu (each domain app declares its own entries, `nav_items`
on its AppConfig) and the header's counts."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from wahana.akun.selectors import count_many_for
from wahana.laporan.selectors import Lonceng, lonceng_from_counts, lonceng_querysets
from wahana.pantau.selectors import notifikasi_baru_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if item.visible_to(user):
                url = reverse(item.url_name)
                items.append(
                    {"label": item.label, "url": url, "active": request.path.startswith(url)}
                )
    return {"nav_items": items}


@dataclass
class Kepala:
    """The counts of the page header: unread notifications and the report bell."""

    notifikasi: int
    lonceng: Lonceng


def kepala(request):
    """The header's counts, read in one query when a page shows them (not for the API or
    HTMX fragments that render no header)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def load() -> Kepala:
        counts = count_many_for(
            user, notifikasi=notifikasi_baru_for(user), **lonceng_querysets(user)
        )
        return Kepala(notifikasi=counts["notifikasi"], lonceng=lonceng_from_counts(user, counts))

    return {"kepala": SimpleLazyObject(load)}
