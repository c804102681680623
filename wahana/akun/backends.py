"""The account backend: Django's, with what every request asks of the user read in the same
query that loads it."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


class WahanaBackend(ModelBackend):
    def get_user(self, user_id):
        # `otp_terdaftar`: whether the account has enrolled an authenticator, which the
        # second-step middleware checks on every request of an unverified session
        # (wahana/akun/otp.py); read here it costs no query of its own.
        try:
            user = User._default_manager.annotate(
                otp_terdaftar=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
