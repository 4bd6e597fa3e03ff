"""The supervisor's team timeliness and bulk assignment (PRODUCT P1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, Q, QuerySet

from eligibility.models import (
    Application,
    ApplicationState,
    Determination,
)
from eligibility.selectors import QUEUE_ORDER, deciders, open_states

from .. import rules


def caseworkers() -> QuerySet:
    """Active users who may decide applications (through a group or directly)."""
    return deciders().order_by("last_name", "first_name", "username")


@dataclass(frozen=True)
class TeamRow:
    user: object | None
    open: int
    overdue: int
    due_soon: int
    waiting: int
    decided_30: int
    oldest_received: date | None

    def oldest_days(self, today: date) -> int | None:
        return None if self.oldest_received is None else (today - self.oldest_received).days


def team_timeliness(*, today: date, team: list) -> list[TeamRow]:
    """Per caseworker (and the unassigned pile): open work, what is overdue, due soon or waiting on
    the applicant, the oldest open application, and the cases they decided in the last 30 days.

    Two grouped queries: open applications by assignee, and determinations by who decided them.
    """
    soon = today + timedelta(days=rules.DUE_SOON_DAYS - 1)
    grouped = {
        row["assigned_to"]: row
        for row in Application.objects.filter(state__in=open_states())
        .values("assigned_to")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(next_due_on__lt=today)),
            due_soon=Count("pk", filter=Q(next_due_on__gte=today, next_due_on__lte=soon)),
            waiting=Count("pk", filter=Q(state=ApplicationState.AWAITING_INFORMATION)),
            oldest_received=Min("received_on"),
        )
        .order_by()
    }
    decided = dict(
        Determination.objects.filter(decided_on__gt=today - timedelta(days=30), decided_by__isnull=False)
        .values_list("decided_by")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )
    empty = {"open": 0, "overdue": 0, "due_soon": 0, "waiting": 0, "oldest_received": None}

    def row(user, key):
        data = {**empty, **{k: v for k, v in grouped.get(key, {}).items() if k != "assigned_to"}}
        return TeamRow(user=user, decided_30=decided.get(key, 0) if key else 0, **data)

    rows = [row(member, member.pk) for member in team]
    rows.append(row(None, None))
    return rows


def assignable_applications(*, assignee: str = "") -> QuerySet[Application]:
    """Open applications for the supervisor's bulk assignment: all, unassigned ('none'), or one person's."""
    qs = Application.objects.filter(state__in=open_states())
    if assignee == "none":
        qs = qs.filter(assigned_to__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assigned_to_id=int(assignee))
    return qs.select_related("assigned_to").order_by(*QUEUE_ORDER)
