from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from wahana.akun.ratelimit import rate_limit

from .models import Wilayah
from .selectors import wilayah_children, wilayah_path, wilayah_search


@login_required
@rate_limit("cari", "120/m")
def wilayah_browse(request, kode=""):
    """Browse the official regions level by level, or search them by name."""
    wilayah = get_object_or_404(Wilayah, kode=kode) if kode else None
    q = request.GET.get("q", "").strip()
    context = {
        "wilayah": wilayah,
        "jalur": wilayah_path(kode=kode) if kode else [],
        "q": q,
        "hasil": wilayah_search(q=q, within=kode, limit=50) if q else None,
        "anak": wilayah_children(kode=kode),
    }
    template = "wilayah/browse.html#hasil" if request.htmx else "wilayah/browse.html"
    return render(request, template, context)


@login_required
@rate_limit("cari", "120/m")
def wilayah_pick(request):
    """Options for the region picker: with `q`, areas of level `tingkat` inside `dalam` whose
    name matches; without, the sub-areas of `dalam` so the user can step down level by level."""
    dalam = request.GET.get("dalam", "").strip()
    tingkat = request.GET.get("tingkat", "")
    tingkat = int(tingkat) if tingkat.isdigit() else None
    q = request.GET.get("q", "").strip()
    if q:
        hasil = wilayah_search(q=q, within=dalam, tingkat=tingkat, limit=15)
    else:
        hasil = list(wilayah_children(kode=dalam).select_related("induk")[:200])
    return render(request, "wilayah/pick.html", {"hasil": hasil, "tingkat": tingkat})
