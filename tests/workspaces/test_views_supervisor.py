"""The supervisor's home: team timeliness, and bulk assign / reassign through htmx."""

from datetime import timedelta

import pytest
from django.urls import reverse

from eligibility.models import Application
from tests.factories import ApplicationFactory

from .conftest import TODAY


@pytest.fixture
def team(db, caseworker, make_user):
    other = make_user("Caseworker", username="diego", first_name="Diego", last_name="Caseworker")
    rows = {
        "a": ApplicationFactory(state="received"),
        "b": ApplicationFactory(state="received"),
        "c": ApplicationFactory(
            state="in_review", assigned_to=caseworker, next_due_on=TODAY - timedelta(days=1)
        ),
        "d": ApplicationFactory(
            state="awaiting_information", assigned_to=other, next_due_on=TODAY + timedelta(days=2)
        ),
    }
    return other, rows


def test_team_timeliness_counts_per_caseworker(client, today, supervisor, caseworker, team):
    other, _rows = team
    client.force_login(supervisor)
    response = client.get(reverse("workspaces:supervisor"))
    assert response.status_code == 200
    by_user = {row.user.username if row.user else None: row for row in response.context["timeliness"]}
    assert (by_user["caseworker"].open, by_user["caseworker"].overdue) == (1, 1)
    assert (by_user["diego"].open, by_user["diego"].due_soon, by_user["diego"].waiting) == (1, 1, 1)
    assert by_user[None].open == 2


def test_bulk_assign_through_htmx_returns_the_refreshed_panel(client, today, supervisor, team):
    other, rows = team
    client.force_login(supervisor)
    response = client.post(
        reverse("workspaces:assign"),
        {"applications": [rows["a"].pk, rows["b"].pk], "assignee": other.pk, "filter_assignee": "none"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "2 applications assigned to Diego Caseworker" in body
    assert set(Application.objects.filter(assigned_to=other).values_list("pk", flat=True)) == {
        rows["a"].pk,
        rows["b"].pk,
        rows["d"].pk,
    }
    # History records who assigned and why.
    record = Application.objects.get(pk=rows["a"].pk).history.first()
    assert (record.history_user, record.history_change_reason) == (supervisor, "Assigned")


def test_reassign_and_unassign(client, today, supervisor, caseworker, team):
    other, rows = team
    client.force_login(supervisor)
    client.post(reverse("workspaces:assign"), {"applications": [rows["c"].pk], "assignee": other.pk})
    assert Application.objects.get(pk=rows["c"].pk).assigned_to == other
    response = client.post(reverse("workspaces:assign"), {"applications": [rows["c"].pk], "assignee": ""})
    assert response.status_code == 302
    assert Application.objects.get(pk=rows["c"].pk).assigned_to is None


def test_assigning_nothing_or_to_a_non_caseworker_is_refused(
    client, today, supervisor, appeals_officer, team
):
    _other, rows = team
    client.force_login(supervisor)
    response = client.post(reverse("workspaces:assign"), {"assignee": ""}, headers={"HX-Request": "true"})
    assert "Choose at least one application." in response.content.decode()
    response = client.post(
        reverse("workspaces:assign"), {"applications": [rows["a"].pk], "assignee": appeals_officer.pk}
    )
    assert response.status_code == 400
    assert Application.objects.get(pk=rows["a"].pk).assigned_to is None


def test_the_filter_swaps_the_list(client, today, supervisor, caseworker, team):
    _other, rows = team
    client.force_login(supervisor)
    response = client.get(
        reverse("workspaces:supervisor"), {"assignee": str(caseworker.pk)}, headers={"HX-Request": "true"}
    )
    assert [row.pk for row, _due in response.context["rows"]] == [rows["c"].pk]


@pytest.mark.parametrize("role", ["caseworker", "appeals_officer", "program_admin", "representative"])
def test_only_supervisors_assign(client, request, role, team):
    _other, rows = team
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("workspaces:supervisor")).status_code == 403
    assert client.post(reverse("workspaces:assign"), {"applications": [rows["a"].pk]}).status_code == 403
    assert Application.objects.get(pk=rows["a"].pk).assigned_to is None


def test_supervisor_page_queries_are_bounded(client, today, supervisor, team, django_assert_max_num_queries):
    client.force_login(supervisor)
    ApplicationFactory.create_batch(30, state="received")
    # 12: the session, the user, the second-factor device, two for permissions, then the page's seven
    # (the team, the open count, the queue, the two team tables, the notices that failed to issue,
    # the requests for information the sweep could not close and the renewals that failed)
    with django_assert_max_num_queries(13):
        client.get(reverse("workspaces:supervisor"))
