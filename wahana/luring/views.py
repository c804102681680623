"""Pages of the offline field app. With JavaScript the forms save into the on-device outbox
(static/luring/luring.js); without it they post here and go through the same receiver."""

import hashlib
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wahana.akun.scope import get_visible_or_404

from . import services
from .akses import can_capture, can_capture_kas, can_capture_kunjungan, can_capture_rapat
from .forms import (
    KasMasukLapanganForm,
    KegiatanLapanganForm,
    KunjunganLapanganForm,
    PpksLapanganForm,
    RapatLapanganForm,
    payload_from,
)
from .models import Jenis

STATIC_DIR = Path(__file__).parent / "static" / "luring"


def _require_capture(user, allowed=can_capture) -> None:
    if not allowed(user):
        raise PermissionDenied(_("Halaman lapangan ini bukan untuk peran Anda."))


@login_required
def beranda(request):
    if not can_capture(request.user) and services.can_review(request.user):
        return redirect("luring:konflik")
    _require_capture(request.user)
    return render(
        request,
        "luring/beranda.html",
        {
            "halaman": "beranda",
            "boleh_kunjungan": can_capture_kunjungan(request.user),
            "boleh_rapat": can_capture_rapat(request.user),
            "boleh_kas": can_capture_kas(request.user),
        },
    )


def _form_page(request, form_class, jenis: str, template: str, allowed=can_capture, judul=""):
    _require_capture(request.user, allowed)
    form = form_class(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = payload_from(form)
        try:
            upload = form.cleaned_data.get("foto")
            if upload:
                sha = hashlib.sha256(upload.read()).hexdigest()
                upload.seek(0)
                services.foto_receive(acting_user=request.user, upload=upload, sha256=sha)
                data["foto"] = [sha]
            jawaban = services.kiriman_receive(
                acting_user=request.user,
                client_id=form.cleaned_data["client_id"],
                jenis=jenis,
                data=data,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if jawaban.status_code == 200:
                messages.success(request, _("Tersimpan di server."))
                return redirect("luring:beranda")
            form.add_error(None, jawaban.hasil["detail"])
    return render(request, template, {"form": form, "jenis": jenis, "judul": judul})


@login_required
def ppks_baru(request):
    return _form_page(request, PpksLapanganForm, Jenis.PPKS, "luring/form_ppks.html")


@login_required
def kegiatan_baru(request):
    return _form_page(request, KegiatanLapanganForm, Jenis.KEGIATAN, "luring/form_kegiatan.html")


@login_required
def kunjungan_baru(request):
    return _form_page(
        request,
        KunjunganLapanganForm,
        Jenis.KUNJUNGAN,
        "luring/form.html",
        can_capture_kunjungan,
        _("Catat kunjungan pendampingan"),
    )


@login_required
def rapat_baru(request):
    return _form_page(
        request,
        RapatLapanganForm,
        Jenis.RAPAT,
        "luring/form.html",
        can_capture_rapat,
        _("Catat rapat WKSBM dan kehadiran"),
    )


@login_required
def kas_masuk_baru(request):
    return _form_page(
        request,
        KasMasukLapanganForm,
        Jenis.KAS_MASUK,
        "luring/form.html",
        can_capture_kas,
        _("Catat penerimaan dana"),
    )


@login_required
def ppks_ubah(request):
    _require_capture(request.user)
    return render(request, "luring/ppks_ubah.html", {"jenis": Jenis.PPKS_UBAH})


@login_required
def konflik_list(request):
    konflik = services.konflik_list_visible_to(request.user)
    if not services.can_review(request.user):
        raise PermissionDenied(_("Anda tidak berwenang meninjau konflik."))
    return render(request, "luring/konflik.html", {"konflik_list": konflik[:200]})


@login_required
@require_POST
def konflik_decide(request, pk):
    konflik = get_visible_or_404(
        services.konflik_list_visible_to(request.user), request.user, pk=pk
    )
    try:
        services.konflik_decide(
            acting_user=request.user,
            konflik=konflik,
            terapkan=request.POST.get("aksi") == "terapkan",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Konflik diputuskan."))
    return redirect("luring:konflik")


@never_cache
def service_worker(request):
    """The service worker, served under /lapangan/ so that its scope covers the field pages.
    It learns the hashed static URLs of the shell from the pages themselves (see luring.js)."""
    body = (STATIC_DIR / "sw.js").read_text(encoding="utf-8")
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("luring:beranda")
    return response


def manifest(request):
    beranda_url = reverse("luring:beranda")
    return JsonResponse(
        {
            "name": "Wahana Lapangan",
            "short_name": "Wahana",
            "description": _("Pencatatan lapangan WKSBM, juga tanpa sinyal."),
            "lang": "id",
            "start_url": beranda_url,
            "scope": beranda_url,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1f5f8b",
            "icons": [
                {
                    "src": static(f"luring/ikon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                }
                for size in (192, 512)
            ],
        },
        content_type="application/manifest+json",
    )
