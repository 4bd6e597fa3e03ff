"""The caseworker's queue tabs and their counts (PRODUCT P1)."""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Q, QuerySet

from eligibility.access import applications_for_user
from eligibility.models import (
    Application,
    ApplicationState,
)
from eligibility.selectors import QUEUE_ORDER, open_work_q

from .. import rules
from .counts import capped_counts

log = logging.getLogger(__name__)

CASEWORKER_TABS = ("mine", "unassigned", "due_soon", "overdue", "waiting")


def _open_applications(user) -> QuerySet[Application]:
    return applications_for_user(user).filter(open_work_q())


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
    return _tab_rows(user, tab, today).select_related("assigned_to").order_by(*QUEUE_ORDER)


# The other tabs' counts are kept this long (seconds) per caseworker and day; the tab on screen is
# always counted afresh, so its count, its caption and its pages agree with its rows.
COUNTS_TTL = 30


def caseworker_counts(user, *, today: date, fresh: str | None = None) -> dict[str, int]:
    """How many rows each tab holds (up to COUNT_CAP), in one query.

    With ``fresh`` (the tab on screen), the other tabs' counts may come from the cache, up to
    COUNTS_TTL seconds old, and only ``fresh`` is counted: one capped count instead of five.
    """
    key = f"workspaces:caseworker-counts:{user.pk}:{today.isoformat()}"
    now = time.time()  # the project's clock (the cache's own expiry only clears old entries away)
    kept = _cache_get(key) if fresh else None
    if (
        not kept
        or not 0 <= now - kept.get("at", 0) < COUNTS_TTL
        or set(kept["counts"]) != set(CASEWORKER_TABS)
    ):
        counts = capped_counts({tab: _tab_rows(user, tab, today) for tab in CASEWORKER_TABS}, user)
        _cache_set(key, {"at": now, "counts": counts})
        return counts
    return {**kept["counts"], fresh: capped_counts({fresh: _tab_rows(user, fresh, today)}, user)[fresh]}


def _tab_rows(user, tab: str, today: date) -> QuerySet[Application]:
    return _open_applications(user).filter(_tab_filter(tab, user, today))


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - the cache is a shortcut: without it, the page counts every tab
        log.warning("caseworker counts: cache unavailable")
        return None


def _cache_set(key: str, kept: dict) -> None:
    try:
        cache.set(key, kept, COUNTS_TTL)
    except Exception:  # noqa: BLE001 - see _cache_get
        log.warning("caseworker counts: cache unavailable")
