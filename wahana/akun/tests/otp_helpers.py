"""Helpers for tests of two-step verification: the code an authenticator app would show."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wahana.akun import otp


def current_code(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Enrol `user` through the services, as the enrolment page does."""
    device = otp.otp_device_start(user=user)
    return otp.otp_device_confirm(user=user, token=current_code(device))
