"""A small rate limiter on Django's cache: `@rate_limit("cari", "120/m")` on a view or an API
operation answers 429 once a client has made more requests than allowed in the current period.

The client is the signed-in user, or the address for anonymous requests (token requests, the
password-reset form). Rates can be changed per key in settings.WAHANA_RATE_LIMITS. The counter
is a fixed window per period, kept in the default cache (per process with the LocMem default;
configure a shared cache with several workers).
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/m' -> (120, 60)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period]


def _client(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return f"a{request.META.get('REMOTE_ADDR', '')}"


def hit(key: str, rate: str, request) -> int | None:
    """Count one request; answers the seconds until the period ends when over the limit."""
    limit, period = parse_rate(getattr(settings, "WAHANA_RATE_LIMITS", {}).get(key, rate))
    now = int(time.time())
    window = now // period
    cache_key = f"batas:{key}:{_client(request)}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        return (window + 1) * period - now
    return None


def too_many(request, retry_after: int):
    """429 as {"detail": ...} for the API, as a page otherwise."""
    message = _("Terlalu banyak permintaan. Coba lagi dalam %(n)d detik.") % {"n": retry_after}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request, "akun/batas.html", {"pesan": message, "detik": retry_after}, status=429
        )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(key: str, rate: str, *, methods: tuple[str, ...] | None = None):
    """Decorator for views and django-ninja operations. `methods` limits the counting to those
    HTTP methods (e.g. only POST of a form)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if methods is None or request.method in methods:
                retry_after = hit(key, rate, request)
                if retry_after is not None:
                    return too_many(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
