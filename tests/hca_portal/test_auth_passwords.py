"""Passwords: 12 characters or more, not a common one (issue 11 item 2)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    [
        "Summer2026",  # accepted by Django's defaults before
        "Sunny-day-1",  # 11 characters
        "password1234",  # 12 characters, but a common password
        "123456789012345",  # all digits
    ],
)
def test_weak_passwords_are_refused(password, caseworker):
    with pytest.raises(ValidationError):
        validate_password(password, user=caseworker)


def test_a_long_uncommon_password_is_accepted(caseworker):
    validate_password("Acequia-madre-tres-2026", user=caseworker)
