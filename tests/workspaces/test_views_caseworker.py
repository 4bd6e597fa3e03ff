"""The caseworker's home: five queues, each row with its next deadline, a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory

from .conftest import TODAY

URL = reverse("workspaces:caseworker")


@pytest.fixture
def queue_rows(db, caseworker, make_user):
    other = make_user("Caseworker", username="other-worker")
    return {
        "mine": ApplicationFactory(state="in_review", assigned_to=caseworker),
        "mine_overdue": ApplicationFactory(
            state="awaiting_information", assigned_to=caseworker, next_due_on=TODAY - timedelta(days=2)
        ),
        "unassigned_soon": ApplicationFactory(state="received", next_due_on=TODAY + timedelta(days=3)),
        "others_waiting": ApplicationFactory(
            state="awaiting_information", assigned_to=other, next_due_on=TODAY + timedelta(days=20)
        ),
        "decided": ApplicationFactory(state="determined", assigned_to=caseworker, next_due_on=TODAY),
    }


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        ("mine", {"mine", "mine_overdue"}),
        ("unassigned", {"unassigned_soon"}),
        ("due_soon", {"unassigned_soon"}),
        ("overdue", {"mine_overdue"}),
        ("waiting", {"mine_overdue", "others_waiting"}),
    ],
)
def test_each_tab_lists_its_open_applications(client, caseworker, today, queue_rows, tab, expected):
    client.force_login(caseworker)
    response = client.get(URL, {"tab": tab})
    assert response.status_code == 200
    shown = {key for key, row in queue_rows.items() if row.reference in response.content.decode()}
    assert shown == expected


def test_rows_show_the_deadline_and_days_left(client, caseworker, today, queue_rows):
    client.force_login(caseworker)
    body = client.get(URL, {"tab": "mine"}).content.decode()
    assert "03/08/2026" in body  # the overdue request's due date, in the local format
    assert "2 days overdue" in body
    body = client.get(URL, {"tab": "due_soon"}).content.decode()
    assert "3 days left" in body


def test_tab_counts_are_shown(client, caseworker, today, queue_rows):
    client.force_login(caseworker)
    response = client.get(URL)
    assert [(key, count) for key, _label, count in response.context["tabs"]] == [
        ("mine", 2),
        ("unassigned", 1),
        ("due_soon", 1),
        ("overdue", 1),
        ("waiting", 2),
    ]


def test_htmx_gets_only_the_panel(client, caseworker, today, queue_rows):
    client.force_login(caseworker)
    response = client.get(URL, {"tab": "unassigned"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert 'aria-current="page"' in body and queue_rows["unassigned_soon"].reference in body


def test_the_queue_costs_the_same_queries_for_3_rows_or_40(
    client, caseworker, today, django_assert_max_num_queries
):
    client.force_login(caseworker)
    ApplicationFactory.create_batch(
        3, state="in_review", assigned_to=caseworker, next_due_on=date(2026, 3, 20)
    )
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    ApplicationFactory.create_batch(
        37, state="in_review", assigned_to=caseworker, next_due_on=date(2026, 3, 20)
    )
    with django_assert_max_num_queries(10) as many:
        client.get(URL)
    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize(
    "role_fixture",
    ["appeals_officer", "bureau_reviewer", "program_admin", "representative", "applicant_user"],
)
def test_only_caseworkers_and_supervisors_get_the_queue(db, client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(URL).status_code == 403


def test_a_queue_longer_than_the_count_cap_says_so_and_pages_to_its_end(
    client, caseworker, today, monkeypatch
):
    """Tab counts stop at COUNT_CAP ("3+" here); paging still reaches the last row."""
    from workspaces import selectors, views

    monkeypatch.setattr(selectors.counts, "COUNT_CAP", 3)  # where the cap lives
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    rows = ApplicationFactory.create_batch(5, state="received", next_due_on=date(2026, 3, 20))
    client.force_login(caseworker)
    response = client.get(URL, {"tab": "unassigned"})
    assert dict((key, count) for key, _label, count in response.context["tabs"])["unassigned"] == 3
    assert '<span class="usa-tag queue-count">3+</span>' in response.content.decode()
    last = client.get(URL, {"tab": "unassigned", "page": 3})
    assert last.context["page"].paginator.num_pages == 3
    shown = [row.pk for row, _due in last.context["rows"]]
    assert len(shown) == 1 and shown[0] in {row.pk for row in rows}
