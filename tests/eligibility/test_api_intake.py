"""POST /api/v1/applications/: token auth, nested validation that names each field, nothing half-saved."""

import copy
from datetime import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from eligibility.models import Application, Member
from hca_portal.api import flatten_errors
from hca_portal.dates import LOCAL_TZ

from ..signin import api_key

URL = "/api/v1/applications/"

PAYLOAD = {
    "received_on": "2026-03-02",
    "household_size": 2,
    "annual_magi": "30000.00",
    "preferred_language": "es",
    "address_line": "100 Main St",
    "city": "Santa Fe",
    "zip_code": "87501",
    "members": [
        {
            "first_name": "Ana",
            "last_name": "Garcia",
            "date_of_birth": "1998-06-15",
            "ead_category": "C33",
            "daca_valid_from": "2025-01-01",
            "daca_valid_to": "2027-12-31",
            "has_other_coverage": False,
            "is_incarcerated": False,
        },
        {"first_name": "Luis", "last_name": "Garcia", "date_of_birth": "2020-01-05", "is_applying": False},
    ],
}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield


@pytest.fixture
def api(caseworker):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(caseworker)}")
    return client


def payload(**changes):
    data = copy.deepcopy(PAYLOAD)
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_without_a_token_the_answer_is_401(method):
    response = getattr(APIClient(), method)(URL, PAYLOAD, format="json")
    assert response.status_code == 401
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_wrong_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.post(URL, PAYLOAD, format="json").status_code == 401


@pytest.mark.django_db
def test_intake_with_a_token_creates_the_application_and_returns_its_status(api, caseworker):
    response = api.post(URL, PAYLOAD, format="json")

    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    body = response.json()
    assert response["Location"].endswith(f"/api/v1/applications/{application.pk}/")
    assert (body["id"], body["state"], body["channel"], body["plan_year"]) == (
        str(application.pk),
        "received",
        "api",
        2026,
    )
    ana = next(m for m in body["members"] if m["first_name"] == "Ana")
    # Issue 9 item 4: no document yet, so DACA status is "not verified yet", never "met".
    assert {f["criterion"]: f["status"] for f in ana["findings"]}["daca"] == "unverified"
    assert all(f["reason"] for f in ana["findings"])
    assert application.members.count() == 2
    assert application.history.get().history_user == caseworker


@pytest.mark.django_db
def test_a_bad_payload_gets_a_400_naming_each_field_and_nothing_is_saved(api):
    bad = payload(household_size=0)
    bad["members"][0]["date_of_birth"] = "15/06/1998"
    bad["members"][1]["first_name"] = ""

    response = api.post(URL, bad, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"household_size", "members[0].date_of_birth", "members[1].first_name"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())
    assert not Application.objects.exists() and not Member.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"household_size": 1}, "household_size"),
        ({"members": []}, "members"),
        ({"received_on": "2029-01-01"}, "received_on"),
        ({"zip_code": "ABCDE"}, "zip_code"),
        ({"annual_magi": "-1"}, "annual_magi"),
    ],
)
def test_cross_field_errors_name_their_field(api, changes, field):
    response = api.post(URL, payload(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_nested_cross_field_errors_name_the_member_field(api):
    bad = payload()
    bad["members"][0]["daca_valid_to"] = "2024-01-01"

    response = api.post(URL, bad, format="json")

    assert list(response.json()) == ["members[0].daca_valid_to"]


@pytest.mark.django_db
def test_a_refusal_by_the_service_is_a_400_naming_the_field_and_nothing_is_saved(api):
    too_long = (
        "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"
    )  # a valid address over the 254-character column

    response = api.post(URL, payload(email=too_long), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert not Application.objects.exists() and not Member.objects.exists()


@pytest.mark.django_db
def test_a_representative_may_not_take_applications(representative):
    client = APIClient()
    client.force_authenticate(representative)
    assert client.post(URL, PAYLOAD, format="json").status_code == 403
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("errors", "flat"),
    [
        ({"household_size": ["bad"]}, {"household_size": ["bad"]}),
        ({"members": [{}, {"date_of_birth": ["bad"]}]}, {"members[1].date_of_birth": ["bad"]}),
        ({"members": {0: {"first_name": ["bad"]}}}, {"members[0].first_name": ["bad"]}),
        ({"members": {"non_field_errors": ["empty"]}}, {"members": ["empty"]}),
        ({"non_field_errors": ["whole"]}, {"non_field_errors": ["whole"]}),
    ],
)
def test_flatten_errors_names_each_path(errors, flat):
    assert flatten_errors(errors) == flat
