from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from .otp import otp_token_check
from .ratelimit import rate_limit
from .services import token_issue

router = Router(tags=["akun"])


class TokenIn(Schema):
    username: str
    password: str
    # Required of users with two-step verification (operators and admins): the current code of
    # their authenticator app, or one backup code.
    otp: str | None = None


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    username: str
    nama: str
    peran: str
    peran_label: str
    kode_wilayah: str
    nama_wilayah: str


@router.post("/auth/token", auth=None, response=TokenOut, summary="Minta token bearer")
@rate_limit("token", "30/m")
def token_create(request, payload: TokenIn):
    """Trade a username and password for a bearer token (valid 30 days). Repeated failures lock
    that username from that address, as the login page does. Users with two-step verification
    (required of operators and admins) also send `otp`: a current code or a backup code;
    without it the answer is 403. More than 30 requests a minute from one address answer 429."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.peran:
        raise HttpError(401, _("Nama pengguna atau kata sandi salah."))
    otp_token_check(user=user, token=payload.otp)
    return {"token": token_issue(user=user)}


@router.get("/me", response=MeOut, summary="Pengguna yang sedang masuk")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "nama": user.get_full_name() or user.username,
        "peran": user.peran,
        "peran_label": user.get_peran_display(),
        "kode_wilayah": user.kode_wilayah,
        "nama_wilayah": user.wilayah.nama if user.wilayah_id else _("Indonesia"),
    }
