"""The case timeline (PRODUCT P11): each app gives its own entries, merged here."""

from __future__ import annotations

from eligibility.models import (
    Application,
)
from hca_portal import timeline

# Each app gives its own entries (eligibility/timeline.py, notices/timeline.py, appeals/timeline.py),
# registered with hca_portal.timeline; the page merges them.
TimelineEntry = timeline.TimelineEntry


def case_timeline(application: Application) -> list[TimelineEntry]:
    """Every transition, determination, enrollment change, request, document, notice and appeal on
    the case, as each app records it (who, when, why), merged and oldest first."""
    return timeline.case_timeline(application)
