"""Eligibility's daily sweep (PRODUCT P8): the timers eligibility owns, run by its own beat entry.

``eligibility.tasks.daily_sweep`` runs it every night (``CELERY_BEAT_SCHEDULE``); the appeals app
sweeps its own clocks separately. Each part finds its rows by an indexed due date, locks them
with ``skip_locked``, commits on its own and is safe to run twice; inside a part, one record that
fails is recorded on its row and never stops the others. Add a part for a new timer of
eligibility (a lapsed offer, a renewal due) here, with its count in ``SweepResult``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from .review import expire_information_requests

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    information_requests_expired: int


def run_daily_sweep(*, today: date) -> SweepResult:
    """Run every part of eligibility's sweep as of ``today``."""
    result = SweepResult(information_requests_expired=expire_information_requests(today=today))
    log.info("eligibility daily sweep %s: %s", today.isoformat(), result)
    return result
