"""Pure appeal rules of 8.401.2.12 E NMAC (PRODUCT P6): which clock applies, what is appealable.

No database and no clock: callers pass dates, the holiday mapping
(``hca_portal.calendar``) and ``today``. Every due date is computed by
``hca_portal.dates.deadline``; this module only chooses the period and the start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from hca_portal.dates import (
    APPEAL_CURE,
    APPEAL_FILING,
    DISMISSAL_VACATE,
    FINAL_APPEAL_FILING,
    FINAL_DECISION,
    FINAL_DECISION_EXPEDITED,
    FIRST_LEVEL_DECISION,
    FIRST_LEVEL_DECISION_EXPEDITED,
    REMINDER_LEAD,
    Deadline,
    Holidays,
    Period,
    business_days_before,
    deadline,
    is_late,
)

from .choices import (
    CLOCK_STATES,
    FINAL_APPEALABLE_STATES,
    FIRST_LEVEL_CLOCK_STATES,
    Issue,
    Level,
    Outcome,
    State,
)

# Issues an appellant can raise against a decision that found them eligible: the amount,
# tier and start of assistance can still be adverse; the eligibility status cannot.
ISSUES_OPEN_AGAINST_APPROVAL = frozenset(
    {Issue.INCOME_FINDING, Issue.RESIDENCY_FINDING, Issue.ASSISTANCE_TIER, Issue.EFFECTIVE_DATE}
)
# First-level outcomes a final appeal can challenge (a full reversal is not adverse).
ADVERSE_OUTCOMES = frozenset({Outcome.UPHELD, Outcome.MODIFIED})


def filing_period(level: str) -> Period:
    return APPEAL_FILING if level == Level.FIRST else FINAL_APPEAL_FILING


def decision_period(level: str, expedited: bool) -> Period:
    if level == Level.FIRST:
        return FIRST_LEVEL_DECISION_EXPEDITED if expedited else FIRST_LEVEL_DECISION
    return FINAL_DECISION_EXPEDITED if expedited else FINAL_DECISION


def filing_deadline(
    notice_date: date, holidays: Holidays, *, level: str = Level.FIRST, printed: date | None = None
) -> tuple[date, str]:
    """Last day to file, counted from the notice date, and how it was counted.

    When the notice printed a deadline, the later of the printed and the computed
    date applies: an appellant never loses by relying on the notice, nor by a
    later correction of the holiday calendar.
    """
    computed = deadline(notice_date, filing_period(level), holidays)
    if printed is not None and printed > computed.due:
        return printed, computed.to_data(printed=printed.isoformat())
    return computed.due, computed.to_data()


def decision_deadline(level: str, expedited: bool, clock_start: date, holidays: Holidays) -> Deadline:
    """When the decision is due: counted from the day the (complete) appeal was received."""
    return deadline(clock_start, decision_period(level, expedited), holidays)


def final_appeal_deadline(start: date, holidays: Holidays) -> Deadline:
    """30 calendar days from the first-level decision, or from its due date on a vendor delay."""
    return deadline(start, FINAL_APPEAL_FILING, holidays)


def final_appeal_window(
    *,
    decided_on: date | None,
    missed_due_on: date | None,
    holidays: Holidays,
    delay_notice_on: date | None = None,
) -> Deadline | None:
    """The window to file a final appeal (8.401.2.12 E(5)): counted from the first-level decision,
    or from the missed decision due date when the vendor did not decide in time. When both
    apply (decided after the delay), the later window wins; on the same due date, the decision's.

    After a vendor delay the window never ends sooner than 30 calendar days after the delay
    notice's date (rolled forward like any window): the vendor's lateness never shortens the
    appellant's time."""
    return _final_window(decided_on, missed_due_on, delay_notice_on, holidays)[0]


def _final_window(decided_on, missed_due_on, delay_notice_on, holidays) -> tuple[Deadline | None, str]:
    best, basis = None, ""
    floor = delay_notice_on if missed_due_on is not None else None
    # Ties go to the later entry: the missed due date over the notice, the decision over both.
    for name, start in (("delay_notice", floor), ("missed_due", missed_due_on), ("decision", decided_on)):
        if start is not None:
            window = final_appeal_deadline(start, holidays)
            if best is None or window.due >= best.due:
                best, basis = window, name
    return best, basis


@dataclass(frozen=True)
class ClockFacts:
    """What an appeal's clocks depend on (the columns the setters and the sweep read)."""

    level: str
    state: str
    expedited: bool = False
    clock_start: date | None = None  # the decision clock's start: receipt (or cure, or reinstatement)
    decision_due_on: date | None = None  # as stored: the missed due date once vendor-delayed
    incomplete_on: date | None = None
    dismissed_on: date | None = None
    decided_on: date | None = None
    vendor_delayed_on: date | None = None
    delay_notice_on: date | None = None


def decision_clock_runs(level: str, state: str) -> bool:
    """The decision clock runs while an appeal awaits its decision; for a first-level appeal that
    includes a late filing awaiting a good-cause decision (E(4): 20 days from receipt, whatever
    is pending)."""
    return state in (FIRST_LEVEL_CLOCK_STATES if level == Level.FIRST else CLOCK_STATES)


def clock_fields(facts: ClockFacts, holidays: Holidays) -> dict:
    """Every clock column of an appeal from its facts: field -> value (the one home of the clocks).

    - decision due (and the reminder day) while the decision clock runs;
    - the cure date of an incomplete appeal; the vacate date of a dismissed one;
    - the final-appeal window of a first-level appeal decided or vendor-delayed.
    Counts are stored as data (``Deadline.to_data``) and explained when read.
    """
    out: dict = {}
    runs = decision_clock_runs(facts.level, facts.state) and facts.clock_start is not None
    if runs:
        period = decision_period(facts.level, facts.expedited)
        due = decision_deadline(facts.level, facts.expedited, facts.clock_start, holidays)
        out |= {
            "decision_due_on": due.due,
            "decision_due_rule": period.code,
            "decision_due_count": due.to_data(),
            "remind_on": reminder_date(due.due, holidays),
        }
    elif facts.state not in (State.RECEIVED, State.INCOMPLETE):
        out["remind_on"] = None
    if facts.state == State.INCOMPLETE and facts.incomplete_on:
        due = cure_deadline(facts.incomplete_on, holidays)
        out |= {"cure_due_on": due.due, "cure_due_count": due.to_data()}
    if facts.state == State.DISMISSED and facts.dismissed_on:
        due = vacate_deadline(facts.dismissed_on, holidays)
        out |= {"vacate_due_on": due.due, "vacate_due_count": due.to_data()}
    if facts.level == Level.FIRST and facts.state in FINAL_APPEALABLE_STATES:
        missed = facts.decision_due_on if facts.vendor_delayed_on else None
        window, basis = _final_window(facts.decided_on, missed, facts.delay_notice_on, holidays)
        if window is not None:
            out |= {"final_appeal_due_on": window.due, "final_appeal_due_count": window.to_data(basis=basis)}
    return out


def clock_starts(facts: ClockFacts) -> list[date]:
    """The days the clocks of ``facts`` count from (to know which holidays to read)."""
    days = (
        facts.clock_start,
        facts.decision_due_on,
        facts.incomplete_on,
        facts.dismissed_on,
        facts.decided_on,
        facts.delay_notice_on,
    )
    return [d for d in days if d is not None]


def cure_deadline(incomplete_on: date, holidays: Holidays) -> Deadline:
    return deadline(incomplete_on, APPEAL_CURE, holidays)


def vacate_deadline(dismissed_on: date, holidays: Holidays) -> Deadline:
    return deadline(dismissed_on, DISMISSAL_VACATE, holidays)


def reminder_date(due: date, holidays: Holidays) -> date:
    """The day to remind the assignee: 2 business days before the due date."""
    return business_days_before(due, REMINDER_LEAD.days, holidays)


def is_timely(received_on: date, due: date) -> bool:
    """Filed on or before the last day (filing on the due date itself is on time)."""
    return not is_late(received_on, due)


def is_within(day: date, due: date | None) -> bool:
    return due is not None and not is_late(day, due)


def is_vendor_delayed(due: date | None, today: date) -> bool:
    """The first-level due date has passed with no decision (checked the day after it)."""
    return due is not None and today > due


def not_adverse_issues(issues: Iterable[str], *, determination_is_adverse: bool) -> list[str]:
    """The issues that are not about an adverse decision (empty when the appeal is appealable)."""
    if determination_is_adverse:
        return []
    return [i for i in issues if i not in ISSUES_OPEN_AGAINST_APPROVAL]


def final_appeal_is_adverse(parent_outcome: str, parent_vendor_delayed: bool) -> bool:
    """A final appeal lies from an adverse first-level decision or from a vendor delay."""
    return parent_vendor_delayed or parent_outcome in ADVERSE_OUTCOMES
