"""Reads for the role workspaces, the case timeline and the reports (PRODUCT P1, P7, P9).

Queues return querysets with their joins chosen, so a queue page runs the same
few queries for 10 rows or 100,000. This is the top layer: it reads eligibility,
notices and appeals, and none of them reads it.

One module per workspace or feature; this package re-exports them, so
``from workspaces import selectors`` / ``selectors.caseworker_queue`` keep working:
``caseworker``, ``appeal_queues`` (officer and bureau reviewer), ``supervisor``,
``appellants`` (representative and applicant), ``program``, ``timeline``, ``reports``,
and ``counts`` (the capped tab counts; ``counts.COUNT_CAP`` is where the cap lives).
"""

from .appeal_queues import bureau_queue, officer_queue
from .appellants import case_due, client_applications, notices_for, open_appeals_for, own_applications
from .caseworker import CASEWORKER_TABS, caseworker_counts, caseworker_queue
from .counts import COUNT_CAP, CappedCount, capped_counts
from .program import plan_years_around
from .reports import (
    WaitlistGroup,
    appeal_timeliness,
    applications_by_status,
    enrollment_against_cap,
    waitlist_by_priority,
)
from .supervisor import TeamRow, assignable_applications, caseworkers, team_timeliness
from .timeline import TimelineEntry, case_timeline

__all__ = [
    "CASEWORKER_TABS",
    "COUNT_CAP",
    "CappedCount",
    "TeamRow",
    "TimelineEntry",
    "WaitlistGroup",
    "appeal_timeliness",
    "applications_by_status",
    "assignable_applications",
    "bureau_queue",
    "capped_counts",
    "case_due",
    "case_timeline",
    "caseworker_counts",
    "caseworker_queue",
    "caseworkers",
    "client_applications",
    "enrollment_against_cap",
    "notices_for",
    "officer_queue",
    "open_appeals_for",
    "own_applications",
    "plan_years_around",
    "team_timeliness",
    "waitlist_by_priority",
]
