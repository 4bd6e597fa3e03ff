"""Pure appeal rules of 8.401.2.12 E NMAC (PRODUCT P6): which clock applies, what is appealable.

No database and no clock: callers pass dates, the holiday mapping
(``hca_portal.calendar``) and ``today``. Every due date is computed by
``hca_portal.dates.deadline``; this module only chooses the period and the start.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hca_portal.dates import (
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

from .choices import Issue, Level, Outcome

# Not in the rule: the exchange appeal rules (45 CFR 155.520(d)(2)) give an incomplete appeal
# "a reasonable timeframe" to cure. We use 10 calendar days from the incomplete notice.
APPEAL_CURE = Period(10, False, "appeal_cure", "10 calendar days to complete an incomplete appeal")


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
        return printed, f"{computed.explain()}; the notice printed {printed.isoformat()}, which applies"
    return computed.due, computed.explain()


def decision_deadline(level: str, expedited: bool, clock_start: date, holidays: Holidays) -> Deadline:
    """When the decision is due: counted from the day the (complete) appeal was received."""
    return deadline(clock_start, decision_period(level, expedited), holidays)


def final_appeal_deadline(start: date, holidays: Holidays) -> Deadline:
    """30 calendar days from the first-level decision, or from its due date on a vendor delay."""
    return deadline(start, FINAL_APPEAL_FILING, holidays)


def final_appeal_window(
    *, decided_on: date | None, missed_due_on: date | None, holidays: Holidays
) -> Deadline | None:
    """The window to file a final appeal (8.401.2.12 E(5)): counted from the first-level decision,
    or from the missed decision due date when the vendor did not decide in time. When both
    apply (decided after the delay), the later window wins; on the same due date, the decision's."""
    best = None
    for start in (missed_due_on, decided_on):
        if start is not None:
            window = final_appeal_deadline(start, holidays)
            if best is None or window.due >= best.due:
                best = window
    return best


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


def is_impartial(user_id: int | None, participant_ids: Iterable[int]) -> bool:
    """Whoever decides an appeal took no part in the decision appealed (8.401.2.12 E(4))."""
    return user_id is not None and user_id not in set(participant_ids)
