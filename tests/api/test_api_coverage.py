"""The API's doors to coverage (issue 10 items 4-5): end and reinstate coverage, answer offers."""

from datetime import date, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from eligibility import services
from eligibility.models import CaseAccessLog, Enrollment, EnrollmentState
from hca_portal.dates import LOCAL_TZ
from tests.conftest import set_cap
from tests.factories import verify_reported

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield TODAY


def _decided(new_application, caseworker, **kwargs):
    application = new_application(**kwargs)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=TODAY)
    return Enrollment.objects.get(member__application=application)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def places(new_application, caseworker, applicant_user, year2026):
    set_cap(year2026, 1)
    return _decided(new_application, caseworker), _decided(
        new_application, caseworker, applicant_user=applicant_user
    )


def test_staff_end_coverage_and_the_next_in_line_is_offered(caseworker, places):
    holder, waiting = places

    response = _api(caseworker).post(
        f"/api/v1/enrollments/{holder.pk}/terminate/", {"reason_code": "end_daca_ended"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["ended_on"], body["end_reason"]) == (
        "terminated",
        "2026-03-31",
        "end_daca_ended",
    )
    waiting.refresh_from_db()
    assert waiting.state == EnrollmentState.OFFERED
    assert CaseAccessLog.objects.filter(user=caseworker, what="case_api").exists()


def test_a_bad_reason_names_its_field(caseworker, places):
    holder, _waiting = places
    response = _api(caseworker).post(
        f"/api/v1/enrollments/{holder.pk}/terminate/",
        {"reason_code": "end_request", "last_day": "2026-03-01"},
        format="json",
    )
    assert response.status_code == 400 and "last_day" in response.json()
    holder.refresh_from_db()
    assert holder.state == EnrollmentState.ENROLLED


def test_staff_reinstate_coverage(caseworker, places):
    holder, _waiting = places
    services.terminate_enrollment(
        enrollment=holder, reason_code="end_request", acting_user=caseworker, today=TODAY
    )

    response = _api(caseworker).post(
        f"/api/v1/enrollments/{holder.pk}/reinstate/",
        {"reason_code": "reinstate_request_withdrawn"},
        format="json",
    )

    assert response.status_code == 200 and response.json()["state"] == "enrolled"


def test_the_applicant_accepts_online_and_staff_must_say_how_an_answer_came(
    caseworker, applicant_user, places, make_user
):
    holder, waiting = places
    services.terminate_enrollment(
        enrollment=holder, reason_code="end_request", acting_user=caseworker, today=TODAY
    )

    staff = _api(caseworker).post(f"/api/v1/enrollments/{waiting.pk}/accept/", {}, format="json")
    assert staff.status_code == 400 and "channel" in staff.json()
    other = _api(make_user("Applicant", username="someone-else")).post(
        f"/api/v1/enrollments/{waiting.pk}/accept/"
    )
    assert other.status_code == 404

    response = _api(applicant_user).post(f"/api/v1/enrollments/{waiting.pk}/accept/")

    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["reply_channel"], body["replied_on"]) == ("enrolled", "online", "2026-03-10")


def test_the_applicant_may_not_end_coverage(applicant_user, places):
    _holder, waiting = places
    response = _api(applicant_user).post(
        f"/api/v1/enrollments/{waiting.pk}/terminate/", {"reason_code": "end_request"}, format="json"
    )
    assert response.status_code == 403


def test_an_enrollment_that_exists_nowhere_looks_like_one_you_may_not_see(applicant_user, caseworker, places):
    holder, _waiting = places
    missing = _api(applicant_user).get("/api/v1/enrollments/00000000-0000-4000-8000-000000000000/")
    hidden = _api(applicant_user).get(f"/api/v1/enrollments/{holder.pk}/")
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()


def test_staff_record_a_decline_received_by_phone(caseworker, places):
    holder, waiting = places
    services.terminate_enrollment(
        enrollment=holder, reason_code="end_request", acting_user=caseworker, today=TODAY
    )

    response = _api(caseworker).post(
        f"/api/v1/enrollments/{waiting.pk}/decline/",
        {"channel": "phone", "received_on": "2026-03-10"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["reply_channel"], body["replied_on"]) == ("declined", "phone", "2026-03-10")
    late = _api(caseworker).post(
        f"/api/v1/enrollments/{waiting.pk}/accept/",
        {"channel": "mail", "received_on": "2026-03-10"},
        format="json",
    )
    assert late.status_code == 400 and "state" in late.json()
