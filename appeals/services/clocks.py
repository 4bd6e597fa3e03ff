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

from hca_portal.calendar import holidays_between

from .. import rules
from ..choices import FINAL_APPEALABLE_STATES, FIRST_LEVEL_CLOCK_STATES
from ..models import Appeal, Level, State
from ._common import HORIZON, Change, clock_facts


def _candidates(days: list[date]) -> Q:
    """Appeals with an open clock whose count runs over one of ``days`` (start < day <= due)."""
    q = Q()
    for d in days:
        q |= Q(state__in=FIRST_LEVEL_CLOCK_STATES, decision_clock_start__lt=d, decision_due_on__gte=d)
        q |= Q(state=State.INCOMPLETE, incomplete_on__lt=d, cure_due_on__gte=d)
        q |= Q(state=State.DISMISSED, dismissed_on__lt=d, vacate_due_on__gte=d)
        q |= Q(
            level=Level.FIRST,
            state__in=FINAL_APPEALABLE_STATES,
            final_appeal_due_on__gte=d,
        ) & (
            Q(decided_on__lt=d)
            | Q(vendor_delayed_on__isnull=False, decision_due_on__lt=d)
            | Q(delay_notice_on__lt=d)
        )
    return q


def _recomputed(appeal: Appeal, holidays) -> dict:
    """The clock columns ``appeal`` should carry under ``holidays``: field -> value."""
    return rules.clock_fields(clock_facts(appeal), holidays)


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
        holidays = holidays_between(days[0] - HORIZON, days[-1] + HORIZON)
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
