"""Writes to accounts. Every write is atomic, checks the acting user's right and is audited."""

import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.audit.services import audit_record, changes_between
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .models import PERAN_RANK, PERAN_TINGKAT, Peran, Token, User
from .scope import in_scope

TOKEN_LIFETIME = timedelta(days=30)


def _check_grant(*, acting_user: User, peran: str, kode_wilayah: str) -> None:
    """An operator manages users inside their own scope only, and grants neither a higher
    role nor a wider scope than their own."""
    if not acting_user.is_pengelola:
        raise PermissionDenied(_("Anda tidak berwenang mengelola pengguna."))
    if peran not in Peran.values:
        raise ValidationError({"peran": _("Peran tidak dikenal.")})
    if PERAN_RANK[peran] > PERAN_RANK[acting_user.peran]:
        raise PermissionDenied(_("Anda tidak dapat memberikan peran yang lebih tinggi."))
    if not in_scope(acting_user, kode_wilayah):
        raise PermissionDenied(_("Wilayah di luar cakupan Anda."))
    if kodelib.tingkat(kode_wilayah) not in PERAN_TINGKAT[peran]:
        raise ValidationError({"wilayah": _("Tingkat wilayah tidak sesuai dengan peran.")})
    if kode_wilayah and not Wilayah.objects.filter(kode=kode_wilayah, aktif=True).exists():
        raise ValidationError({"wilayah": _("Kode wilayah tidak dikenal.")})


def _snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "email": user.email,
        "peran": user.peran,
        "kode_wilayah": user.kode_wilayah,
        "is_active": user.is_active,
        "telepon": user.telepon,
    }


@transaction.atomic
def user_create(
    *,
    acting_user: User,
    username: str,
    password: str,
    peran: str,
    kode_wilayah: str,
    first_name: str = "",
    email: str = "",
    telepon: str = "",
) -> User:
    _check_grant(acting_user=acting_user, peran=peran, kode_wilayah=kode_wilayah)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna sudah dipakai.")})
    user = User(
        username=username,
        first_name=first_name,
        email=email,
        telepon=telepon,
        peran=peran,
        wilayah_id=kode_wilayah or None,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=acting_user,
        aksi="pengguna_dibuat",
        objek=user,
        perubahan=changes_between({}, _snapshot(user)),
    )
    return user


@transaction.atomic
def user_update(
    *,
    acting_user: User,
    user: User,
    peran: str,
    kode_wilayah: str,
    first_name: str,
    email: str,
    telepon: str,
    is_active: bool,
) -> User:
    # The target must be manageable as it is now *and* as it will be.
    _check_grant(acting_user=acting_user, peran=user.peran, kode_wilayah=user.kode_wilayah)
    _check_grant(acting_user=acting_user, peran=peran, kode_wilayah=kode_wilayah)
    if user.pk == acting_user.pk and (peran != user.peran or not is_active):
        raise PermissionDenied(
            _("Anda tidak dapat mengubah peran atau menonaktifkan akun sendiri.")
        )
    before = _snapshot(user)
    user.peran, user.wilayah_id = peran, kode_wilayah or None
    user.first_name, user.email, user.telepon, user.is_active = (
        first_name,
        email,
        telepon,
        is_active,
    )
    user.full_clean()
    user.save()
    audit_record(
        actor=acting_user,
        aksi="pengguna_diubah",
        objek=user,
        perubahan=changes_between(before, _snapshot(user)),
    )
    return user


@transaction.atomic
def token_issue(*, user: User) -> str:
    """A new bearer token; the raw value is returned once and only its digest is kept."""
    raw = secrets.token_urlsafe(32)
    Token.objects.create(
        user=user, digest=Token.digest_of(raw), kedaluwarsa=timezone.now() + TOKEN_LIFETIME
    )
    audit_record(actor=user, aksi="token_dibuat", kode_wilayah=user.kode_wilayah)
    return raw


def token_user(raw: str) -> User | None:
    """The active user behind a bearer token, or None."""
    token = (
        Token.objects.select_related("user")
        .filter(digest=Token.digest_of(raw), kedaluwarsa__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy program must not write on every request.
    if token.terakhir_dipakai is None or now - token.terakhir_dipakai > timedelta(minutes=1):
        Token.objects.filter(pk=token.pk).update(terakhir_dipakai=now)
    return token.user
