"""Failed sign-ins are throttled per account and per address, logged, and unlocked in the admin
(django-axes; issue 11 item 2). LOGIN_FAILURE_LIMIT (5) failures lock for LOGIN_LOCKOUT_MINUTES (15)."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import Client

from tests.signin import password_only_login, totp_code, totp_device

LOGIN = "/accounts/login/"
PASSWORD = "pass-1234-word"
LIMIT = settings.AXES_FAILURE_LIMIT


def _sign_in(client, username, password, path=LOGIN):
    return client.post(path, {"username": username, "password": password})


def test_the_limit_is_five_failures_for_fifteen_minutes():
    assert LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


@pytest.mark.django_db
def test_wrong_passwords_lock_the_account_with_a_clear_message_and_a_record(client, caseworker):
    for attempt in range(1, LIMIT):
        response = _sign_in(client, "caseworker", f"wrong-{attempt}")
        assert response.status_code == 200
        assert "didn't match" in response.content.decode()
        assert "After 5 failed attempts, signing in is paused for 15 minutes" in response.content.decode()
    response = _sign_in(client, "caseworker", "wrong-last")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts (5)" in response.content.decode()
    assert response["Retry-After"] == str(15 * 60)

    # Even the right password is refused while locked, from this or another address.
    assert _sign_in(client, "caseworker", PASSWORD).status_code == 429
    assert _sign_in(Client(REMOTE_ADDR="198.51.100.7"), "caseworker", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # The audit: one row per failure (no password), and the account's attempt counter.
    assert AccessFailureLog.objects.filter(username="caseworker").count() >= LIMIT
    attempt = AccessAttempt.objects.get(username="caseworker", ip_address="127.0.0.1")
    assert attempt.failures_since_start >= LIMIT
    assert "wrong" not in attempt.post_data


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, representative):
    for attempt in range(LIMIT - 1):
        _sign_in(client, "navigator", f"wrong-{attempt}")
    response = _sign_in(client, "navigator", PASSWORD)
    assert response.status_code == 302
    # A complete sign-in forgets this account's failures from this address.
    assert not AccessAttempt.objects.filter(username="navigator").exists()


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_locked(client, make_user):
    make_user("Caseworker", username="victim")
    for n in range(LIMIT):
        _sign_in(client, f"guess-{n}", "wrong-password")
    # The address is locked: the next account fails even with its right password...
    assert _sign_in(client, "victim", PASSWORD).status_code == 429
    # ...while the same account from another address signs in.
    other = Client(REMOTE_ADDR="198.51.100.7")
    response = _sign_in(other, "victim", PASSWORD)
    assert response.status_code == 302 and "/accounts/second-factor/" in response["Location"]


@pytest.mark.django_db
def test_the_admin_sign_in_is_locked_too(client, program_admin):
    for _ in range(LIMIT):
        _sign_in(client, "admin-hca", "wrong-password", path="/admin/login/")
    response = _sign_in(client, "admin-hca", PASSWORD, path="/admin/login/")
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="admin-hca", path_info="/admin/login/").exists()


@pytest.mark.django_db
def test_wrong_second_factor_codes_count_and_end_the_half_signed_in_session(client, caseworker):
    device = totp_device(caseworker)
    assert _sign_in(client, "caseworker", PASSWORD).status_code == 302
    for attempt in range(LIMIT - 1):
        response = client.post("/accounts/second-factor/", {"otp_token": "000000" if attempt else "12"})
        assert response.status_code == 200
        assert "That code is not right" in response.content.decode()
    response = client.post("/accounts/second-factor/", {"otp_token": "999999"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Password and a right code are both refused now.
    assert _sign_in(client, "caseworker", PASSWORD).status_code == 429
    assert totp_code(device)  # (the device still works once the lock ends)


@pytest.mark.django_db
def test_an_administrator_sees_and_resets_a_lockout_in_the_admin(client, caseworker, program_admin):
    for _ in range(LIMIT):
        _sign_in(client, "caseworker", "wrong-password")
    assert _sign_in(client, "caseworker", PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get(username="caseworker")

    admin = Client()
    admin.force_login(program_admin)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "caseworker" in listing.content.decode()
    assert admin.get("/admin/axes/accessfailurelog/").status_code == 200
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    response = _sign_in(client, "caseworker", PASSWORD)
    assert response.status_code == 302 and "/accounts/second-factor/" in response["Location"]


@pytest.mark.django_db
def test_staff_without_the_admin_role_cannot_reset_lockouts(caseworker, supervisor):
    client = Client()
    client.force_login(supervisor)
    assert client.get("/admin/axes/accessattempt/").status_code in (302, 403)
    password_only_login(client, supervisor)
    assert client.get("/admin/axes/accessattempt/").status_code in (302, 403)
