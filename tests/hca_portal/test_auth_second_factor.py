"""A second factor for every staff role: enrolment on the first sign-in (QR code and secret), a
code on every sign-in, recovery codes; staff pages, the admin and the API need it (issue 11 item 2)."""

import re
import time

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.signin import password_only_login, totp_code, totp_device

PASSWORD = "pass-1234-word"
STAFF = ["caseworker", "supervisor", "appeals_officer", "bureau_reviewer", "program_admin"]


def _password(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF)
def test_first_sign_in_enrols_an_authenticator_app(request, role):
    user = request.getfixturevalue(role)
    client = Client()
    response = _password(client, user)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/second-factor/enrol/")
    # Not in yet: a staff page sends back to the second factor.
    home = client.get("/workspace/")
    assert home.status_code == 302 and home["Location"].startswith("/accounts/second-factor/")

    page = client.get(response["Location"])
    body = page.content.decode()
    assert "<svg" in body and "QR code for your authenticator app" in body
    secret = re.search(r'<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>', body).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret.replace(" ", "") in device.config_url

    wrong = client.post("/accounts/second-factor/enrol/", {"otp_token": "000000", "next": "/"})
    assert "That code is not right" in wrong.content.decode()
    time.sleep(1.1)  # django-otp makes the next try wait 1 s after a wrong code (2 s after two, ...)
    done = client.post("/accounts/second-factor/enrol/", {"otp_token": totp_code(device), "next": "/"})
    assert done.status_code == 200
    codes = re.findall(r'<li class="recovery-code">(\w+)</li>', done.content.decode())
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(codes)
    assert client.get("/").status_code == 302
    assert client.get(client.get("/")["Location"]).status_code == 200


@pytest.mark.django_db
def test_every_sign_in_asks_for_a_code(caseworker):
    device = totp_device(caseworker)
    client = Client()
    response = _password(client, caseworker)
    assert response["Location"].startswith("/accounts/second-factor/?")
    assert client.get("/workspace/caseworker/").status_code == 302
    response = client.post(
        "/accounts/second-factor/", {"otp_token": totp_code(device), "next": "/workspace/"}
    )
    assert response.status_code == 302 and response["Location"] == "/workspace/"
    assert client.get("/workspace/caseworker/").status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_works_once(caseworker):
    from hca_portal.auth.second_factor import new_recovery_codes

    totp_device(caseworker)
    code = new_recovery_codes(user=caseworker)[0]
    first, second = Client(), Client()
    _password(first, caseworker)
    assert first.post("/accounts/second-factor/", {"otp_token": code}).status_code == 302
    assert first.get("/workspace/caseworker/").status_code == 200
    _password(second, caseworker)
    reused = second.post("/accounts/second-factor/", {"otp_token": code})
    assert reused.status_code == 200 and "That code is not right" in reused.content.decode()


@pytest.mark.django_db
def test_the_admin_needs_the_second_factor(program_admin):
    client = Client()
    password_only_login(client, program_admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/second-factor/")
    client.force_login(program_admin)  # with the second factor
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_api_refuses_a_session_without_the_second_factor(caseworker):
    client = APIClient()
    password_only_login(client, caseworker)
    assert client.get("/api/v1/applications/").status_code in (401, 403)
    client.force_login(caseworker)
    assert client.get("/api/v1/applications/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["representative", "applicant_user"])
def test_representatives_and_applicants_are_not_asked_for_a_second_factor(request, role):
    user = request.getfixturevalue(role)
    client = Client()
    response = _password(client, user)
    assert response.status_code == 302 and response["Location"] == "/"
    workspace = client.get(client.get("/")["Location"])
    assert workspace.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()
