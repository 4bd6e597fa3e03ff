"""GET /api/v1/applications/ and /<uuid>/: only the cases the caller may see."""

from datetime import date, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from eligibility import services
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ
from tests.factories import verify_reported

URL = "/api/v1/applications/"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 10)


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def client_case(new_application, caseworker, representative, today):
    """A case whose active representative is `representative`."""
    application = new_application()
    services.designate_representative(
        application=application,
        representative=representative,
        kind="navigator",
        starts_on=today,
        acting_user=caseworker,
    )
    return application


@pytest.mark.django_db
def test_the_list_holds_only_cases_the_caller_may_see(
    caseworker, representative, client_case, new_application
):
    other = new_application()

    staff = as_user(caseworker).get(URL).json()
    rep = as_user(representative).get(URL).json()

    assert {row["id"] for row in staff["results"]} == {str(client_case.pk), str(other.pk)}
    assert [row["id"] for row in rep["results"]] == [str(client_case.pk)]
    assert set(rep["results"][0]) >= {"reference", "state", "received_on", "member_count", "next_due_on"}


@pytest.mark.django_db
def test_the_list_filters_by_state(caseworker, new_application):
    _received, reviewing = new_application(), new_application()
    services.start_review(application=reviewing, acting_user=caseworker)

    body = as_user(caseworker).get(URL, {"state": "in_review"}).json()

    assert [row["id"] for row in body["results"]] == [str(reviewing.pk)]
    assert body["count"] == 1
    assert as_user(caseworker).get(URL, {"state": "bogus"}).status_code == 400


@pytest.mark.django_db
def test_status_shows_findings_determinations_enrollments_and_due_date(caseworker, new_application, today):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=today)

    body = as_user(caseworker).get(f"{URL}{application.pk}/").json()

    assert body["state"] == "determined" and body["next_due_on"] is None
    member = body["members"][0]
    assert len(member["findings"]) == 5
    assert member["enrollments"][0]["state"] == "enrolled"
    determination = body["determinations"][0]
    assert determination["decision"] == "eligible" and determination["member"] == member["id"]
    assert {"fpl_pct", "premium_assistance", "oop_tier", "effective_date"} <= set(determination)


@pytest.mark.django_db
def test_status_is_404_for_a_stranger_and_200_for_the_representative(make_user, representative, client_case):
    stranger = make_user(roles.REPRESENTATIVE, username="stranger")

    assert as_user(stranger).get(f"{URL}{client_case.pk}/").status_code == 404
    assert as_user(representative).get(f"{URL}{client_case.pk}/").status_code == 200
