"""Concurrent approvals of the last slot through real HTTP (a live server): exactly one enrolled
(issue 11, item 6). The service-level race is in tests/eligibility/test_services_cap.py."""

import http.client
import threading
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from eligibility.models import Application, EnrollmentState
from hca_portal.dates import LOCAL_TZ
from tests.conftest import set_cap
from tests.factories import verify_reported

CONCURRENT = 12
CSRF = "capRaceCsrfSecret0123456789abcde"  # a 32-character CSRF secret, sent as cookie and header


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=True):
        yield


@pytest.fixture
def blank_render(monkeypatch):
    """The notices render eagerly inside each request here: a blank PDF keeps the race about the cap."""
    from tests.notices.conftest import blank_pdf

    monkeypatch.setattr(
        "notices.rendering.render_notice_pdf", lambda content, template=None: (blank_pdf(), 1)
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_the_last_slot_over_http_enroll_exactly_one(
    live_server, client, caseworker, new_application, year2026, blank_render
):
    # given: complete, eligible applications and a cap with one slot left
    applications = []
    for i in range(CONCURRENT):
        application = new_application(magi="50000.00")
        verify_reported(application, caseworker)
        Application.objects.filter(pk=application.pk).update(
            completed_at=datetime(2026, 3, 9, 9, tzinfo=ZoneInfo("America/Denver")) + timedelta(minutes=i)
        )
        applications.append(application)
    set_cap(year2026, 1)
    client.force_login(caseworker)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
    cookie += f"{settings.CSRF_COOKIE_NAME}={CSRF}"
    server = urlsplit(live_server.url)
    barrier = threading.Barrier(CONCURRENT)
    answers: dict[int, int] = {}

    def approve(i, application):
        # Half through the case page's form, half through the API, all at the same moment.
        path = (
            reverse("eligibility:decide", kwargs={"pk": application.pk})
            if i % 2
            else f"/api/v1/applications/{application.pk}/decide/"
        )
        conn = http.client.HTTPConnection(server.hostname, server.port, timeout=120)
        barrier.wait()
        # the page's form posts the confirmation of the summary; the API needs none
        body = "confirm=yes" if i % 2 else ""
        headers = {"Cookie": cookie, "X-CSRFToken": CSRF, "Content-Type": "application/x-www-form-urlencoded"}
        conn.request("POST", path, body=body, headers=headers)
        answers[i] = conn.getresponse().status
        conn.close()

    # when
    threads = [threading.Thread(target=approve, args=(i, a)) for i, a in enumerate(applications)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    # then: every request answered as usual, one enrolled, the others waitlisted
    assert answers == {i: 302 if i % 2 else 200 for i in range(CONCURRENT)}
    states = [
        e.state for a in applications for m in a.members.filter(is_applying=True) for e in m.enrollments.all()
    ]
    assert len(states) == CONCURRENT
    assert states.count(EnrollmentState.ENROLLED) == 1
    assert states.count(EnrollmentState.WAITLISTED) == CONCURRENT - 1
