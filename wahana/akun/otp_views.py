"""Pages of the "Keamanan akun" (account security) area: two-step verification."""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import otp
from .ratelimit import rate_limit


class KodeForm(forms.Form):
    kode = forms.CharField(
        label=gettext_lazy("Kode verifikasi"),
        max_length=20,
        help_text=gettext_lazy("6 angka dari aplikasi autentikator, atau satu kode cadangan."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _apply(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error("kode", message)


@login_required
@never_cache
def keamanan(request):
    user = request.user
    return render(
        request,
        "akun/keamanan.html",
        {
            "terdaftar": otp.otp_enrolled(user),
            "wajib": otp.otp_required_for(user),
            "sisa_kode": otp.otp_backup_codes_left(user),
            "form": KodeForm(),
        },
    )


@login_required
@never_cache
def otp_enrol(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code.
    Someone who has only the password of an enrolled account is sent to verify instead: they
    must not be able to replace its authenticator."""
    user = request.user
    if otp.otp_enrolled(user) and not user.is_verified():
        return redirect("akun:otp_verify")
    device = otp.otp_device_start(user=user)
    form = KodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = otp.otp_device_confirm(user=user, token=form.cleaned_data["kode"])
        except ValidationError as error:
            _apply(form, error)
        else:
            otp_login(request, device)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return render(
                request, "akun/otp_kode_cadangan.html", {"codes": codes, "next": _next_url(request)}
            )
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "akun/otp_daftar.html",
        {
            "form": form,
            "kunci": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "wajib": otp.otp_required_for(user),
            "next": _next_url(request),
        },
    )


@login_required
@never_cache
def otp_qr(request):
    """The QR code of the authenticator being enrolled, as SVG (served, never inline script)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise Http404
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@login_required
@never_cache
@rate_limit("otp", "10/m", methods=("POST",))
def otp_verify(request):
    user = request.user
    if not otp.otp_enrolled(user):
        return redirect("akun:otp_enrol")
    form = KodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = otp.otp_check(user=user, token=form.cleaned_data["kode"])
        except ValidationError as error:
            _apply(form, error)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "akun/otp_verifikasi.html", {"form": form, "next": _next_url(request)})


@login_required
@never_cache
@require_POST
def otp_backup_codes(request):
    try:
        codes = otp.otp_backup_codes_regenerate(user=request.user)
    except PermissionDenied:
        return redirect("akun:otp_enrol")
    return render(request, "akun/otp_kode_cadangan.html", {"codes": codes, "next": "/"})


@login_required
@require_POST
def otp_disable(request):
    form = KodeForm(request.POST)
    if form.is_valid():
        try:
            otp.otp_disable(user=request.user, token=form.cleaned_data["kode"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
    else:
        messages.error(request, _("Masukkan kode verifikasi untuk menonaktifkan."))
    return redirect("akun:keamanan")
