"""Two-step verification (TOTP through django-otp, with single-use backup codes).

Required of the operator and admin roles when settings.WAHANA_2FA_REQUIRED is on, available to
every other role from the "Keamanan akun" page. A user who must verify (required role, or any
role that has enrolled) is sent, after the password, to enrol or to type a code before any
other page; the API answers 403 to their session requests until then, and a bearer token is
only issued with a valid code (`otp` in POST /api/v1/auth/token).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wahana.audit.services import audit_record

from .models import PERAN_PENGELOLA

TOTP_NAME = "Aplikasi autentikator"
BACKUP_NAME = "Kode cadangan"
BACKUP_COUNT = 10


def otp_required_for(user) -> bool:
    return settings.WAHANA_2FA_REQUIRED and user.peran in PERAN_PENGELOLA


def otp_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_needed(user) -> bool:
    """Must this user type a code after the password?"""
    return otp_required_for(user) or otp_enrolled(user)


def _enrolled_as_loaded(user) -> bool:
    """otp_enrolled, answered by the account backend (wahana/akun/backends.py) in the query
    that loaded the user of this request, when it did."""
    enrolled = getattr(user, "otp_terdaftar", None)
    return otp_enrolled(user) if enrolled is None else enrolled


def otp_backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def otp_match(user, token: str):
    """The confirmed device (authenticator or backup code) that accepts `token`, or None.
    Each device throttles repeated failures itself; a backup code is used up."""
    token = (token or "").replace(" ", "").strip().lower()
    if not token:
        return None
    for device in list(devices_for_user(user)):
        matched = verify_token(user, device.persistent_id, token)
        if matched is not None:
            return matched
    return None


def otp_check(*, user, token: str, aksi_gagal: str = "2fa_gagal"):
    """The device accepting `token`; records the failure and raises ValidationError otherwise."""
    device = otp_match(user, token)
    if device is None:
        audit_record(actor=user, aksi=aksi_gagal, kode_wilayah=user.kode_wilayah)
        raise ValidationError(_("Kode verifikasi salah atau sudah kedaluwarsa."))
    return device


def otp_device_start(*, user) -> TOTPDevice:
    """The authenticator being enrolled: the same one on every reload of the enrolment page,
    so the QR code stays valid until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _backup_codes_issue(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def otp_device_confirm(*, user, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator being enrolled with a code it shows; it replaces any earlier
    authenticator. Answers the device and a fresh set of backup codes (shown once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    # Checked outside the transaction below: a failure must keep its throttling count.
    if device is None or not verify_token(user, device.persistent_id, token.replace(" ", "")):
        raise ValidationError(_("Kode tidak cocok. Periksa jam ponsel lalu coba kode yang baru."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _backup_codes_issue(user)
        audit_record(actor=user, aksi="2fa_diaktifkan", objek=user, kode_wilayah=user.kode_wilayah)
    return device, codes


@transaction.atomic
def otp_backup_codes_regenerate(*, user) -> list[str]:
    if not otp_enrolled(user):
        raise PermissionDenied(_("Aktifkan verifikasi dua langkah terlebih dahulu."))
    codes = _backup_codes_issue(user)
    audit_record(
        actor=user, aksi="2fa_kode_cadangan_baru", objek=user, kode_wilayah=user.kode_wilayah
    )
    return codes


def otp_disable(*, user, token: str) -> None:
    """Remove the second step of a role that does not require it, after a valid code."""
    if otp_required_for(user):
        raise PermissionDenied(_("Peran Anda wajib memakai verifikasi dua langkah."))
    # Checked outside the transaction below: a failure stays recorded and throttled.
    otp_check(user=user, token=token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(
            actor=user, aksi="2fa_dinonaktifkan", objek=user, kode_wilayah=user.kode_wilayah
        )


def otp_token_check(*, user, token: str | None) -> None:
    """For POST /api/v1/auth/token: a user who must verify gives a current code too."""
    if not otp_needed(user):
        return
    if not otp_enrolled(user):
        raise PermissionDenied(
            _("Aktifkan verifikasi dua langkah di halaman Keamanan akun sebelum meminta token.")
        )
    if not token:
        raise PermissionDenied(_("Kode verifikasi dua langkah (otp) wajib diisi."))
    try:
        otp_check(user=user, token=token)
    except ValidationError as error:
        raise PermissionDenied(error.messages[0]) from error


# Pages an unverified user may still open: the second step itself, logging out, the language.
EXEMPT_URL_NAMES = ("akun:otp_enrol", "akun:otp_qr", "akun:otp_verify", "akun:logout")
EXEMPT_PATHS = ("/healthz", "/bahasa/")


class SecondFactorMiddleware:
    """After the password, a user who must verify sees nothing else until they have."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def exempt(self, path: str) -> bool:
        if self._exempt is None:
            self._exempt = {reverse(name) for name in EXEMPT_URL_NAMES} | set(EXEMPT_PATHS)
        return path in self._exempt

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not self.exempt(request.path)
            and (otp_required_for(user) or _enrolled_as_loaded(user))
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Verifikasi dua langkah diperlukan. Masuk lewat halaman web.")},
                    status=403,
                )
            target = "akun:otp_verify" if _enrolled_as_loaded(user) else "akun:otp_enrol"
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return redirect(reverse(target) + (f"?{query}" if query else ""))
        return self.get_response(request)
