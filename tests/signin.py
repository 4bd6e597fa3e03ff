"""Signing staff in during tests the way the product does: password, then the second factor.

`client.force_login(user)` (patched by the autouse fixture in tests/conftest.py) logs the user in
and, for a user who needs a second factor (hca_portal.auth.second_factor.required_for), gives
them a confirmed TOTP device and marks the session verified with `django_otp.login`, as the
second-factor page does after a right code. `password_only_login` stops after the password, as a
session does until its code is given.
"""

from __future__ import annotations

import time

import django_otp
from django.http import HttpRequest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hca_portal.auth import second_factor

password_only_login = Client.force_login


def totp_device(user) -> TOTPDevice:
    """The user's confirmed authenticator-app device (made on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the device's app shows at `at` (now by default), as a person would type it."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def fresh_totp_code(device: TOTPDevice) -> str:
    """A code the device has not accepted yet (a code works once: wait for the next one if needed)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while totp.t() <= device.last_t:
        time.sleep(0.5)
    return totp_code(device)


def force_login_with_second_factor(client: Client, user, backend=None) -> None:
    user.__dict__.pop("_needs_second_factor", None)  # a test may have changed the user's roles since
    password_only_login(client, user, backend)
    if second_factor.required_for(user):
        request = HttpRequest()
        request.session = client.session
        request.user = user
        django_otp.login(request, totp_device(user))
        request.session.save()


def api_key(user) -> str:
    """A key for `Authorization: Token <key>`, issued to the user as the account security page does."""
    from hca_portal.auth.tokens import issue_token

    return issue_token(user=user, name="tests")[1]
