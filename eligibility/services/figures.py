"""The facts and guidance a decision is computed from, and its money figures (8.401.2.12 C, D)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

from .. import rules, selectors
from ..models import (
    Application,
    Guidance,
    Member,
)


def _facts(application: Application, member) -> rules.MemberFacts:
    return rules.MemberFacts(
        ead_category=member.ead_category,
        daca_valid_from=member.daca_valid_from,
        daca_valid_to=member.daca_valid_to,
        has_other_coverage=member.has_other_coverage,
        is_incarcerated=member.is_incarcerated,
        state_code=application.state_code,
        annual_magi=application.annual_magi,
        household_size=application.household_size,
    )


def _limit_of(guidance) -> rules.IncomeLimit:
    return rules.IncomeLimit(
        guidance.fpl_first_person, guidance.fpl_each_additional, guidance.income_limit_pct
    )


def governing_guidance(effective_date: date):
    """The plan year and guidance that govern coverage starting on ``effective_date`` (issue 9 item 3).

    A December decision starts coverage on January 1: it is made under the next plan year's
    guidance and counted against that year's cap. When that plan year or its guidance does not
    exist yet, nothing can be decided: the caseworker is told to wait for the guidance.
    """
    plan_year = selectors.plan_year_for(effective_date)
    try:
        if plan_year is None:
            raise Guidance.DoesNotExist
        return plan_year, selectors.guidance_in_force(plan_year, effective_date)
    except Guidance.DoesNotExist:
        raise ValidationError(
            {
                "effective_date": translation.gettext(
                    "Coverage would start on %(date)s, in plan year %(year)s, whose guidance is not "
                    "entered yet. Decide once the program administrator has entered it."
                )
                % {"date": effective_date.isoformat(), "year": effective_date.year}
            }
        ) from None


def _settled_findings(application: Application, member: Member, guidance, effective_date: date):
    """Every criterion evaluated again on the facts on file and the governing guidance, on the
    effective date, combined with what the caseworker verified (rules.settle_criteria)."""
    fresh = rules.evaluate_criteria(_facts(application, member), _limit_of(guidance), effective_date)
    verified = {
        f.criterion: rules.Finding(f.criterion, f.status, f.reason_code)
        for f in member.findings.all()
        if f.recorded_by_id is not None
    }
    return rules.settle_criteria(fresh, verified)


def _money(application: Application, guidance) -> tuple[Decimal, Decimal, str]:
    fpl_pct = rules.fpl_percent(
        application.annual_magi,
        application.household_size,
        guidance.fpl_first_person,
        guidance.fpl_each_additional,
    )
    applicable = rules.applicable_percentage(fpl_pct, selectors.scale_of(guidance))
    benchmark = selectors.benchmark_premium(guidance)
    assistance = (
        rules.monthly_premium_assistance(
            annual_magi=application.annual_magi,
            applicable_pct=applicable,
            benchmark_monthly_premium=benchmark,
        )
        if benchmark is not None
        else Decimal("0.00")
    )
    tier = rules.out_of_pocket_tier(fpl_pct, selectors.tiers_of(guidance))
    return fpl_pct, assistance, tier.name if tier else ""
