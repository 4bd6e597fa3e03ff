"""The appeals officer's and bureau reviewer's queues: appeals they may decide (PRODUCT P1, P8)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from appeals import selectors as appeal_selectors
from appeals.models import Appeal
from eligibility.models import (
    Application,
    CriterionFinding,
    Determination,
    InformationRequest,
)


def exclude_participants(appeals: QuerySet[Appeal], user) -> QuerySet[Appeal]:
    """Drop the appeals ``user`` took part in, as a filter the database applies.

    The same participants as ``eligibility.selectors.determination_participants`` and
    ``appeals.selectors.participant_ids``: whoever decided the determination, the case's
    assignee, anyone who recorded or changed a finding on the member or requested
    information on the case; for a final appeal also the first-level decider and assignee.
    Written as three small "not in" sets (what this user touched), so a page of the queue
    costs one query whatever its length. tests/workspaces/test_views_appeal_queues.py
    checks the filter agrees with ``Appeal.may_be_decided_by``.
    """
    recorded = CriterionFinding.objects.filter(recorded_by=user).order_by().values("member_id")
    changed = CriterionFinding.history.filter(history_user=user).order_by().values("member_id")
    requested = InformationRequest.objects.filter(requested_by=user).order_by().values("application_id")
    # One small set per way of taking part, each found through its own index (no OR across them).
    blocked_determinations = (
        Determination.objects.filter(decided_by=user),
        Determination.objects.filter(member_id__in=recorded),
        Determination.objects.filter(member_id__in=changed),
    )
    blocked_parents = (Appeal.objects.filter(decided_by=user), Appeal.objects.filter(assigned_to=user))
    for determinations in blocked_determinations:
        appeals = appeals.exclude(determination_id__in=determinations.order_by().values("pk"))
    appeals = appeals.exclude(
        application_id__in=Application.objects.filter(assigned_to=user).order_by().values("pk")
    ).exclude(application_id__in=requested)
    for parents in blocked_parents:
        appeals = appeals.filter(Q(parent__isnull=True) | ~Q(parent_id__in=parents.order_by().values("pk")))
    return appeals


def _decider_queue(queue: QuerySet[Appeal], user) -> QuerySet[Appeal]:
    # The rows show the appeal's own columns and its assignee only: no other join is needed.
    return exclude_participants(queue, user).select_related(None).select_related("assigned_to")


def officer_queue(user, *, mine: bool = False) -> QuerySet[Appeal]:
    """Open first-level appeals the officer may decide: expedited first, then by decision due date."""
    return _decider_queue(appeal_selectors.officer_queue(assigned_to=user if mine else None), user)


def bureau_queue(user, *, mine: bool = False) -> QuerySet[Appeal]:
    """Open final appeals the reviewer may decide: expedited first, then by decision due date."""
    return _decider_queue(appeal_selectors.bureau_queue(assigned_to=user if mine else None), user)
