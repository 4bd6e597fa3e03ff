"""The reports' figures (PRODUCT P9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Min

from appeals.models import OPEN_STATES as APPEAL_OPEN_STATES
from appeals.models import Appeal, Level
from eligibility.models import (
    SLOT_HOLDING,
    Application,
    ApplicationState,
    Enrollment,
    EnrollmentState,
    Guidance,
    PlanYear,
)
from hca_portal.dates import local_today

from .. import rules


def applications_by_status(plan_year: PlanYear) -> list[tuple[str, str, int]]:
    """(state, label, count) for every application state, zeros included, in the state machine's order."""
    counts = dict(
        Application.objects.filter(plan_year=plan_year)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in ApplicationState.choices]


def enrollment_against_cap(plan_year: PlanYear, *, today: date | None = None) -> list[rules.CapPoint]:
    """Slots held against the cap, day by day, from the enrollments' and guidance's history.

    Guidance rows written without history (the seed migration, a bulk update) count as known
    from the start when they have no history at all, or from today when their history is behind.
    """
    changes = (
        (local_today(at), key, state)
        for at, key, state in Enrollment.history.filter(plan_year_id=plan_year.pk)
        .order_by("history_date", "history_id")
        .values_list("history_date", "id", "state")
        .iterator()
    )
    versions, latest = [], {}
    for key, at, effective, cap in (
        Guidance.history.filter(plan_year_id=plan_year.pk)
        .order_by("history_date", "history_id")
        .values_list("id", "history_date", "effective_date", "enrollment_cap")
    ):
        versions.append((local_today(at), effective, cap))
        latest[key] = (effective, cap)
    for key, effective, cap in Guidance.objects.filter(plan_year=plan_year).values_list(
        "pk", "effective_date", "enrollment_cap"
    ):
        if key not in latest:
            versions.insert(0, (date.min, effective, cap))
        elif latest[key] != (effective, cap):
            versions.append((today or date.max, effective, cap))
    return rules.enrollment_over_time(changes, versions, slot_states=SLOT_HOLDING)


@dataclass(frozen=True)
class WaitlistGroup:
    priority_group: int
    waiting: int
    oldest: datetime | None


def waitlist_by_priority(plan_year: PlanYear) -> list[WaitlistGroup]:
    rows = {
        row["priority_group"]: row
        for row in Enrollment.objects.filter(plan_year=plan_year, state=EnrollmentState.WAITLISTED)
        .values("priority_group")
        .annotate(waiting=Count("pk"), oldest=Min("completed_at"))
        .order_by()
    }
    groups = sorted(set(rows) | {1, 2})
    return [
        WaitlistGroup(g, rows.get(g, {}).get("waiting", 0), rows.get(g, {}).get("oldest")) for g in groups
    ]


def appeal_timeliness(*, today: date, plan_year: PlanYear | None = None) -> list[rules.Timeliness]:
    """Per level: how many were decided, the share decided by the due date, the median days from
    the start of the clock to the decision, and how many open appeals are past due."""
    appeals = Appeal.objects.all()
    if plan_year is not None:
        appeals = appeals.filter(application__plan_year=plan_year)
    decided = appeals.filter(decided_on__isnull=False).order_by()
    overdue = dict(
        appeals.filter(state__in=APPEAL_OPEN_STATES, decision_due_on__lt=today)
        .values_list("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_level: dict[str, list] = {value: [] for value, _label in Level.choices}
    for level, start, received, due, decided_on in decided.values_list(
        "level", "decision_clock_start", "received_on", "decision_due_on", "decided_on"
    ).iterator():
        by_level.setdefault(level, []).append((start or received, due, decided_on))
    return [
        rules.timeliness(level, rows, open_overdue=overdue.get(level, 0)) for level, rows in by_level.items()
    ]
