"""Appeals in the REST API: token auth, filing, status and dates, decisions; errors name the field."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from appeals.models import Appeal
from hca_portal import roles

from ..signin import api_key

pytestmark = pytest.mark.django_db

URL = "/api/v1/appeals/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("America/Denver")), tick=False):
        yield


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    return client


def _body(case, **extra):
    application, determination, notice = case
    return {
        "application": str(application.pk),
        "determination": str(determination.pk),
        "notice_appealed": str(notice.pk),
        "issues": ["eligibility_status"],
        **extra,
    }


def test_token_is_required(denied_case):
    assert APIClient().post(URL, _body(denied_case), format="json").status_code == 401


def test_applicant_files_and_reads_status_and_dates(denied_case, applicant_user):
    response = api(applicant_user).post(URL, _body(denied_case, statement="Income is lower"), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["state"], data["level"], data["channel"]) == ("screened", "first", "online")
    assert data["decision_due_on"] == "2026-04-09"
    assert data["decision_due_rule"] == "first_level_decision"
    labels = {d["label"]: d for d in data["due_dates"]}
    assert labels["Decision due"]["explain"].startswith("received Fri 2026-03-20; 20 calendar days")

    detail = api(applicant_user).get(f"{URL}{data['id']}/")
    assert detail.status_code == 200 and detail.json()["reference"] == data["reference"]

    # the explanations are rendered when read, in the request's language (issue 9 item 7)
    spanish = api(applicant_user).get(f"{URL}{data['id']}/", HTTP_ACCEPT_LANGUAGE="es").json()
    labels = {d["label"]: d for d in spanish["due_dates"]}
    assert labels["Fecha límite para decidir"]["explain"].startswith(
        "recibida el vie 2026-03-20; 20 días naturales"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"issues": []}, "issues"),
        ({"issues": ["everything"]}, "issues[0]"),  # errors are keyed by path (one shape for the API)
        ({"notice_appealed": "00000000-0000-0000-0000-000000000000"}, "notice_appealed"),
        ({"determination": "not-a-uuid"}, "determination"),
        ({"application": None}, "application"),
    ],
)
def test_validation_errors_name_the_field(denied_case, applicant_user, change, field):
    body = {k: v for k, v in _body(denied_case, **change).items() if v is not None}
    response = api(applicant_user).post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_service_errors_name_the_field(denied_case, applicant_user):
    client = api(applicant_user)
    assert client.post(URL, _body(denied_case), format="json").status_code == 201
    response = client.post(URL, _body(denied_case), format="json")
    assert response.status_code == 400
    assert "determination" in response.json()


def test_another_representative_cannot_file_or_see(denied_case, applicant_user, make_user):
    stranger = make_user(roles.REPRESENTATIVE, username="stranger")
    api(applicant_user).post(URL, _body(denied_case), format="json")

    response = api(stranger).post(URL, _body(denied_case), format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"application", "determination", "notice_appealed"}
    assert api(stranger).get(URL).json()["results"] == []
    appeal = Appeal.objects.get()
    assert api(stranger).get(f"{URL}{appeal.pk}/").status_code == 404


def test_staff_log_needs_channel_and_received_on(denied_case, caseworker):
    response = api(caseworker).post(URL, _body(denied_case), format="json")
    assert response.status_code == 400
    assert {"channel", "received_on", "appellant_kind"} <= set(response.json())

    response = api(caseworker).post(
        URL,
        _body(
            denied_case,
            channel="phone",
            received_on="2026-03-19",
            appellant_kind="applicant",
            appellant_name="Ana Garcia",
        ),
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["channel"], response.json()["received_on"]) == ("phone", "2026-03-19")


def test_decision_through_the_api(denied_case, applicant_user, appeals_officer, caseworker):
    appeal_id = api(applicant_user).post(URL, _body(denied_case), format="json").json()["id"]
    url = f"{URL}{appeal_id}/decision/"

    caseworker.groups.add(Group.objects.get(name=roles.APPEALS_OFFICER))
    assert api(caseworker).post(url, {"outcome": "upheld", "reasons": "r"}, format="json").status_code == 403
    assert (
        api(applicant_user).post(url, {"outcome": "upheld", "reasons": "r"}, format="json").status_code == 403
    )

    response = api(appeals_officer).post(url, {"outcome": "reversed", "reasons": "r"}, format="json")
    assert response.status_code == 400
    assert {"decision", "effective_date"} <= set(response.json())

    response = api(appeals_officer).post(
        url,
        {
            "outcome": "reversed",
            "reasons": "Income recounted",
            "decision": "eligible",
            "effective_date": "2026-04-01",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["state"], data["outcome"]) == ("decided", "reversed")
    assert data["new_determination"] and data["decision_notice"]
    assert data["final_appeal_due_on"] == "2026-04-20"  # Fri 3-20 + 30 = Sun 4-19 -> Mon 4-20


def test_withdraw_through_the_api(denied_case, applicant_user):
    appeal_id = api(applicant_user).post(URL, _body(denied_case), format="json").json()["id"]
    response = api(applicant_user).post(f"{URL}{appeal_id}/withdraw/", {}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["dismissal_reason"]) == ("dismissed", "withdrawn")


def test_schema_lists_the_appeal_endpoints(client, applicant_user):
    client.force_login(applicant_user)
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/appeals/", "/api/v1/appeals/{id}/decision/", "/api/v1/appeals/{id}/withdraw/"):
        assert path in schema
