"""Queue tab counts that stop counting at a cap, several in one statement."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import IntegerField, QuerySet, Subquery

# Tab counts stop counting here: past it the page says "1,000+" (counting tens of thousands of rows
# on every page view is what would make the queue slow, and nobody needs the exact figure).
COUNT_CAP = 1000


class CappedCount(Subquery):
    """(SELECT COUNT(*) FROM (<at most COUNT_CAP ids>)): stops after the cap."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _capped)"
    output_field = IntegerField()


def capped_counts(querysets: dict[str, QuerySet], user) -> dict[str, int]:
    """Several capped counts in one statement (hosted on the user's own row)."""
    counts = {name: CappedCount(qs.order_by().values("pk")[:COUNT_CAP]) for name, qs in querysets.items()}
    row = get_user_model().objects.filter(pk=user.pk).annotate(**counts).values(*counts).first()
    return row or dict.fromkeys(querysets, 0)
