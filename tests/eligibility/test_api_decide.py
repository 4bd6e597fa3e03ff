"""POST /api/v1/applications/<uuid>/decide/: the decide permission, through the access helper."""

from datetime import date, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from eligibility import services
from eligibility.models import ApplicationState
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
def test_a_caseworker_decides_through_the_api(caseworker, new_application):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    verify_reported(application, caseworker)

    response = as_user(caseworker).post(f"{URL}{application.pk}/decide/")

    assert response.status_code == 200
    assert response.json()["state"] == ApplicationState.DETERMINED


@pytest.mark.django_db
def test_deciding_a_case_not_in_review_is_a_400_naming_the_state(caseworker, new_application):
    application = new_application()

    response = as_user(caseworker).post(f"{URL}{application.pk}/decide/")

    assert response.status_code == 400
    assert list(response.json()) == ["state"]


@pytest.mark.django_db
def test_a_representative_may_not_decide(representative, caseworker, client_case):
    services.start_review(application=client_case, acting_user=caseworker)

    response = as_user(representative).post(f"{URL}{client_case.pk}/decide/")

    assert response.status_code == 403
    client_case.refresh_from_db()
    assert client_case.state == ApplicationState.IN_REVIEW


@pytest.mark.django_db
def test_a_stranger_deciding_gets_404(make_user, client_case):
    stranger = make_user(roles.CASEWORKER, username="cw2")
    stranger.groups.clear()
    assert as_user(stranger).post(f"{URL}{client_case.pk}/decide/").status_code == 404


@pytest.mark.django_db
def test_unverified_criteria_show_as_such_and_block_the_api_decision(caseworker, new_application):
    # Issue 9 item 4: intake meets no criterion on what the application reports.
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)

    detail = as_user(caseworker).get(f"{URL}{application.pk}/").json()
    findings = {f["criterion"]: f["status"] for m in detail["members"] for f in m["findings"]}
    assert set(findings.values()) == {"unverified"}

    response = as_user(caseworker).post(f"{URL}{application.pk}/decide/")
    assert response.status_code == 400
    assert list(response.json()) == ["findings"]
