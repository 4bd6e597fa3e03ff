"""The staff's second factor (django-otp): an authenticator app (TOTP) and ten one-time recovery
codes, enrolled on the first sign-in and asked for on every sign-in after the password."""

from __future__ import annotations

import base64
from binascii import unhexlify

import segno
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .rules import needs_second_factor

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODES = 10


@transaction.atomic
def enrol_known_key(*, user, key_hex: str) -> TOTPDevice:
    """Give `user` a confirmed authenticator-app device with a given secret (the demo's users only)."""
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=APP_DEVICE_NAME, defaults={"key": key_hex, "confirmed": True}
    )
    return device


def required_for(user) -> bool:
    """Whether this signed-in user must pass a second factor (rules.needs_second_factor)."""
    if not user.is_authenticated:
        return False
    answer = getattr(user, "_needs_second_factor", None)  # asked by the middleware, views and API
    if answer is None:
        answer = user._needs_second_factor = needs_second_factor(
            is_staff=user.is_staff,
            is_superuser=user.is_superuser,
            role_names=user.groups.values_list("name", flat=True),
        )
    return answer


REQUIRED_SESSION_KEY = "second_factor_required"


def required_for_session(request) -> bool:
    """required_for(request.user), decided when the session signed in and kept in it, so pages
    ask no extra query (a change of role takes effect at the next sign-in)."""
    if not request.user.is_authenticated:
        return False
    required = request.session.get(REQUIRED_SESSION_KEY)
    if required is None:
        required = request.session[REQUIRED_SESSION_KEY] = required_for(request.user)
    return required


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(user) -> TOTPDevice:
    """The authenticator app being enrolled: one unconfirmed device, kept until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The device's secret as an authenticator app takes it by hand: base32, in groups of four."""
    secret = base64.b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, *, title: str) -> str:
    """The device's otpauth:// address as an inline SVG QR code (segno; no image library needed)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title=title, omitsize=False)


@transaction.atomic
def confirm_enrolment(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app device with a code from it; returns the new recovery codes, or None if wrong.

    Confirming replaces any earlier recovery codes and app devices of the user.
    """
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user=device.user)


@transaction.atomic
def new_recovery_codes(*, user) -> list[str]:
    """Ten fresh one-time recovery codes (the old ones stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(user, token: str):
    """The confirmed device that accepts `token` (an app code or an unused recovery code), or None.

    Each device counts its own failures and makes the next try wait longer (django-otp throttling).
    """
    token = "".join(token.split()).lower()
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None
