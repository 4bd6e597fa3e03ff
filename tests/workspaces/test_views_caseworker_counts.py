"""The caseworker home's tab counts: the tab on screen is always counted afresh; the other tabs'
counts are kept up to COUNTS_TTL seconds per caseworker and day (issue 11 item 6)."""

from datetime import date, datetime, timedelta

import time_machine
from django.urls import reverse

from hca_portal.dates import LOCAL_TZ
from tests.factories import ApplicationFactory
from workspaces.selectors.caseworker import COUNTS_TTL

URL = reverse("workspaces:caseworker")
T0 = datetime(2026, 3, 10, 10, 0, tzinfo=LOCAL_TZ)


def _counts(client, tab="mine") -> dict[str, int]:
    response = client.get(URL, {"tab": tab})
    return {key: count for key, _label, count in response.context["tabs"]}


def test_the_tab_on_screen_is_exact_and_the_others_catch_up_within_the_ttl(db, client, caseworker):
    with time_machine.travel(T0, tick=False):
        client.force_login(caseworker)
        ApplicationFactory(state="in_review", assigned_to=caseworker, next_due_on=date(2026, 3, 20))
        assert _counts(client)["mine"] == 1 and _counts(client)["unassigned"] == 0
        ApplicationFactory(state="received", next_due_on=date(2026, 3, 20))
        ApplicationFactory(state="in_review", assigned_to=caseworker, next_due_on=date(2026, 3, 20))

        counts = _counts(client)  # "mine" on screen: exact; "unassigned" as counted a moment ago
        assert (counts["mine"], counts["unassigned"]) == (2, 0)
        assert _counts(client, "unassigned")["unassigned"] == 1  # on screen: exact

    with time_machine.travel(T0 + timedelta(seconds=COUNTS_TTL + 1), tick=False):
        counts = _counts(client)
        assert (counts["mine"], counts["unassigned"]) == (2, 1)


def test_counts_are_per_caseworker(db, client, caseworker, make_user):
    other = make_user("Caseworker", username="other-worker")
    ApplicationFactory(state="in_review", assigned_to=caseworker, next_due_on=date(2026, 3, 20))
    with time_machine.travel(T0, tick=False):
        client.force_login(caseworker)
        assert _counts(client, "unassigned")["mine"] == 1
        client.force_login(other)
        assert _counts(client, "unassigned")["mine"] == 0
