"""Recomputing stored due dates when the state-holiday calendar changes (PRODUCT P6).

A due date is stored with the rule that produced it. When a program administrator
adds, moves or removes a holiday, every clock of an open appeal whose count
crosses that day is recomputed from its stored start through ``hca_portal.dates``,
and each changed row is saved with history and an event saying why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q

from hca_portal.calendar import holidays_between, reach
from hca_portal.dates import DISMISSAL_VACATE, FINAL_APPEAL_FILING

from .. import rules
from ..choices import FINAL_APPEALABLE_STATES
from ..models import CLOCK_STATES, Appeal, Level, State
from ._common import Change

# How far past its start any clock recomputed here can end (and so how far around a changed day
# holidays are read): the longest reach among the decision, cure, vacate and final-appeal periods.
_HORIZON = max(
    reach(period)
    for period in (
        *(rules.decision_period(level, expedited) for level in Level.values for expedited in (False, True)),
        rules.APPEAL_CURE,
        DISMISSAL_VACATE,
        FINAL_APPEAL_FILING,
    )
)


def _candidates(days: list[date]) -> Q:
    """Appeals with an open clock whose count runs over one of ``days`` (start < day <= due)."""
    q = Q()
    for d in days:
        q |= Q(state__in=CLOCK_STATES, decision_clock_start__lt=d, decision_due_on__gte=d)
        q |= Q(state=State.INCOMPLETE, incomplete_on__lt=d, cure_due_on__gte=d)
        q |= Q(state=State.DISMISSED, dismissed_on__lt=d, vacate_due_on__gte=d)
        q |= Q(
            level=Level.FIRST,
            state__in=FINAL_APPEALABLE_STATES,
            final_appeal_due_on__gte=d,
        ) & (Q(decided_on__lt=d) | Q(vendor_delayed_on__isnull=False, decision_due_on__lt=d))
    return q


def _recomputed(appeal: Appeal, holidays) -> dict:
    """The due dates ``appeal`` should carry under ``holidays``: field -> value."""
    out: dict = {}
    if appeal.state in CLOCK_STATES and appeal.decision_clock_start:
        period = rules.decision_period(appeal.level, appeal.is_expedited)
        due = rules.decision_deadline(
            appeal.level, appeal.is_expedited, appeal.decision_clock_start, holidays
        )
        out |= {
            "decision_due_on": due.due,
            "decision_due_rule": period.code,
            "decision_due_explain": due.explain(),
            "remind_on": rules.reminder_date(due.due, holidays),
        }
    if appeal.state == State.INCOMPLETE and appeal.incomplete_on:
        due = rules.cure_deadline(appeal.incomplete_on, holidays)
        out |= {"cure_due_on": due.due, "cure_due_explain": due.explain()}
    if appeal.state == State.DISMISSED and appeal.dismissed_on:
        due = rules.vacate_deadline(appeal.dismissed_on, holidays)
        out |= {"vacate_due_on": due.due, "vacate_due_explain": due.explain()}
    if appeal.level == Level.FIRST and appeal.state in FINAL_APPEALABLE_STATES:
        window = rules.final_appeal_window(
            decided_on=appeal.decided_on,
            missed_due_on=appeal.decision_due_on if appeal.vendor_delayed_on else None,
            holidays=holidays,
        )
        if window is not None:
            out |= {"final_appeal_due_on": window.due, "final_appeal_due_explain": window.explain()}
    return out


def recompute_due_dates(*, changed_days: Iterable[date], today: date, acting_user=None) -> int:
    """Recompute the clocks of open appeals that cross any of ``changed_days``; return how many changed."""
    days = sorted(set(changed_days))
    if not days:
        return 0
    changed = 0
    with transaction.atomic():
        rows = list(Appeal.objects.select_for_update().filter(_candidates(days)).order_by("pk"))
        if not rows:
            return 0
        holidays = holidays_between(days[0] - _HORIZON, days[-1] + _HORIZON)
        label = ", ".join(d.isoformat() for d in days)
        for appeal in rows:
            new = _recomputed(appeal, holidays)
            if all(getattr(appeal, f) == v for f, v in new.items()):
                continue
            change = Change(
                appeal,
                user=acting_user,
                reason=f"Due dates recomputed: holiday calendar changed ({label})",
                today=today,
            )
            for f, v in new.items():
                setattr(appeal, f, v)
            change.note("due_dates_recomputed")
            change.save()
            changed += 1
    return changed
