"""Pure workspace rules: days left, which deadline a row shows, and the report arithmetic."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from workspaces import rules

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("due", "left", "urgency"),
    [
        (None, None, "none"),
        (date(2026, 3, 9), -1, "overdue"),
        (date(2026, 3, 10), 0, "today"),
        (date(2026, 3, 11), 1, "soon"),
        (date(2026, 3, 16), 6, "soon"),  # the last day of "due soon" (7 days, today included)
        (date(2026, 3, 17), 7, "later"),  # the day after
    ],
)
def test_days_left_and_urgency(due, left, urgency):
    assert rules.days_left(due, TODAY) == left
    assert rules.urgency(due, TODAY) == urgency


def _appeal(**kw):
    values = dict(
        state="under_review",
        decision_due_on=None,
        cure_due_on=None,
        vacate_due_on=None,
        final_appeal_due_on=None,
    )
    values.update(kw)
    return SimpleNamespace(**values)


@pytest.mark.parametrize(
    ("appeal", "expected"),
    [
        (_appeal(decision_due_on=date(2026, 3, 30)), date(2026, 3, 30)),
        (_appeal(state="vendor_delayed", decision_due_on=date(2026, 3, 1)), date(2026, 3, 1)),
        (_appeal(state="incomplete", cure_due_on=date(2026, 3, 20)), date(2026, 3, 20)),
        (_appeal(state="decided", decision_due_on=date(2026, 3, 30)), None),
    ],
)
def test_staff_sees_the_decision_or_cure_date(appeal, expected):
    due = rules.appeal_staff_due(appeal)
    assert (due.on if due else None) == expected


def test_appellant_sees_the_final_appeal_window_after_a_first_level_decision():
    appeal = _appeal(state="decided", decision_due_on=date(2026, 3, 1), final_appeal_due_on=date(2026, 4, 9))
    due = rules.appeal_appellant_due(appeal, TODAY)
    assert due.on == date(2026, 4, 9)
    assert "final appeal" in due.label


def test_appellant_sees_the_nearest_date_still_ahead():
    appeal = _appeal(state="incomplete", cure_due_on=date(2026, 3, 20), decision_due_on=date(2026, 3, 15))
    assert rules.appeal_appellant_due(appeal, TODAY).on == date(2026, 3, 20)  # decision clock not running


def test_earliest_prefers_upcoming_then_most_recent_passed():
    a = rules.Due("a", date(2026, 3, 9))
    b = rules.Due("b", date(2026, 3, 12))
    c = rules.Due("c", date(2026, 3, 20))
    assert rules.earliest([c, None, a, b], TODAY) == b
    assert rules.earliest([a, rules.Due("z", date(2026, 3, 1))], TODAY) == a
    assert rules.earliest([None], TODAY) is None


def test_median_and_share():
    assert rules.median([]) is None
    assert rules.median([5, 1, 3]) == 3
    assert rules.median([4, 1, 3, 2]) == 2.5
    assert rules.share(0, 0) is None
    assert rules.share(2, 3) == Decimal("66.7")


def test_timeliness_counts_the_due_day_as_on_time_and_the_day_after_as_late():
    start = date(2026, 3, 2)
    due = date(2026, 3, 23)
    result = rules.timeliness(
        "first",
        [(start, due, date(2026, 3, 23)), (start, due, date(2026, 3, 24)), (start, None, date(2026, 3, 5))],
        open_overdue=4,
    )
    assert (result.decided, result.on_time, result.open_overdue) == (3, 2, 4)
    assert result.on_time_pct == Decimal("66.7")
    assert result.median_days == 21


def test_enrollment_over_time_follows_states_and_the_cap_in_force():
    d1, d2, d3 = date(2026, 2, 1), date(2026, 2, 2), date(2026, 2, 5)
    changes = [
        (d1, "e1", "enrolled"),
        (d1, "e2", "enrolled"),
        (d1, "e3", "waitlisted"),
        (d2, "e2", "terminated"),
        (d3, "e3", "offered"),
    ]
    # The cap of 2 is known from the start; on d3 an administrator raises it to 3 (effective Jan 1).
    versions = [(date.min, date(2026, 1, 1), 2), (d3, date(2026, 1, 1), 3)]
    points = rules.enrollment_over_time(changes, versions, slot_states=("offered", "enrolled"))
    assert points == [
        rules.CapPoint(d1, 2, 2),
        rules.CapPoint(d2, 1, 2),
        rules.CapPoint(d3, 2, 3),
    ]


def test_cap_on_uses_the_latest_effective_version_known_that_day():
    versions = [(date(2026, 1, 1), date(2026, 1, 1), 100), (date(2026, 5, 1), date(2026, 7, 1), 150)]
    assert rules.cap_on(date(2026, 5, 2), versions) == 100  # known, but not yet effective
    assert rules.cap_on(date(2026, 7, 1), versions) == 150
    assert rules.cap_on(date(2025, 12, 31), versions) is None
    assert rules.enrollment_over_time([], versions, slot_states=()) == []
