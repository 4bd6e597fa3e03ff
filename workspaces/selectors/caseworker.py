"""The caseworker's queue tabs and their counts (PRODUCT P1)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from eligibility.access import applications_for_user
from eligibility.models import (
    Application,
    ApplicationState,
)
from eligibility.selectors import QUEUE_ORDER, open_states

from .. import rules
from .counts import capped_counts

CASEWORKER_TABS = ("mine", "unassigned", "due_soon", "overdue", "waiting")


def _open_applications(user) -> QuerySet[Application]:
    return applications_for_user(user).filter(state__in=open_states())


def _tab_filter(tab: str, user, today: date) -> Q:
    soon = today + timedelta(days=rules.DUE_SOON_DAYS - 1)
    return {
        "mine": Q(assigned_to=user),
        "unassigned": Q(assigned_to__isnull=True),
        "due_soon": Q(next_due_on__gte=today, next_due_on__lte=soon),
        "overdue": Q(next_due_on__lt=today),
        "waiting": Q(state=ApplicationState.AWAITING_INFORMATION),
    }[tab]


def caseworker_queue(user, tab: str, *, today: date) -> QuerySet[Application]:
    """One tab of the caseworker's work: open applications, nearest deadline first."""
    return (
        _open_applications(user)
        .filter(_tab_filter(tab, user, today))
        .select_related("assigned_to")
        .order_by(*QUEUE_ORDER)
    )


def caseworker_counts(user, *, today: date) -> dict[str, int]:
    """How many rows each tab holds (up to COUNT_CAP), in one query."""
    return capped_counts(
        {tab: _open_applications(user).filter(_tab_filter(tab, user, today)) for tab in CASEWORKER_TABS}, user
    )
