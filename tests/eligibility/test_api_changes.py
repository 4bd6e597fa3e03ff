"""/api/v1/applications/<uuid>/changes/: report, record and apply changes through the access helper."""

from datetime import date, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from eligibility import services
from eligibility.models import Application, ReportedChange
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ
from tests.factories import verify_reported

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 4, 20, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 4, 20)


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def decided(new_application, caseworker, applicant_user):
    application = new_application(magi="30000.00", applicant_user=applicant_user)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
    return application


def url(application, suffix=""):
    return f"/api/v1/applications/{application.pk}/changes/{suffix}"


def test_the_applicant_reports_and_the_caseworker_applies(decided, applicant_user, caseworker):
    response = as_user(applicant_user).post(
        url(decided), {"kind": "income", "event_on": "2026-04-15", "annual_magi": "20000.00"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["source"], body["due_on"]) == ("reported", "applicant", "2026-05-20")
    assert body["kind_label"] == "Income changed"

    # the applicant may not apply it
    apply = url(decided, f"{body['id']}/apply/")
    assert as_user(applicant_user).post(apply).status_code == 403

    response = as_user(caseworker).post(apply)
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["effective_date"], body["adverse"]) == ("applied", "2026-05-01", False)
    assert body["previous"] == {"annual_magi": "30000.00"}
    assert len(body["determinations"]) == 1

    listed = as_user(caseworker).get(url(decided)).json()
    assert [c["id"] for c in listed] == [body["id"]]


def test_a_caseworker_records_a_correction_applied_at_once(decided, caseworker):
    response = as_user(caseworker).post(
        url(decided),
        {
            "kind": "intake_correction",
            "event_on": "2026-04-20",
            "household_size": 2,
            "why": "Typo at intake.",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["state"] == "applied"
    assert Application.objects.get(pk=decided.pk).household_size == 2


def test_bad_input_names_the_field_and_saves_nothing(decided, caseworker):
    response = as_user(caseworker).post(
        url(decided), {"kind": "income", "event_on": "2026-04-15"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"annual_magi"}

    response = as_user(caseworker).post(
        url(decided),
        {"kind": "incarceration", "event_on": "2026-04-15", "member": 999999, "is_incarcerated": True},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"member"}
    assert not ReportedChange.objects.exists()


def test_a_case_you_may_not_see_is_not_found(decided, make_user):
    stranger = make_user(roles.APPLICANT, username="stranger")
    response = as_user(stranger).post(
        url(decided), {"kind": "income", "event_on": "2026-04-15", "annual_magi": "1"}, format="json"
    )
    assert response.status_code == 404
    assert as_user(stranger).get(url(decided)).status_code == 404


def test_an_appeals_officer_sees_changes_but_may_not_report(decided, appeals_officer):
    assert as_user(appeals_officer).get(url(decided)).status_code == 200
    response = as_user(appeals_officer).post(
        url(decided), {"kind": "income", "event_on": "2026-04-15", "annual_magi": "1"}, format="json"
    )
    assert response.status_code == 403
