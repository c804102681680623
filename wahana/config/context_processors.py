"""The menu: each domain app declares its own entries (`nav_items` on its AppConfig)."""

from django.apps import apps
from django.urls import reverse


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
