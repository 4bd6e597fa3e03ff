"""When a reported change takes effect (PRODUCT P11): the catalogue's rule, then for an adverse change
the first of the month after the advance-notice window (10 calendar days by default). Boundary day and
the day after, in each row."""

from datetime import date
from decimal import Decimal

import pytest

from eligibility import rules
from eligibility.rules import MemberOutcome

D = date


@pytest.mark.parametrize(
    ("rule", "event_on", "reported_on", "expected"),
    [
        # first of the month after the report: the last day of a month, and the first of the next
        ("month_after_report", D(2026, 4, 2), D(2026, 4, 30), D(2026, 5, 1)),
        ("month_after_report", D(2026, 4, 2), D(2026, 5, 1), D(2026, 6, 1)),
        ("month_after_report", D(2026, 12, 1), D(2026, 12, 31), D(2027, 1, 1)),
        # first of the month after the event
        ("month_after_event", D(2026, 3, 31), D(2026, 4, 20), D(2026, 4, 1)),
        ("month_after_event", D(2026, 4, 1), D(2026, 4, 20), D(2026, 5, 1)),
        # the day of the event; the day after a death
        ("event_day", D(2026, 4, 15), D(2026, 4, 20), D(2026, 4, 15)),
        ("after_death", D(2026, 4, 30), D(2026, 5, 2), D(2026, 5, 1)),
    ],
)
def test_rule_date_when_the_change_is_not_adverse(rule, event_on, reported_on, expected):
    result = rules.change_effective_date(
        rule=rule,
        event_on=event_on,
        reported_on=reported_on,
        notice_on=D(2026, 5, 4),
        adverse=False,
        adverse_notice_days=10,
        holidays={},
    )
    assert (result.rule_date, result.effective, result.notice_window_ends) == (expected, expected, None)


@pytest.mark.parametrize(
    ("notice_on", "holidays", "window_ends", "expected"),
    [
        # Mon 2026-04-20 + 10 days = Thu 04-30, the last day of April: effective May 1
        (D(2026, 4, 20), {}, D(2026, 4, 30), D(2026, 5, 1)),
        # the day after: the window ends Fri 05-01, so the change waits for June 1
        (D(2026, 4, 21), {}, D(2026, 5, 1), D(2026, 6, 1)),
        # Tue 05-19 + 10 = Fri 05-29: June 1
        (D(2026, 5, 19), {}, D(2026, 5, 29), D(2026, 6, 1)),
        # Wed 05-20 + 10 = Sat 05-30, moved to Mon 06-01 by the date module: July 1
        (D(2026, 5, 20), {}, D(2026, 6, 1), D(2026, 7, 1)),
        # a holiday on the window's last day moves it into the next month
        (D(2026, 4, 20), {D(2026, 4, 30): "Test holiday"}, D(2026, 5, 1), D(2026, 6, 1)),
    ],
)
def test_an_adverse_change_waits_for_the_advance_notice_window(notice_on, holidays, window_ends, expected):
    result = rules.change_effective_date(
        rule="month_after_report",
        event_on=D(2026, 4, 1),
        reported_on=D(2026, 4, 10),
        notice_on=notice_on,
        adverse=True,
        adverse_notice_days=10,
        holidays=holidays,
    )
    assert result.rule_date == D(2026, 5, 1)
    assert (result.notice_window_ends, result.effective) == (window_ends, expected)


def test_the_rule_date_stands_when_it_is_later_than_the_notice_window():
    result = rules.change_effective_date(
        rule="month_after_event",
        event_on=D(2026, 6, 15),
        reported_on=D(2026, 6, 16),
        notice_on=D(2026, 6, 16),
        adverse=True,
        adverse_notice_days=10,
        holidays={},
    )
    assert (result.notice_window_ends, result.effective) == (D(2026, 6, 26), D(2026, 7, 1))


def test_a_death_needs_no_advance_notice():
    result = rules.change_effective_date(
        rule="after_death",
        event_on=D(2026, 5, 3),
        reported_on=D(2026, 5, 4),
        notice_on=D(2026, 5, 4),
        adverse=True,
        adverse_notice_days=10,
        holidays={},
    )
    assert result.effective == D(2026, 5, 4)


def test_the_guidance_sets_the_length_of_the_window():
    result = rules.change_effective_date(
        rule="month_after_report",
        event_on=D(2026, 4, 1),
        reported_on=D(2026, 4, 10),
        notice_on=D(2026, 4, 20),
        adverse=True,
        adverse_notice_days=11,
        holidays={},
    )
    assert result.effective == D(2026, 6, 1)


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        rules.change_effective_date(
            rule="whenever",
            event_on=D(2026, 4, 1),
            reported_on=D(2026, 4, 1),
            notice_on=D(2026, 4, 1),
            adverse=False,
            adverse_notice_days=10,
            holidays={},
        )


E, NOT = "eligible", "ineligible"


@pytest.mark.parametrize(
    ("before", "after", "adverse"),
    [
        (MemberOutcome(E, Decimal("300.00")), MemberOutcome(E, Decimal("300.00")), False),
        (MemberOutcome(E, Decimal("300.00")), MemberOutcome(E, Decimal("299.99")), True),
        (MemberOutcome(E, Decimal("300.00")), MemberOutcome(E, Decimal("300.01")), False),
        (MemberOutcome(E, Decimal("300.00")), MemberOutcome(NOT, Decimal("0.00")), True),
        (MemberOutcome(NOT, Decimal("0.00")), MemberOutcome(E, Decimal("10.00")), False),
        # waitlisted: nothing in force to lower or end
        (MemberOutcome(E, Decimal("0.00"), waitlisted=True), MemberOutcome(NOT, Decimal("0.00")), False),
        (None, MemberOutcome(NOT, Decimal("0.00")), False),
    ],
)
def test_adverse_means_ending_eligibility_or_lowering_assistance(before, after, adverse):
    assert rules.is_adverse_change({1: before}, {1: after}) is adverse


@pytest.mark.parametrize(
    ("event_on", "error"),
    [(D(2026, 5, 4), False), (D(2026, 5, 5), True), (D(2024, 5, 4), False), (D(2024, 5, 3), True)],
)
def test_a_change_happened_on_or_before_today_within_two_years(event_on, error):
    assert (rules.event_date_error(event_on, D(2026, 5, 4)) is not None) is error


def test_facts_errors_name_the_field():
    errors = rules.change_facts_errors("income", {"annual_magi": None}, today=D(2026, 5, 4))
    assert set(errors) == {"annual_magi"}
    errors = rules.change_facts_errors(
        "household", {"household_size": 1}, today=D(2026, 5, 4), members_listed=2
    )
    assert set(errors) == {"household_size"}
    errors = rules.change_facts_errors("intake_error", {}, today=D(2026, 5, 4))
    assert set(errors) == {"annual_magi"}
    assert rules.change_facts_errors("intake_error", {"household_size": 2}, today=D(2026, 5, 4)) == {}
