"""The New Mexico state-holiday calendar (NMSA 12-5-2) as data.

Selectors read ``StateHoliday`` rows into the ``Mapping[date, str]`` that the pure
functions in ``hca_portal.dates`` take; ``seed_state_holidays`` fills the table
from the ``holidays`` package without touching rows administrators corrected.
"""

from collections.abc import Iterable
from datetime import date, timedelta

import holidays as holidays_lib
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .dates import Period
from .models import StateHoliday

SEED_REASON = 'Seeded from holidays.US(subdiv="NM")'


def holidays_between(start: date, end: date) -> dict[date, str]:
    """State holidays from ``start`` to ``end``, both included (one query)."""
    rows = StateHoliday.objects.filter(date__range=(start, end)).values_list("date", "name")
    return dict(rows)


def holidays_for_years(years: Iterable[int]) -> dict[date, str]:
    """State holidays in the given calendar years (one query)."""
    rows = StateHoliday.objects.filter(date__year__in=list(years)).values_list("date", "name")
    return dict(rows)


def seed_state_holidays(years: Iterable[int]) -> int:
    """Add the missing holidays of ``years``; return how many rows were created.

    Idempotent: dates already in the table (including administrators' corrections)
    are left as they are.
    """
    source = holidays_lib.US(subdiv="NM", years=list(years))
    with transaction.atomic():
        existing = set(StateHoliday.objects.filter(date__in=list(source)).values_list("date", flat=True))
        new = [StateHoliday(date=d, name=name) for d, name in sorted(source.items()) if d not in existing]
        bulk_create_with_history(new, StateHoliday, default_change_reason=SEED_REASON)
    return len(new)


def reach(period: Period) -> timedelta:
    """How far past its start ``period`` can end: a period of N days, calendar or business,
    ends well within 2N + 14 days, rolling forward included (generous on purpose)."""
    return timedelta(days=2 * period.days + 14)


def holidays_for_period(start: date, period: Period) -> dict[date, str]:
    """Every state holiday that can affect ``deadline(start, period, ...)`` (one query)."""
    return holidays_between(start, start + reach(period))
