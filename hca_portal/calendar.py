"""The New Mexico state-holiday calendar (NMSA 1978 § 12-5-2) as data.

Selectors read ``StateHoliday`` rows into the ``Mapping[date, str]`` that the pure
functions in ``hca_portal.dates`` take, with each name in the active language at
call time (a seeded legal holiday is stored as a code and translated; a day an
administrator added keeps the name they typed).

``legal_holidays`` lists the state's legal holidays of given years: the days of
NMSA 1978 § 12-5-2, taken from the ``holidays`` package's New Mexico calendar,
which already follows the state's practice (a Saturday holiday observed the
Friday before, a Sunday holiday the Monday after, Presidents' Day on the day
after Thanksgiving, Indigenous Peoples' Day for Columbus Day). What the package
adds that 12-5-2 does not list (the federal Juneteenth) is left out.

``seed_state_holidays`` adds those days to the table without undoing what the
administrators did: a date the table has ever held (still there, renamed, moved
away or removed, as its history shows) is never seeded again.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import holidays as holidays_lib
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .dates import Period
from .models import LegalHoliday, StateHoliday, holiday_label

SEED_REASON = "Seeded from NMSA 1978 § 12-5-2 (the holidays package's New Mexico calendar)"

# The holidays package's (en_US) names of the NMSA 12-5-2 holidays in its New Mexico calendar.
PACKAGE_NAMES = {
    "New Year's Day": LegalHoliday.NEW_YEARS_DAY,
    "Martin Luther King Jr. Day": LegalHoliday.MARTIN_LUTHER_KING_JR_DAY,
    "Memorial Day": LegalHoliday.MEMORIAL_DAY,
    "Independence Day": LegalHoliday.INDEPENDENCE_DAY,
    "Labor Day": LegalHoliday.LABOR_DAY,
    "Indigenous Peoples' Day": LegalHoliday.INDIGENOUS_PEOPLES_DAY,
    "Veterans Day": LegalHoliday.VETERANS_DAY,
    "Thanksgiving Day": LegalHoliday.THANKSGIVING_DAY,
    "Presidents' Day": LegalHoliday.PRESIDENTS_DAY,
    "Christmas Day": LegalHoliday.CHRISTMAS_DAY,
}
_OBSERVED = " (observed)"


@dataclass(frozen=True)
class LegalDay:
    date: date
    code: str
    observed: bool

    @property
    def english_name(self) -> str:
        name = next(n for n, c in PACKAGE_NAMES.items() if c == self.code)
        return name + _OBSERVED if self.observed else name


def legal_holidays(years: Iterable[int]) -> list[LegalDay]:
    """The state's legal holidays in ``years``, each on its own date and, when it falls on a weekend,
    also on the weekday it is observed; sorted by date. Days of the package not in 12-5-2 are left out."""
    source = holidays_lib.US(subdiv="NM", years=list(years), language="en_US")
    days = []
    for day in sorted(source):
        for name in source.get_list(day):
            observed = name.endswith(_OBSERVED)
            code = PACKAGE_NAMES.get(name.removesuffix(_OBSERVED))
            if code is not None:
                days.append(LegalDay(day, code, observed))
                break
    return days


def _named(rows) -> dict[date, str]:
    return {day: holiday_label(code, observed, name) for day, name, code, observed in rows}


def holidays_between(start: date, end: date) -> dict[date, str]:
    """State holidays from ``start`` to ``end``, both included, named in the active language (one query)."""
    rows = StateHoliday.objects.filter(date__range=(start, end))
    return _named(rows.values_list("date", "name", "code", "observed"))


def holidays_for_years(years: Iterable[int]) -> dict[date, str]:
    """State holidays in the given calendar years, named in the active language (one query)."""
    rows = StateHoliday.objects.filter(date__year__in=list(years)).values_list(
        "date", "name", "code", "observed"
    )
    return _named(rows)


def seed_state_holidays(years: Iterable[int]) -> int:
    """Add the legal holidays of ``years`` on dates the table has never held; return how many.

    Idempotent, and it keeps the administrators' work: a day they added or renamed
    stays as it is, and a day they removed or moved is not brought back.
    """
    source = legal_holidays(years)
    dates = [d.date for d in source]
    with transaction.atomic():
        held = set(StateHoliday.history.filter(date__in=dates).values_list("date", flat=True))
        held |= set(StateHoliday.objects.filter(date__in=dates).values_list("date", flat=True))
        new = [
            StateHoliday(date=d.date, name=d.english_name, code=d.code, observed=d.observed)
            for d in source
            if d.date not in held
        ]
        bulk_create_with_history(new, StateHoliday, default_change_reason=SEED_REASON)
    return len(new)


def reach(period: Period) -> timedelta:
    """How far past its start ``period`` can end: a period of N days, calendar or business,
    ends well within 2N + 14 days, rolling forward included (generous on purpose)."""
    return timedelta(days=2 * period.days + 14)


def holidays_for_period(start: date, period: Period) -> dict[date, str]:
    """Every state holiday that can affect ``deadline(start, period, ...)``, named in the active
    language (one query)."""
    return holidays_between(start, start + reach(period))
