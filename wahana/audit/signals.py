from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import audit_record


def _region_of_username(username: str) -> str:
    """The scope of the account a failed attempt named, so the operator of that region sees
    attacks on their users; '' when no such account exists (seen by the system admin only)."""
    user = get_user_model().objects.filter(username=username).only("wilayah").first()
    return user.kode_wilayah if user is not None else ""


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(actor=user, aksi="login", kode_wilayah=user.kode_wilayah)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, aksi="logout", kode_wilayah=user.kode_wilayah)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The username tried is kept, never the password.
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        aksi="login_gagal",
        kode_wilayah=_region_of_username(username),
        keterangan=username,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    audit_record(
        actor=None,
        aksi="login_terkunci",
        kode_wilayah=_region_of_username(username),
        keterangan=username,
    )
