from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wahana.wilayah.selectors import wilayah_children, wilayah_path


@login_required
def beranda(request):
    user = request.user
    return render(
        request,
        "beranda.html",
        {
            "jalur": wilayah_path(kode=user.kode_wilayah),
            "sub_wilayah": wilayah_children(kode=user.kode_wilayah)[:200],
        },
    )


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers; 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})
