"""The program administrator's home (PRODUCT P1)."""

from __future__ import annotations

from datetime import date

from eligibility.models import (
    PlanYear,
)


def plan_years_around(today: date) -> list[PlanYear]:
    """The plan year in force today and any later ones (the cap summaries on the admin home)."""
    return list(PlanYear.objects.filter(ends_on__gte=today).order_by("year")[:2])
