"""Every read of a case's personal data is logged once, by the access helper every door goes through (P7);
the program administrator reads the log per case and per user and exports it; an external user cannot
tell another person's case from one that does not exist."""

import uuid
from datetime import date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eligibility import services
from eligibility.models import CaseAccessLog
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ

from ..factories import pdf_file
from .auth import api_client

pytestmark = pytest.mark.django_db

What = CaseAccessLog.What


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 20)


@pytest.fixture
def case(denied_case, designated, file_online, caseworker, django_capture_on_commit_callbacks):
    """The denied case (notice rendered), represented, with an evidence document and an appeal."""
    application, _determination, notice = denied_case
    from notices.tasks import render_notice

    render_notice(str(notice.pk))
    document = services.add_evidence(
        application=application,
        kind="residency",
        uploaded_file=SimpleUploadedFile("lease.pdf", pdf_file(), content_type="application/pdf"),
        acting_user=caseworker,
    )
    appeal = file_online()
    CaseAccessLog.objects.all().delete()
    return application, notice, document, appeal


def _doors(case):
    application, notice, document, appeal = case
    return {
        "case page": ("page", reverse("eligibility:case", args=[application.pk]), What.CASE),
        "timeline page": ("page", reverse("workspaces:case_timeline", args=[application.pk]), What.TIMELINE),
        "timeline partial": (
            "htmx",
            reverse("workspaces:case_timeline", args=[application.pk]),
            What.TIMELINE,
        ),
        "appeal page": ("page", reverse("appeals:detail", args=[appeal.pk]), What.APPEAL),
        "evidence download": (
            "page",
            reverse("eligibility:document", args=[application.pk, document.pk]),
            What.DOCUMENT,
        ),
        "notice PDF": (
            "page",
            reverse("eligibility:notice_pdf", args=[application.pk, notice.pk]),
            What.NOTICE,
        ),
        "API case status": ("api", f"/api/v1/applications/{application.pk}/", What.CASE_API),
        "API appeal": ("api", f"/api/v1/appeals/{appeal.pk}/", What.APPEAL_API),
    }


def _get(client_kind, user, url, client):
    if client_kind == "api":
        return api_client(user).get(url)
    client.force_login(user)
    return client.get(url, **({"HTTP_HX_REQUEST": "true"} if client_kind == "htmx" else {}))


@pytest.mark.parametrize(
    "door",
    [
        "case page",
        "timeline page",
        "timeline partial",
        "appeal page",
        "evidence download",
        "notice PDF",
        "API case status",
        "API appeal",
    ],
)
@pytest.mark.parametrize("role", ["caseworker", "representative"])
def test_every_door_writes_exactly_one_row(request, client, case, door, role):
    user = request.getfixturevalue(role)
    kind, url, what = _doors(case)[door]

    response = _get(kind, user, url, client)

    assert response.status_code == 200, door
    assert list(CaseAccessLog.objects.values_list("application", "user", "what")) == [
        (case[0].pk, user.pk, what)
    ]


@pytest.mark.parametrize(
    "door", ["case page", "timeline partial", "API case status", "API appeal", "notice PDF"]
)
def test_a_denied_door_writes_no_row(client, case, make_user, door):
    stranger = make_user(roles.REPRESENTATIVE, username="stranger")
    kind, url, _what = _doors(case)[door]

    assert _get(kind, stranger, url, client).status_code == 404
    assert not CaseAccessLog.objects.exists()


def test_an_action_is_logged_once_as_an_action(client, case, caseworker):
    client.force_login(caseworker)
    client.post(reverse("eligibility:assign", args=[case[0].pk]), {"assignee": ""})
    assert list(CaseAccessLog.objects.values_list("what", flat=True)) == [What.ACTION]


# --- The program administrator's view of the log (the Django admin) -------------------------------


@pytest.fixture
def logged(client, case, caseworker, representative):
    application = case[0]
    for user in (caseworker, representative, caseworker):
        api_client(user).get(f"/api/v1/applications/{application.pk}/")
    return application


def test_the_program_administrator_reads_the_log_per_case_and_per_user(
    client, logged, program_admin, caseworker, new_application
):
    other = new_application()
    services.start_review(application=other, acting_user=caseworker)
    api_client(caseworker).get(f"/api/v1/applications/{other.pk}/")
    client.force_login(program_admin)
    url = reverse("admin:eligibility_caseaccesslog_changelist")

    per_case = client.get(url, {"application": str(logged.pk)})
    per_user = client.get(url, {"user__id__exact": caseworker.pk})
    by_search = client.get(url, {"q": str(logged.pk)})

    assert per_case.status_code == 200
    assert per_case.context["cl"].result_count == 3
    assert per_user.context["cl"].result_count == 3  # two on the first case, one on the other
    assert by_search.context["cl"].result_count == 3


def test_the_program_administrator_exports_the_log_as_csv(client, logged, program_admin):
    client.force_login(program_admin)
    url = reverse("admin:eligibility_caseaccesslog_changelist")
    ids = [str(pk) for pk in CaseAccessLog.objects.values_list("pk", flat=True)]

    response = client.post(url, {"action": "export_csv", "_selected_action": ids})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "at,user,case_id,case_reference,what"
    assert len(lines) == 4
    assert all(f",{logged.pk},{logged.reference},case_api" in line for line in lines[1:])


def test_the_log_is_not_for_caseworkers(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("admin:eligibility_caseaccesslog_changelist")).status_code == 302


# --- No hint that someone else's case exists -------------------------------------------------------


def test_filtering_appeals_by_another_persons_case_answers_like_a_missing_case(
    case, make_user, new_application
):
    stranger = make_user(roles.REPRESENTATIVE, username="stranger")
    client = api_client(stranger)

    other = client.get("/api/v1/appeals/", {"application": str(case[0].pk)})
    missing = client.get("/api/v1/appeals/", {"application": str(uuid.uuid4())})

    assert (other.status_code, other.json()) == (missing.status_code, missing.json())
    assert other.status_code == 200 and other.json()["count"] == 0
    bad = client.get("/api/v1/appeals/", {"application": "not-a-uuid"})
    assert bad.status_code == 400 and "application" in bad.json()


def test_the_filter_still_finds_the_callers_own_appeals(case, representative):
    body = api_client(representative).get("/api/v1/appeals/", {"application": str(case[0].pk)}).json()
    assert [row["id"] for row in body["results"]] == [str(case[3].pk)]
