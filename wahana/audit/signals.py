from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import audit_record


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
    audit_record(
        actor=None, aksi="login_gagal", keterangan=str(credentials.get("username", ""))[:150]
    )
