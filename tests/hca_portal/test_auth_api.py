"""API tokens that expire and can be revoked (stored hashed), and the API's throttles: 429 with
Retry-After (issue 11 item 2)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from hca_portal.auth.tokens import issue_token
from hca_portal.models import ApiToken

URL = "/api/v1/applications/"


def _api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.django_db
def test_a_token_is_issued_on_the_security_page_shown_once_and_stored_hashed(caseworker):
    client = Client()
    client.force_login(caseworker)
    page = client.post("/accounts/security/", {"action": "issue", "name": "Intake robot"})
    body = page.content.decode()
    token = ApiToken.objects.get(user=caseworker)
    key = body.split('<code id="new-token-key">')[1].split("</code>")[0]
    assert key.startswith("hca_") and len(key) > 40
    assert key not in token.key_hash and token.key_hash != key and token.prefix in key
    assert key not in client.get("/accounts/security/").content.decode()  # shown once
    assert _api(key).get(URL).status_code == 200


@pytest.mark.django_db
def test_a_token_works_until_its_expiry_moment(caseworker):
    token, key = issue_token(user=caseworker, name="robot")
    assert token.expires_at - token.created_at >= timedelta(days=30) - timedelta(seconds=1)
    with time_machine.travel(token.expires_at - timedelta(seconds=1), tick=False):
        assert _api(key).get(URL).status_code == 200
    with time_machine.travel(token.expires_at, tick=False):
        response = _api(key).get(URL)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_the_owner_revokes_a_token_and_it_answers_401(caseworker):
    token, key = issue_token(user=caseworker, name="robot")
    client = Client()
    client.force_login(caseworker)
    response = client.post("/accounts/security/", {"action": "revoke", "token": str(token.pk)})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _api(key).get(URL).status_code == 401


@pytest.mark.django_db
def test_nobody_revokes_someone_elses_token(caseworker, representative):
    token, key = issue_token(user=caseworker, name="robot")
    client = Client()
    client.force_login(representative)
    response = client.post("/accounts/security/", {"action": "revoke", "token": str(token.pk)})
    assert response.status_code == 404
    assert _api(key).get(URL).status_code == 200


@pytest.mark.django_db
def test_an_administrator_revokes_a_token_in_the_admin(caseworker, program_admin):
    token, key = issue_token(user=caseworker, name="robot")
    admin = Client()
    admin.force_login(program_admin)
    listing = admin.get("/admin/hca_portal/apitoken/")
    assert listing.status_code == 200 and key not in listing.content.decode()
    response = admin.post(
        "/admin/hca_portal/apitoken/", {"action": "revoke", "_selected_action": [str(token.pk)]}
    )
    assert response.status_code == 302
    assert _api(key).get(URL).status_code == 401


@pytest.mark.django_db
def test_failed_token_attempts_are_limited_per_address_with_retry_after(caseworker):
    _token, key = issue_token(user=caseworker, name="robot")
    statuses = [_api(f"hca_guess{n}").get(URL).status_code for n in range(10)]
    assert statuses == [401] * 10
    blocked = _api("hca_guess-eleven").get(URL)
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 60
    # Guessing stays slow: from that address even the right key waits...
    assert _api(key).get(URL).status_code == 429
    # ...while another address is not affected.
    assert _api(key).get(URL, REMOTE_ADDR="198.51.100.7").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert _api(key).get(URL).status_code == 200


@pytest.mark.django_db
def test_each_user_has_a_request_rate(caseworker, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    _token, key = issue_token(user=caseworker, name="robot")
    client = _api(key)
    assert [client.get(URL).status_code for _ in range(3)] == [200] * 3
    response = client.get(URL)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_the_rates_are_set_in_one_place(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"anon": "60/minute", "user": "1200/minute", "failed_authentication": "10/minute"}
