"""The caseworker queue: filters, paging, and the same queries for 10 rows or 200."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eligibility.models import ApplicationState
from tests.factories import ApplicationFactory, MemberFactory

QUEUE = reverse("eligibility:queue")


def make_rows(count: int, **kwargs):
    rows = ApplicationFactory.create_batch(count, **kwargs)
    for row in rows:
        MemberFactory.create_batch(2, application=row)
    return rows


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_queue_runs_the_same_queries_for_10_rows_as_for_200(client, caseworker, supervisor):
    # given
    client.force_login(caseworker)
    make_rows(10, assigned_to=supervisor)
    small = queries_for(client, QUEUE)
    small_filtered = queries_for(client, f"{QUEUE}?state=received&assigned=none&page=1")
    # when
    make_rows(190, assigned_to=supervisor, next_due_on=date(2026, 4, 9))
    # then
    assert queries_for(client, QUEUE) == small
    assert queries_for(client, f"{QUEUE}?page=3") == small
    assert queries_for(client, f"{QUEUE}?state=received&assigned=none&page=1") == small_filtered
    assert small <= 8


@pytest.mark.django_db
def test_each_row_shows_reference_state_members_assignee_and_due_date(client, caseworker, supervisor):
    row = ApplicationFactory(assigned_to=supervisor, next_due_on=date(2026, 4, 9))
    MemberFactory.create_batch(3, application=row)
    client.force_login(caseworker)

    response = client.get(QUEUE)

    page_row = response.context["page"].object_list[0]
    assert page_row.member_count == 3
    html = response.content.decode()
    for shown in (row.reference, "Received", supervisor.get_full_name(), "usa-tag", row.get_absolute_url()):
        assert shown in html
    assert "Garcia" not in html  # names stay on the case page


@pytest.mark.django_db
def test_pages_hold_25_rows_and_links_keep_only_the_filters(client, caseworker):
    ApplicationFactory.create_batch(30)
    client.force_login(caseworker)

    response = client.get(QUEUE, {"state": "received", "page": "2", "junk": "Ana Garcia"})

    page = response.context["page"]
    assert (page.number, len(page.object_list), page.paginator.count) == (2, 5, 30)
    pagination = response.content.decode().split('class="usa-pagination"')[1]
    assert "?state=received&amp;page=1" in pagination
    assert "junk" not in pagination and "Ana" not in pagination


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"assigned": "me"}, {"mine"}),
        ({"assigned": "none"}, {"unassigned", "in_review"}),
        ({"assigned": ""}, {"mine", "unassigned", "in_review"}),
        ({"state": ApplicationState.IN_REVIEW}, {"in_review"}),
    ],
)
def test_filters_by_assignment_and_state(client, caseworker, params, expected):
    rows = {
        "mine": ApplicationFactory(assigned_to=caseworker),
        "unassigned": ApplicationFactory(),
        "in_review": ApplicationFactory(state=ApplicationState.IN_REVIEW),
    }
    client.force_login(caseworker)

    response = client.get(QUEUE, params)

    shown = {row.pk for row in response.context["page"].object_list}
    assert shown == {rows[name].pk for name in expected}


@pytest.mark.django_db
def test_reference_search_finds_the_case_and_refuses_anything_but_a_reference(client, caseworker):
    wanted, _other = ApplicationFactory(), ApplicationFactory()
    client.force_login(caseworker)

    found = client.get(QUEUE, {"q": wanted.reference})
    refused = client.get(QUEUE, {"q": "Ana Garcia"})

    assert [row.pk for row in found.context["page"].object_list] == [wanted.pk]
    assert refused.context["form"].errors["q"]
    assert "Ana Garcia" not in refused.content.decode().split("<table")[1]


@pytest.mark.django_db
def test_the_queue_is_for_staff_only(client, representative):
    client.force_login(representative)
    assert client.get(QUEUE).status_code == 403
