"""The facts and guidance a decision is computed from, and its money figures (8.401.2.12 C, D)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

from .. import rules, selectors
from ..models import (
    Application,
    EligiblePlan,
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


def plan_for(member: Member | None, guidance) -> tuple[EligiblePlan | None, str]:
    """The plan a member's assistance is figured against under ``guidance``, and why that one.

    The member's chosen plan when this guidance offers it (the same issuer and plan name, since each
    guidance version lists its own plans); otherwise the benchmark plan.
    """
    plans = list(guidance.plans.all())
    benchmark = next((p for p in plans if p.is_benchmark), None)
    chosen = member.chosen_plan if member is not None and member.chosen_plan_id else None
    if chosen is not None:
        match = next(
            (p for p in plans if p.pk == chosen.pk or (p.issuer, p.name) == (chosen.issuer, chosen.name)),
            None,
        )
        if match is not None:
            return match, rules.PLAN_CHOSEN
        return benchmark, rules.PLAN_CHOSEN_NOT_OFFERED if benchmark else rules.PLAN_NONE
    return benchmark, rules.PLAN_BENCHMARK_DEFAULT if benchmark else rules.PLAN_NONE


def member_figures(application: Application, member: Member | None, guidance) -> tuple[rules.Figures, object]:
    """Every figure of a member under ``guidance``, with its inputs and rules, and the plan used."""
    plan, plan_rule = plan_for(member, guidance)
    figures = rules.compute_figures(
        annual_magi=application.annual_magi,
        household_size=application.household_size,
        fpl_first_person=guidance.fpl_first_person,
        fpl_each_additional=guidance.fpl_each_additional,
        bands=selectors.scale_of(guidance),
        tiers=selectors.tiers_of(guidance),
        benchmark_premium=selectors.benchmark_premium(guidance),
        plan_premium=plan.monthly_premium if plan is not None else None,
        plan_rule=plan_rule,
    )
    return figures, plan


def _money(application: Application, guidance) -> tuple[Decimal, Decimal, str]:
    """The household's FPL %, the assistance the formula gives against the benchmark, and the tier.

    Each member's assistance is then capped at their own plan's premium (``_determine``).
    """
    figures, _plan = member_figures(application, None, guidance)
    return figures.fpl_pct, figures.formula_assistance, figures.tier.name if figures.tier else ""


def determination_inputs(
    figures: rules.Figures,
    plan,
    guidance,
    *,
    eligible: bool,
    waitlisted: bool,
    assistance: Decimal,
    tier: str,
    acting_user,
) -> dict:
    """The fields of a determination that keep the inputs of its figures and the rule of each.

    ``assistance`` and ``tier`` are what the caller decided (the formula's, zero for a denial, or
    what an appeal decision set); the assistance never exceeds the member's plan premium.
    """
    granted, assistance_rule, share = rules.assistance_in_force(
        figures, eligible=eligible, waitlisted=waitlisted, given=assistance
    )
    in_force = eligible and not waitlisted
    band, oop = figures.band, figures.tier
    return {
        "fpl_pct": figures.fpl_pct,
        "premium_assistance": granted,
        "oop_tier": tier if in_force else "",
        "decided_by_kind": rules.DECIDED_BY_SYSTEM if acting_user is None else rules.DECIDED_BY_PERSON,
        "household_size": figures.household_size,
        "annual_income": figures.annual_income,
        "fpl_first_person": figures.fpl_first_person,
        "fpl_each_additional": figures.fpl_each_additional,
        "fpl_amount": figures.fpl_amount,
        "income_limit_pct": guidance.income_limit_pct,
        "applicable_pct": figures.applicable_pct,
        "applicable_rule": figures.applicable_rule,
        "scale_band": {
            "fpl_from": str(band.fpl_from),
            "fpl_to": str(band.fpl_to),
            "pct_from": str(band.pct_from),
            "pct_to": str(band.pct_to),
        }
        if band
        else None,
        "benchmark_premium": figures.benchmark_premium,
        "plan": plan,
        "plan_premium": figures.plan_premium,
        "plan_rule": figures.plan_rule,
        "expected_contribution": figures.expected_contribution,
        "assistance_rule": assistance_rule,
        "enrollee_share": share,
        "oop_band": {
            "fpl_from": str(oop.fpl_from),
            "fpl_to": str(oop.fpl_to),
            "actuarial_value": str(oop.actuarial_value),
        }
        if oop and in_force and tier == oop.name
        else None,
        "tier_rule": (figures.tier_rule if tier == (oop.name if oop else "") else rules.TIER_SET_ON_APPEAL)
        if in_force
        else rules.TIER_NOT_IN_FORCE,
    }
