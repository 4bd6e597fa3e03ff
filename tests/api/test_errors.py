"""No request gets a server error from the API; every error has one shape ({key: [messages]})."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from hca_portal.api import MAX_JSON_DEPTH, exception_handler, json_depth

from .auth import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("America/Denver")), tick=False):
        yield


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/appeals/1/"),
        ("post", "/api/v1/appeals/1/withdraw/"),
        ("post", "/api/v1/appeals/1/decision/"),
        ("get", "/api/v1/appeals/not-a-uuid/"),
        ("get", "/api/v1/applications/1/"),
        ("post", "/api/v1/applications/1/decide/"),
    ],
)
@pytest.mark.parametrize("role", ["caseworker", "appeals_officer", "applicant_user"])
def test_an_id_that_is_not_a_uuid_is_a_json_404(request, role, method, path):
    client = api_client(request.getfixturevalue(role))

    response = getattr(client, method)(path, {}, format="json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": ["Not found."]}


@pytest.mark.parametrize("path", ["/cases/1/", "/appeals/1/", "/workspace/cases/1/timeline/"])
def test_a_page_with_an_id_that_is_not_a_uuid_is_a_404(client, caseworker, path):
    client.force_login(caseworker)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_deeply_nested_body_is_a_400_naming_the_limit(caseworker):
    response = api_client(caseworker).post("/api/v1/appeals/", "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": [f"The request body nests deeper than {MAX_JSON_DEPTH} levels."]}


def test_a_body_over_the_size_limit_is_a_400(caseworker, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"issues": ["' + "x" * 2000 + '"]}'
    response = api_client(caseworker).post("/api/v1/appeals/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": ["The request body is larger than 1000 bytes."]}


def test_a_malformed_body_is_a_400_in_the_documented_shape(caseworker):
    response = api_client(caseworker).post("/api/v1/appeals/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": ["The request body is not valid JSON."]}


@pytest.mark.parametrize(
    ("raw", "depth"),
    [
        (b"1", 0),
        (b"[]", 1),
        (b'{"a": [{"b": []}]}', 4),
        (b'{"a": "[[[[[[", "b": "\\"[[["}', 1),  # brackets inside strings do not count
        (b"[" * 33, 33),
    ],
)
def test_json_depth(raw, depth):
    assert json_depth(raw) == depth


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (ValidationError({"received_on": ["Too late."]}), 400, {"received_on": ["Too late."]}),
        (ValidationError("Already decided."), 400, {"non_field_errors": ["Already decided."]}),
        (PermissionDenied(), 403, {"detail": ["You do not have permission to perform this action."]}),
        (Http404("No such case."), 404, {"detail": ["No such case."]}),
    ],
)
def test_service_errors_become_api_errors_in_one_place(exc, status, body):
    response = exception_handler(exc, {})
    assert (response.status_code, response.data) == (status, body)


@pytest.mark.parametrize(
    ("member", "field", "message"),
    [
        ({"date_of_birth": "0001-01-01"}, "members[0].date_of_birth", "more than 120 years ago"),
        (
            {"daca_valid_from": "0001-01-01"},
            "members[0].daca_valid_from",
            "The start of DACA validity must be",
        ),
        ({"daca_valid_to": "9999-12-31"}, "members[0].daca_valid_to", "The end of DACA validity must be"),
    ],
)
def test_absurd_dates_are_refused_naming_the_field(caseworker, year2026, member, field, message):
    body = {
        "received_on": "2026-03-02",
        "household_size": 1,
        "annual_magi": "30000.00",
        "address_line": "100 Main St",
        "city": "Santa Fe",
        "zip_code": "87501",
        "members": [{"first_name": "Ana", "last_name": "Garcia", "date_of_birth": "1998-06-15", **member}],
    }
    response = api_client(caseworker).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 400
    assert message in response.json()[field][0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "0001-01-01", "more than 120 years ago"),
        ("daca_valid_from", "0001-01-01", "The start of DACA validity must be"),
        ("daca_valid_to", "9999-12-31", "The end of DACA validity must be"),
    ],
)
def test_the_intake_form_refuses_absurd_dates_on_the_field(field, value, message):
    from eligibility.forms import MemberForm

    data = {"first_name": "Ana", "last_name": "Garcia", "date_of_birth": "1998-06-15", "is_applying": "on"}
    form = MemberForm({**data, field: value})
    assert not form.is_valid()
    assert message in form.errors[field][0]


def test_an_appeal_shows_null_for_what_is_not_decided_yet(file_online, applicant_user):
    appeal = file_online()
    data = api_client(applicant_user).get(f"/api/v1/appeals/{appeal.pk}/").json()
    assert (data["outcome"], data["dismissal_reason"], data["assigned_to"]) == (None, None, None)


def test_an_absurd_effective_date_on_an_appeal_decision_is_refused(file_online, appeals_officer):
    appeal = file_online()
    body = {"outcome": "reversed", "reasons": "r", "decision": "eligible", "effective_date": "9999-12-31"}
    response = api_client(appeals_officer).post(f"/api/v1/appeals/{appeal.pk}/decision/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"effective_date": ["The effective date must be within 2 years of today."]}


def test_the_decide_form_refuses_an_absurd_effective_date():
    from appeals.forms import DecideForm

    form = DecideForm(
        {"outcome": "reversed", "reasons": "r", "decision": "eligible", "effective_date": "0001-01-01"}
    )
    assert not form.is_valid()
    assert form.errors["effective_date"] == ["The effective date must be within 2 years of today."]
