"""The appeals officer's and bureau reviewer's queues: appeals they may decide (PRODUCT P1, P8)."""

from __future__ import annotations

from django.db.models import QuerySet

from appeals import selectors as appeal_selectors
from appeals.models import Appeal


def _decider_queue(queue: QuerySet[Appeal], user) -> QuerySet[Appeal]:
    # Only the appeals this user may decide (``Appeal.objects.decidable_by``: the one rule, in appeals).
    # The rows show the appeal's own columns and its assignee only: no other join is needed.
    return queue.decidable_by(user).select_related(None).select_related("assigned_to")


def officer_queue(user, *, mine: bool = False) -> QuerySet[Appeal]:
    """Open first-level appeals the officer may decide: expedited first, then by decision due date."""
    return _decider_queue(appeal_selectors.officer_queue(assigned_to=user if mine else None), user)


def bureau_queue(user, *, mine: bool = False) -> QuerySet[Appeal]:
    """Open final appeals the reviewer may decide: expedited first, then by decision due date."""
    return _decider_queue(appeal_selectors.bureau_queue(assigned_to=user if mine else None), user)
