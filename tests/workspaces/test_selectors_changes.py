"""A reported change puts a decided case back in the caseworker's queue with its due date, and the
case timeline shows changes as they are reported and applied (PRODUCT P11)."""

from datetime import date

import pytest

from eligibility import services
from eligibility.models import ChangeKind
from tests.factories import verify_reported
from workspaces import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def change(new_application, caseworker):
    application = new_application()
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
    return services.report_change(
        application=application,
        kind=ChangeKind.objects.get(code="income"),
        facts={"annual_magi": "20000"},
        event_on=date(2026, 4, 15),
        acting_user=caseworker,
        today=date(2026, 4, 20),
    )


def test_a_reported_change_is_work_due_in_the_queue(change, caseworker):
    due_soon = selectors.caseworker_queue(caseworker, "due_soon", today=date(2026, 5, 15))
    assert list(due_soon) == [change.application]
    assert list(selectors.caseworker_queue(caseworker, "overdue", today=date(2026, 5, 21))) == [
        change.application
    ]
    assert selectors.caseworker_counts(caseworker, today=date(2026, 5, 21))["overdue"] == 1

    services.apply_change(change=change, acting_user=caseworker, today=date(2026, 4, 21))

    assert not selectors.caseworker_queue(caseworker, "overdue", today=date(2026, 5, 21)).exists()


def test_the_timeline_shows_the_change_reported_and_applied(change, caseworker):
    services.apply_change(change=change, acting_user=caseworker, today=date(2026, 4, 21))
    titles = [e.title for e in selectors.case_timeline(change.application) if e.kind == "change"]
    assert titles == ["Change reported: Income changed", "Change applied: Income changed"]
