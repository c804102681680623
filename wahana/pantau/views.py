from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wahana.akun.scope import get_visible_or_404
from wahana.config.routers import baca_replika
from wahana.wksbm.models import Wksbm

from . import selectors, services
from .bulan import parse_bulan
from .forms import BobotForm, LangkahForm, RencanaForm
from .models import BOBOT_BAWAAN


@login_required
@baca_replika
def dasbor(request, kode=None):
    """The dashboard of a region: the user's own scope unless a region inside it is asked."""
    kode = request.user.kode_wilayah if kode is None else kode
    context = selectors.dasbor_for(request.user, kode)
    return render(request, "pantau/dasbor.html", context)


@login_required
@baca_replika
def kelengkapan(request, kode=None):
    """Report completeness (WKSBM, TKSK, PSM) of a region, drilling down to each reporter."""
    kode = request.user.kode_wilayah if kode is None else kode
    bulan = parse_bulan(request.GET.get("bulan")) if request.GET.get("bulan") else None
    context = selectors.kelengkapan_for(request.user, kode, bulan)
    return render(request, "pantau/kelengkapan.html", context)


@login_required
@baca_replika
def wksbm_indeks(request, pk):
    context = selectors.wksbm_indeks_for(request.user, pk)
    return render(request, "pantau/wksbm.html", context)


@login_required
def rencana_create_view(request, pk):
    wksbm = get_visible_or_404(Wksbm.objects.all(), request.user, pk=pk)
    if not selectors.can_plan(request.user, wksbm.wilayah_id):
        raise PermissionDenied
    form = RencanaForm(
        request.POST or None, initial={"judul": _("Revitalisasi %(nama)s") % {"nama": wksbm.nama}}
    )
    if request.method == "POST" and form.is_valid():
        rencana = services.rencana_create(
            acting_user=request.user, wksbm=wksbm, **form.cleaned_data
        )
        return redirect("pantau:rencana", rencana.pk)
    return render(request, "pantau/rencana_form.html", {"form": form, "wksbm": wksbm})


@login_required
def rencana_desa(request, kode):
    """From a desa (e.g. a trained desa that did not wake up, on the bimtek impact page) to the
    revival plan form of its WKSBM; 404 when the desa has none the user may see."""
    wksbm = get_visible_or_404(
        Wksbm.objects.filter(tingkat=Wksbm.Tingkat.DESA), request.user, wilayah_id=kode
    )
    return redirect("pantau:rencana_create", wksbm.pk)


@login_required
def rencana_detail(request, pk):
    rencana, can_write = selectors.rencana_get_for(request.user, pk)
    form = LangkahForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            services.langkah_add(acting_user=request.user, rencana=rencana, **form.cleaned_data)
            return redirect("pantau:rencana", rencana.pk)
    langkah = list(rencana.langkah_set.all())
    selesai = sum(1 for item in langkah if item.selesai_pada)
    return render(
        request,
        "pantau/rencana.html",
        {
            "rencana": rencana,
            "langkah": langkah,
            "kemajuan": round(100 * selesai / len(langkah)) if langkah else 0,
            "form": form,
            "can_write": can_write,
        },
    )


@login_required
@require_POST
def langkah_toggle_view(request, pk, lpk):
    langkah = selectors.langkah_get_for(request.user, pk, lpk)
    services.langkah_toggle(acting_user=request.user, langkah=langkah)
    return redirect("pantau:rencana", pk)


@login_required
def notifikasi_list(request):
    if request.method == "POST":
        services.notifikasi_mark_read(acting_user=request.user)
        return redirect("pantau:notifikasi")
    items = list(selectors.notifikasi_for(request.user)[:200])
    return render(request, "pantau/notifikasi.html", {"items": items})


@login_required
def bobot_view(request, kode):
    nilai, versi = selectors.bobot_for_kabupaten(request.user, kode)
    can_write = services.can_configure(request.user, kode)
    form = BobotForm(request.POST or None, initial=nilai)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.bobot_update(
                    acting_user=request.user,
                    kabupaten=kode,
                    nilai={k: data[k] for k in BOBOT_BAWAAN},
                    batas_hari_laporan=data["batas_hari_laporan"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Bobot indeks disimpan sebagai versi baru."))
                return redirect("pantau:bobot", kode)
    return render(
        request,
        "pantau/bobot.html",
        {"form": form, "versi": versi, "kode": kode, "can_write": can_write},
    )
