"""rules.clock_fields: every clock column of an appeal from its facts (issue 9 item 1; E(4), E(5)).

Pure: the holidays are passed in. Each row has the boundary day and the day after.
"""

from datetime import date

import pytest

from appeals import rules
from appeals.choices import Level, State

NM = {date(2026, 5, 25): "Memorial Day", date(2026, 7, 3): "Independence Day (observed)"}
F = rules.ClockFacts


def due(fields, name):
    return fields.get(name)


@pytest.mark.parametrize(
    ("facts", "decision_due", "remind_on"),
    [
        # received Fri 03-20: 20 calendar days -> Thu 04-09; reminder 2 business days before
        (F(Level.FIRST, State.SCREENED, clock_start=date(2026, 3, 20)), date(2026, 4, 9), date(2026, 4, 7)),
        # received one day later -> Fri 04-10
        (F(Level.FIRST, State.SCREENED, clock_start=date(2026, 3, 21)), date(2026, 4, 10), date(2026, 4, 8)),
        # a late filing awaiting good cause: its clock runs from receipt too (E(4))
        (F(Level.FIRST, State.LATE, clock_start=date(2026, 4, 10)), date(2026, 4, 30), date(2026, 4, 28)),
        (
            F(Level.FIRST, State.GOOD_CAUSE_CLAIMED, clock_start=date(2026, 4, 10)),
            date(2026, 4, 30),
            date(2026, 4, 28),
        ),
        (
            F(Level.FIRST, State.GOOD_CAUSE_CLAIMED, clock_start=date(2026, 4, 11)),
            date(2026, 5, 1),
            date(2026, 4, 29),
        ),
        # expedited: 3 business days (Fri 05-22 -> Memorial Day skipped -> Thu 05-28)
        (
            F(Level.FIRST, State.SCREENED, expedited=True, clock_start=date(2026, 5, 22)),
            date(2026, 5, 28),
            date(2026, 5, 26),
        ),
        # a final appeal filed late has no clock until good cause is granted
        (F(Level.FINAL, State.GOOD_CAUSE_CLAIMED, clock_start=None), None, None),
    ],
)
def test_decision_clock(facts, decision_due, remind_on):
    fields = rules.clock_fields(facts, NM)
    assert due(fields, "decision_due_on") == decision_due
    assert due(fields, "remind_on") == remind_on
    if decision_due:
        assert fields["decision_due_count"]["start"] == facts.clock_start.isoformat()


@pytest.mark.parametrize(
    ("missed", "delay_notice_on", "decided_on", "window", "basis"),
    [
        # 30 days from the missed due date (E(5)): Thu 04-09 -> Sat 05-09 -> Mon 05-11
        (date(2026, 4, 9), None, None, date(2026, 5, 11), "missed_due"),
        (date(2026, 4, 9), date(2026, 4, 10), None, date(2026, 5, 11), "missed_due"),
        # never sooner than 30 days after the delay notice: notice on the missed due date (boundary)...
        (date(2026, 6, 1), date(2026, 6, 1), None, date(2026, 7, 1), "missed_due"),
        # ... and the day after: the window moves with the notice
        (date(2026, 6, 1), date(2026, 6, 2), None, date(2026, 7, 2), "delay_notice"),
        # a notice sent weeks late still leaves 30 days: Thu 04-09 missed, notice Mon 05-04 -> Wed 06-03
        (date(2026, 4, 9), date(2026, 5, 4), None, date(2026, 6, 3), "delay_notice"),
        # a late decision after the delay: the later window wins (the decision's on a tie)
        (date(2026, 4, 9), date(2026, 4, 10), date(2026, 4, 20), date(2026, 5, 20), "decision"),
    ],
)
def test_final_appeal_window_after_a_vendor_delay(missed, delay_notice_on, decided_on, window, basis):
    state = State.DECIDED if decided_on else State.VENDOR_DELAYED
    facts = F(
        Level.FIRST,
        state,
        decision_due_on=missed,
        vendor_delayed_on=missed,
        delay_notice_on=delay_notice_on,
        decided_on=decided_on,
    )
    fields = rules.clock_fields(facts, NM)
    assert fields["final_appeal_due_on"] == window
    assert fields["final_appeal_due_count"]["basis"] == basis
    assert fields["remind_on"] is None
    assert "decision_due_on" not in fields  # the missed due date stays as it was
    if delay_notice_on:
        assert (fields["final_appeal_due_on"] - delay_notice_on).days >= 30


def test_decided_without_delay_counts_from_the_decision():
    fields = rules.clock_fields(F(Level.FIRST, State.DECIDED, decided_on=date(2026, 4, 8)), NM)
    assert fields["final_appeal_due_on"] == date(2026, 5, 8)
    assert fields["final_appeal_due_count"]["basis"] == "decision"


@pytest.mark.parametrize(
    ("incomplete_on", "cure_due"),
    [(date(2026, 3, 20), date(2026, 3, 30)), (date(2026, 3, 21), date(2026, 3, 31))],
)
def test_cure_date(incomplete_on, cure_due):
    fields = rules.clock_fields(F(Level.FIRST, State.INCOMPLETE, incomplete_on=incomplete_on), NM)
    assert fields["cure_due_on"] == cure_due
    assert "remind_on" not in fields


@pytest.mark.parametrize(
    ("dismissed_on", "vacate_due"),
    [(date(2026, 6, 3), date(2026, 7, 6)), (date(2026, 6, 2), date(2026, 7, 2))],
)
def test_vacate_date(dismissed_on, vacate_due):
    # 06-03 + 30 = Fri 07-03, Independence Day observed -> Mon 07-06; one day earlier: Thu 07-02
    fields = rules.clock_fields(F(Level.FIRST, State.DISMISSED, dismissed_on=dismissed_on), NM)
    assert fields["vacate_due_on"] == vacate_due
    assert fields["remind_on"] is None


def test_count_is_data_not_a_sentence():
    fields = rules.clock_fields(F(Level.FIRST, State.DISMISSED, dismissed_on=date(2026, 6, 3)), NM)
    assert fields["vacate_due_count"] == {
        "code": "dismissal_vacate",
        "start": "2026-06-03",
        "due": "2026-07-06",
        "skipped": [["2026-07-03", "holiday"], ["2026-07-04", "saturday"], ["2026-07-05", "sunday"]],
    }
