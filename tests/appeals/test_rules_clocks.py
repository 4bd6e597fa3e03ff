"""The appeal clocks of 8.401.2.12 E as appeals.rules chooses them, checked against hand-worked dates.

New Mexico state holidays used below (holidays.US(subdiv="NM")): Thanksgiving Thu 2026-11-26 and
the Friday after, Fri 2026-11-27 (observed for Presidents' Day); Christmas Fri 2026-12-25; New Year's
Day Fri 2027-01-01; MLK Day Mon 2027-01-18; Indigenous Peoples' Day Mon 2026-10-12; Veterans Day Wed
2026-11-11; Independence Day observed Fri 2026-07-03; New Year's Day observed Fri 2027-12-31.
2028 is a leap year. The day of the event is not counted; the last day is.
"""

from datetime import date

import holidays
import pytest

from appeals import rules
from appeals.models import Level

NM = dict(holidays.US(subdiv="NM", years=range(2025, 2030)))
D = date

FILING = [
    # notice date, printed deadline, due, why
    (D(2026, 3, 10), None, D(2026, 4, 9), "plain Tue -> Thu"),
    (D(2026, 10, 27), None, D(2026, 11, 30), "lands Thanksgiving; the Friday after and the weekend too"),
    (D(2026, 11, 25), None, D(2026, 12, 28), "lands on Christmas (Fri), then the weekend"),
    (D(2026, 12, 2), None, D(2027, 1, 4), "lands on New Year's Day across the year end"),
    (D(2026, 12, 18), None, D(2027, 1, 19), "lands Sunday, then MLK Day"),
    (D(2026, 9, 11), None, D(2026, 10, 13), "lands Sunday, then Indigenous Peoples' Day"),
    (D(2026, 10, 12), None, D(2026, 11, 12), "lands on Veterans Day (Wed)"),
    (D(2028, 1, 31), None, D(2028, 3, 1), "leap year: through Feb 29"),
    (D(2028, 2, 1), None, D(2028, 3, 2), "leap year February"),
    (D(2027, 2, 1), None, D(2027, 3, 3), "common-year February, one day later"),
    (D(2026, 1, 30), None, D(2026, 3, 2), "month end; lands Sunday Mar 1"),
    (D(2026, 3, 10), D(2026, 4, 10), D(2026, 4, 10), "a later printed deadline applies"),
    (D(2026, 3, 10), D(2026, 4, 8), D(2026, 4, 9), "an earlier printed deadline does not shorten the time"),
]


@pytest.mark.parametrize(("notice_date", "printed", "due", "why"), FILING)
def test_first_level_filing_deadline(notice_date, printed, due, why):
    assert rules.filing_deadline(notice_date, NM, printed=printed)[0] == due, why


DECISION = [
    # level, expedited, received, due, why
    (Level.FIRST, False, D(2026, 3, 20), D(2026, 4, 9), "20 calendar days, plain"),
    (Level.FIRST, False, D(2026, 11, 6), D(2026, 11, 30), "lands Thanksgiving -> Mon"),
    (Level.FIRST, False, D(2026, 11, 7), D(2026, 11, 30), "lands the Friday after Thanksgiving"),
    (Level.FIRST, False, D(2026, 12, 5), D(2026, 12, 28), "lands Christmas"),
    (Level.FIRST, False, D(2026, 12, 12), D(2027, 1, 4), "lands New Year's Day"),
    (Level.FIRST, False, D(2026, 12, 29), D(2027, 1, 19), "lands MLK Day"),
    (Level.FIRST, False, D(2026, 9, 22), D(2026, 10, 13), "lands Indigenous Peoples' Day"),
    (Level.FIRST, False, D(2026, 10, 22), D(2026, 11, 12), "lands Veterans Day"),
    (Level.FIRST, False, D(2028, 2, 9), D(2028, 2, 29), "lands on the leap day, a Tuesday"),
    (Level.FIRST, False, D(2027, 12, 11), D(2028, 1, 3), "New Year's observed Fri Dec 31, then weekend"),
    (Level.FIRST, False, D(2026, 6, 13), D(2026, 7, 6), "Independence Day observed Fri Jul 3"),
    (Level.FIRST, True, D(2026, 11, 20), D(2026, 11, 25), "3 business days from a Friday: Wednesday"),
    (
        Level.FIRST,
        True,
        D(2026, 11, 24),
        D(2026, 12, 1),
        "3 business days across Thanksgiving and the day after",
    ),
    (Level.FIRST, True, D(2026, 11, 25), D(2026, 12, 2), "received the day before Thanksgiving"),
    (Level.FIRST, True, D(2026, 12, 23), D(2026, 12, 29), "across Christmas"),
    (Level.FIRST, True, D(2026, 12, 30), D(2027, 1, 5), "across New Year's Day and the year end"),
    (Level.FIRST, True, D(2027, 1, 14), D(2027, 1, 20), "across MLK Day"),
    (Level.FIRST, True, D(2026, 10, 8), D(2026, 10, 14), "across Indigenous Peoples' Day"),
    (Level.FIRST, True, D(2026, 11, 10), D(2026, 11, 16), "across Veterans Day"),
    (Level.FIRST, True, D(2026, 3, 21), D(2026, 3, 25), "received on a Saturday"),
    (Level.FIRST, True, D(2028, 2, 25), D(2028, 3, 1), "leap day counted as a business day"),
    (Level.FINAL, False, D(2026, 10, 12), D(2026, 11, 30), "45 days land on Thanksgiving"),
    (Level.FINAL, False, D(2026, 11, 10), D(2026, 12, 28), "45 days land on Christmas"),
    (Level.FINAL, False, D(2026, 11, 17), D(2027, 1, 4), "45 days land on New Year's Day"),
    (Level.FINAL, False, D(2028, 1, 15), D(2028, 2, 29), "45 days to the leap day"),
    (Level.FINAL, False, D(2027, 1, 15), D(2027, 3, 1), "the same count in a common year"),
    (Level.FINAL, False, D(2026, 4, 20), D(2026, 6, 4), "across a month end, plain"),
    (Level.FINAL, True, D(2026, 11, 20), D(2026, 12, 1), "5 business days across Thanksgiving"),
    (Level.FINAL, True, D(2026, 12, 21), D(2026, 12, 29), "across Christmas"),
    (Level.FINAL, True, D(2026, 12, 28), D(2027, 1, 5), "across New Year's Day"),
    (Level.FINAL, True, D(2026, 10, 7), D(2026, 10, 15), "across Indigenous Peoples' Day"),
    (Level.FINAL, True, D(2026, 11, 9), D(2026, 11, 17), "across Veterans Day"),
    (Level.FINAL, True, D(2028, 2, 24), D(2028, 3, 2), "across the leap day"),
    (Level.FINAL, True, D(2027, 1, 13), D(2027, 1, 21), "across MLK Day"),
]


@pytest.mark.parametrize(("level", "expedited", "received", "due", "why"), DECISION)
def test_decision_due_date(level, expedited, received, due, why):
    assert rules.decision_deadline(level, expedited, received, NM).due == due, why


FINAL_FILING = [
    (D(2026, 4, 9), D(2026, 5, 11), "from a missed due date; lands Saturday"),
    (D(2026, 11, 27), D(2026, 12, 28), "counted from a holiday; lands Sunday"),
    (D(2026, 12, 2), D(2027, 1, 4), "lands New Year's Day"),
    (D(2028, 1, 30), D(2028, 2, 29), "lands on the leap day"),
    (D(2026, 6, 3), D(2026, 7, 6), "lands on Independence Day observed"),
]


@pytest.mark.parametrize(("start", "due", "why"), FINAL_FILING)
def test_final_appeal_window(start, due, why):
    assert rules.final_appeal_deadline(start, NM).due == due, why


@pytest.mark.parametrize(
    ("decided_on", "missed_due_on", "due", "counted_from", "why"),
    [
        (D(2026, 6, 3), None, D(2026, 7, 6), D(2026, 6, 3), "decided in time: from the decision"),
        (None, D(2026, 4, 9), D(2026, 5, 11), D(2026, 4, 9), "vendor delay, no decision: from the due date"),
        (D(2026, 6, 3), D(2026, 4, 9), D(2026, 7, 6), D(2026, 6, 3), "decided after a delay: the later"),
        (D(2026, 6, 4), D(2026, 6, 3), D(2026, 7, 6), D(2026, 6, 4), "both end the same day: the decision's"),
        (None, None, None, None, "no decision and no delay: no window yet"),
    ],
)
def test_final_appeal_window_is_the_later_of_decision_and_missed_due_date(
    decided_on, missed_due_on, due, counted_from, why
):
    window = rules.final_appeal_window(decided_on=decided_on, missed_due_on=missed_due_on, holidays=NM)
    found = (window.due, window.start) if window else (None, None)
    assert found == (due, counted_from), why


@pytest.mark.parametrize(
    ("due", "remind_on"),
    [
        (D(2026, 4, 9), D(2026, 4, 7)),
        (D(2026, 11, 30), D(2026, 11, 24)),  # Thanksgiving and the Friday after are skipped
        (D(2027, 1, 4), D(2026, 12, 30)),  # New Year's Day skipped, back across the year end
    ],
)
def test_reminder_two_business_days_before(due, remind_on):
    assert rules.reminder_date(due, NM) == remind_on


def test_cure_and_vacate_windows():
    assert rules.cure_deadline(D(2026, 12, 15), NM).due == D(2026, 12, 28)  # 10 days land on Christmas
    assert rules.vacate_deadline(D(2026, 11, 25), NM).due == D(2026, 12, 28)  # 30 days land on Christmas


@pytest.mark.parametrize(
    ("received", "deadline", "timely"),
    [(D(2026, 4, 9), D(2026, 4, 9), True), (D(2026, 4, 10), D(2026, 4, 9), False)],
)
def test_timely_on_the_last_day_late_the_day_after(received, deadline, timely):
    assert rules.is_timely(received, deadline) is timely


def test_vendor_delay_starts_the_day_after_the_due_date():
    assert not rules.is_vendor_delayed(D(2026, 4, 9), D(2026, 4, 9))
    assert rules.is_vendor_delayed(D(2026, 4, 9), D(2026, 4, 10))


def test_explanation_names_the_rule_and_the_days_skipped():
    text = rules.decision_deadline(Level.FIRST, True, D(2026, 11, 24), NM).explain()
    assert text == (
        "received Tue 2026-11-24; 3 business days; Thanksgiving Day, Presidents' Day skipped; "
        "due Tue 2026-12-01"
    )


def test_not_adverse_issues():
    assert rules.not_adverse_issues(["eligibility_status"], determination_is_adverse=True) == []
    assert rules.not_adverse_issues(["eligibility_status"], determination_is_adverse=False) == [
        "eligibility_status"
    ]
    assert rules.not_adverse_issues(["assistance_tier"], determination_is_adverse=False) == []


def test_final_appeal_lies_from_adverse_outcomes_and_delay():
    assert rules.final_appeal_is_adverse("upheld", False)
    assert rules.final_appeal_is_adverse("modified", False)
    assert not rules.final_appeal_is_adverse("reversed", False)
    assert rules.final_appeal_is_adverse("", True)
