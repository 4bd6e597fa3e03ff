"""The New Mexico state-holiday calendar (NMSA 12-5-2) as data.

Selectors read ``StateHoliday`` rows into the ``Mapping[date, str]`` that the pure
functions in ``hca_portal.dates`` take; ``seed_state_holidays`` fills the table
from the ``holidays`` package without touching rows administrators corrected.
"""

from collections.abc import Iterable
from datetime import date, timedelta

import holidays as holidays_lib
from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from simple_history.utils import bulk_create_with_history

from .dates import Period
from .models import StateHoliday

SEED_REASON = 'Seeded from holidays.US(subdiv="NM")'

# Holiday names as stored (English), marked for translation; a name not listed here (one an
# administrator typed) is shown as typed.
KNOWN_NAMES = (
    gettext_noop("New Year's Day"),
    gettext_noop("Martin Luther King Jr. Day"),
    gettext_noop("Presidents' Day"),
    gettext_noop("Memorial Day"),
    gettext_noop("Juneteenth National Independence Day"),
    gettext_noop("Independence Day"),
    gettext_noop("Labor Day"),
    gettext_noop("Indigenous Peoples' Day"),
    gettext_noop("Columbus Day"),
    gettext_noop("Veterans Day"),
    gettext_noop("Thanksgiving Day"),
    gettext_noop("Day after Thanksgiving"),
    gettext_noop("Christmas Day"),
)
_OBSERVED = " (observed)"


def holiday_name(name: str) -> str:
    """A stored holiday name in the active language ("Christmas Day (observed)" included)."""
    if name.endswith(_OBSERVED):
        return gettext(name[: -len(_OBSERVED)]) + " " + gettext("(observed)")
    return gettext(name)


def holidays_between(start: date, end: date) -> dict[date, str]:
    """State holidays from ``start`` to ``end``, both included (one query); names in the active language."""
    rows = StateHoliday.objects.filter(date__range=(start, end)).values_list("date", "name")
    return {d: holiday_name(name) for d, name in rows}


def holidays_for_years(years: Iterable[int]) -> dict[date, str]:
    """State holidays in the given calendar years (one query); names in the active language."""
    rows = StateHoliday.objects.filter(date__year__in=list(years)).values_list("date", "name")
    return {d: holiday_name(name) for d, name in rows}


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
