"""The answer to a locked-out sign-in (django-axes AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    """People get the lockout page; programs on the API keep its {"detail": ...} JSON shape,
    which axes' own answer (an HTML page, or JSON only for XMLHttpRequest) would break."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        if original_response is not None and original_response.status_code == status:
            return original_response
        return JsonResponse(
            {"detail": _("Terlalu banyak percobaan gagal. Coba lagi nanti.")}, status=status
        )
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=status)
