"""The demo's second factor: staff have a known authenticator key and `totp_code` prints the code."""

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from eligibility import demo
from hca_portal.auth.second_factor import secret_text
from tests.signin import totp_code


@pytest.mark.django_db
def test_demo_staff_get_the_known_key_and_externals_none():
    users = demo.create_demo_users()
    for username, _first, _last, role, _staff in demo.DEMO_USERS:
        device = TOTPDevice.objects.filter(user=users[username], confirmed=True).first()
        if role in ("Representative", "Applicant"):
            assert device is None
        else:
            assert secret_text(device) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"


@pytest.mark.django_db
def test_totp_code_prints_the_code_the_app_shows():
    users = demo.create_demo_users()
    device = TOTPDevice.objects.get(user=users["supervisor"])
    out = StringIO()
    call_command("totp_code", "supervisor", stdout=out, stderr=StringIO())
    if out.getvalue().strip() != totp_code(device):  # the 30-second step may turn in between
        time.sleep(0.1)
        assert out.getvalue().strip() == totp_code(device, at=time.time() - 1)
    with pytest.raises(CommandError):
        call_command("totp_code", "navigator", stdout=StringIO(), stderr=StringIO())
