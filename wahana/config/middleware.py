"""Input no database can store: a NUL character.

PostgreSQL refuses a NUL in any text (`A string literal cannot contain NUL (0x00) characters`):
a query parameter, form field, JSON string or path segment carrying one would reach the database
and end in a server error, and it would leave the request's transaction unusable. Django's form
fields already refuse it; this refuses it once for every page and API call, before any view runs,
with a 400 that says why, on SQLite too, so both databases answer the same."""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _json_has_nul(request) -> bool:
    body = request.body
    if b"\\u0000" not in body and b"\x00" not in body:
        return False
    try:
        return _has_nul(json.loads(body))
    except ValueError:
        return False  # not JSON: the view answers that


def _query_has_nul(query) -> bool:
    return any(NUL in text for key, values in query.lists() for text in (key, *values))


def request_has_nul(request) -> bool:
    if NUL in request.path:
        return True
    if _query_has_nul(request.GET):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type == "application/json":
        return _json_has_nul(request)
    return _query_has_nul(request.POST)


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_nul(request):
            message = _("Isian memuat karakter NUL (\\x00) yang tidak dapat disimpan.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
