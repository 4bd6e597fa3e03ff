"""Staff are signed out after 30 minutes without a request, with a message on the sign-in page;
representatives and applicants are not (issue 11 item 2; STAFF_IDLE_TIMEOUT_MINUTES)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client

from hca_portal.dates import LOCAL_TZ

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=LOCAL_TZ)


@pytest.mark.django_db
def test_a_staff_session_ends_after_thirty_idle_minutes(caseworker):
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.force_login(caseworker)
        assert client.get("/workspace/caseworker/").status_code == 200
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):  # exactly 30: still in
        assert client.get("/workspace/caseworker/").status_code == 200
    with time_machine.travel(T0 + timedelta(minutes=60, seconds=1), tick=False):
        response = client.get("/workspace/caseworker/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/workspace/caseworker/"
        page = client.get(response["Location"])
        assert "You were signed out after 30 minutes without activity" in page.content.decode()
        assert client.get("/workspace/caseworker/").status_code == 302


@pytest.mark.django_db
def test_the_timeout_is_a_setting(caseworker, settings):
    settings.STAFF_IDLE_TIMEOUT = timedelta(minutes=5)
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.force_login(caseworker)
        client.get("/workspace/caseworker/")
    with time_machine.travel(T0 + timedelta(minutes=5, seconds=1), tick=False):
        assert client.get("/workspace/caseworker/").status_code == 302


@pytest.mark.django_db
def test_an_applicant_is_not_timed_out(applicant_user):
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.force_login(applicant_user)
        assert client.get("/accounts/security/").status_code == 200
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        assert client.get("/accounts/security/").status_code == 200
