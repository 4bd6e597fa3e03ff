"""Which guidance version is in force on a day (P3): the latest effective on or before it, else the earliest.

One query, whatever the day."""

from datetime import date

import pytest

from eligibility import rules, selectors
from eligibility.models import Guidance

from ..factories import plan_year

pytestmark = pytest.mark.django_db


def _version(year, effective: date, cap: int):
    """A copy of the seeded guidance (without bands, tiers or plans), effective from `effective`."""
    seeded = year.guidance_versions.order_by("effective_date").first()
    seeded.pk = None
    seeded.effective_date = effective
    seeded.enrollment_cap = cap
    seeded.label = f"version of {effective}"
    seeded.save()
    return seeded


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 11, 1), "earliest"),  # before any version: the earliest one
        (date(2026, 1, 1), "earliest"),
        (date(2026, 6, 30), "earliest"),
        (date(2026, 7, 1), "july"),  # the day a version takes effect
        (date(2026, 9, 30), "july"),
        (date(2026, 10, 1), "october"),
        (date(2026, 12, 31), "october"),
    ],
)
def test_guidance_in_force(day, expected, django_assert_num_queries):
    year = plan_year(2026)
    versions = {
        "earliest": year.guidance_versions.order_by("effective_date").first(),
        "october": _version(year, date(2026, 10, 1), 30),
        "july": _version(year, date(2026, 7, 1), 20),
    }
    assert versions["earliest"].effective_date <= date(2026, 1, 1)
    with django_assert_num_queries(1):
        found = selectors.guidance_in_force(year, day, details=False)
    assert found == versions[expected]
    assert selectors.cap_summary(year, day)["cap"] == versions[expected].enrollment_cap


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 11, 1), "earliest"),
        (date(2026, 6, 30), "earliest"),
        (date(2026, 7, 1), "july"),
        (date(2026, 12, 31), "july"),
    ],
)
def test_income_limit_in_force_reads_the_version_in_force(day, expected, django_assert_num_queries):
    """Intake's first look at income reads the limit of the version in force, in one query."""
    year = plan_year(2026)
    earliest = year.guidance_versions.order_by("effective_date").first()
    july = _version(year, date(2026, 7, 1), 20)
    july.fpl_first_person, july.fpl_each_additional, july.income_limit_pct = 16000, 6000, 150
    july.save()
    version = {"earliest": earliest, "july": july}[expected]
    with django_assert_num_queries(1):
        limit = selectors.income_limit_in_force(year, day)
    assert limit == rules.IncomeLimit(
        version.fpl_first_person, version.fpl_each_additional, version.income_limit_pct
    )


def test_income_limit_in_force_without_guidance():
    year = plan_year(2026)
    year.guidance_versions.all().delete()
    with pytest.raises(Guidance.DoesNotExist):
        selectors.income_limit_in_force(year, date(2026, 3, 1))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 31), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2026, 1, 1)),
        (date(2026, 6, 30), date(2026, 1, 1)),
        (date(2026, 7, 1), date(2026, 7, 1)),
        (date(2027, 1, 1), date(2026, 7, 1)),
    ],
)
def test_in_force_is_a_pure_rule(day, expected):
    from eligibility.rules import in_force

    assert in_force([date(2026, 7, 1), date(2026, 1, 1)], day) == expected
    assert in_force([], day) is None
