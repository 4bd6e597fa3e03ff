"""Reports (P9): applications by status, enrollment against the cap over time, waitlist by priority
group, appeal timeliness per level; tables, charts and CSV exports; permission eligibility.view_reports."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from appeals import services as appeal_services
from appeals.models import Appeal
from eligibility import services as eligibility_services
from tests.conftest import set_cap
from tests.factories import ApplicationFactory

from .conftest import TODAY

URL = reverse("workspaces:reports")


@pytest.fixture
def program(year2026, decided_case, new_application, caseworker, file_appeal, appeals_officer, make_user):
    set_cap(year2026, 1)
    decided_case(magi="20000.00")  # enrolled: the one slot
    decided_case(magi="25000.00")  # waitlisted, priority group 1 (under 200% FPL)
    decided_case(magi="40000.00")  # waitlisted, group 2
    ApplicationFactory(state="received")
    eligibility_services.withdraw_application(application=new_application(), acting_user=caseworker)
    appellants = [make_user("Applicant", username=f"appellant{i}") for i in range(3)]
    appeals = [file_appeal(decided_case(magi="90000.00", applicant=u), u) for u in appellants]
    # One decided on the day it was filed, one decided 25 days later (past its 20-day clock), one open.
    appeal_services.decide_appeal(
        appeal=appeals[0],
        outcome="upheld",
        reasons="Over the limit.",
        acting_user=appeals_officer,
        today=TODAY,
    )
    late = Appeal.objects.get(pk=appeals[1].pk)
    appeal_services.decide_appeal(
        appeal=late,
        outcome="upheld",
        reasons="Over the limit.",
        acting_user=appeals_officer,
        today=late.decision_due_on + timedelta(days=5),
    )
    return appeals


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_reports_page_shows_tables_and_charts(client, today, program_admin, program):
    client.force_login(program_admin)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    status = {state: n for state, _label, n, _pct in response.context["status_rows"]}
    assert status == {
        "received": 1,
        "in_review": 0,
        "awaiting_information": 0,
        "determined": 6,
        "withdrawn": 1,
    }
    assert '<svg viewBox="0 0 640 220" role="img"' in body
    waitlist = {g.priority_group: g.waiting for g, _pct in response.context["waitlist"]}
    assert waitlist == {1: 1, 2: 1}
    first_level = response.context["timeliness"][0][1]
    assert (first_level.decided, first_level.on_time, str(first_level.on_time_pct)) == (2, 1, "50.0")


def test_enrollment_against_the_cap_over_time_follows_a_raised_cap(
    client, today, program_admin, program, year2026, caseworker
):
    guidance = set_cap(year2026, 3)
    guidance._history_user = program_admin
    guidance.save()
    eligibility_services.guidance_changed(plan_year=year2026, acting_user=program_admin, today=TODAY)
    client.force_login(program_admin)
    rows = _csv(
        client.get(reverse("workspaces:report_csv", args=["enrollment-against-cap"]), {"plan_year": 2026})
    )
    assert rows[-1]["slots_held"] == "3" and rows[-1]["cap"] == "3"


@pytest.mark.parametrize(
    ("report", "first_row"),
    [
        (
            "applications-by-status",
            {"plan_year": "2026", "state": "received", "label": "Received", "applications": "1"},
        ),
        ("waitlist-by-priority", {"plan_year": "2026", "priority_group": "1", "waiting": "1"}),
        (
            "appeal-timeliness",
            {
                "plan_year": "2026",
                "level": "first",
                "decided": "2",
                "decided_on_time": "1",
                "share_on_time_pct": "50.0",
                "median_days": "12.5",
                "open_past_due": "0",
            },
        ),
    ],
)
def test_csv_exports(client, today, program_admin, program, report, first_row):
    client.force_login(program_admin)
    response = client.get(reverse("workspaces:report_csv", args=[report]), {"plan_year": 2026})
    assert response["Content-Disposition"] == f'attachment; filename="{report}-2026.csv"'
    rows = _csv(response)
    assert {k: rows[0][k] for k in first_row} == first_row


def test_plan_year_filter_swaps_the_panel(client, today, program_admin, program):
    client.force_login(program_admin)
    response = client.get(URL, {"plan_year": 2027}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "Applications by status, 2027" in body
    assert sum(n for _s, _l, n, _p in response.context["status_rows"]) == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("program_admin", 200),
        ("supervisor", 200),
        ("caseworker", 403),
        ("appeals_officer", 403),
        ("bureau_reviewer", 403),
        ("representative", 403),
        ("applicant_user", 403),
    ],
)
def test_reports_need_view_reports(client, request, year2026, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == status
    assert client.get(reverse("workspaces:report_csv", args=["applications-by-status"])).status_code == status


def test_unknown_report_is_404(client, program_admin, year2026):
    client.force_login(program_admin)
    assert client.get(reverse("workspaces:report_csv", args=["salaries"])).status_code == 404
