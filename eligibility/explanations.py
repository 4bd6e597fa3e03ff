"""A determination's computation in plain words, in the active language (8.401.2.12 A-C; PRODUCT P11).

Determinations store rule codes and inputs, never sentences: this module turns them into words
when a page, the API or a notice shows them, e.g. "Household of 2 people, income counted $50,000 a
year = 236.41% of the 2026 poverty level of $21,150 ...". Call it inside
``translation.override(language)`` for a reader other than the request's. Pure apart from
translation: no database beyond the determination's own related rows, no clock.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notices.content import format_date

from . import rules


def money(amount: Decimal | None) -> str:
    """Dollars as a reader writes them: $50,000 for whole dollars, $412.50 otherwise."""
    if amount is None:
        return "—"
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


def percent(value: Decimal | str | None) -> str:
    """A percentage without trailing zeros: 236.41%, 6.5%, 0%."""
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}"
    return f"{text}%"


def standing(determination) -> str:
    """Which determination stands and since when, or when it was replaced."""
    d = determination
    if d.superseded_on is None:
        return _("In force from %(date)s.") % {"date": format_date(d.effective_date)}
    if d.never_took_effect:
        return _("Superseded on %(on)s, before it took effect.") % {"on": format_date(d.superseded_on)}
    return _("Superseded on %(on)s; it was in force from %(start)s to %(end)s.") % {
        "on": format_date(d.superseded_on),
        "start": format_date(d.effective_date),
        "end": format_date(d.ended_on),
    }


def explain(determination) -> list[str]:
    """The sentences that explain a determination's figures from its stored inputs."""
    d = determination
    if d.household_size is None:
        return [_("This determination was made before its inputs were kept: only its results are on file.")]
    lines = [_household_line(d), _limit_line(d)]
    in_force = d.decision == rules.ELIGIBLE and not d.waitlisted
    if in_force:
        lines += [_scale_line(d), _contribution_line(d), _plan_line(d)]
    lines.append(_assistance_line(d))
    if in_force and d.plan_premium is not None and d.enrollee_share is not None:
        lines.append(
            _("The enrollee pays %(premium)s − %(assistance)s = %(share)s a month of the plan's premium.")
            % {
                "premium": money(d.plan_premium),
                "assistance": money(d.premium_assistance),
                "share": money(d.enrollee_share),
            }
        )
    if in_force:
        lines.append(_tier_line(d))
    lines.append(_decider_line(d))
    return [line for line in lines if line]


def _household_line(d) -> str:
    household = ngettext("Household of %(size)d person", "Household of %(size)d people", d.household_size) % {
        "size": d.household_size
    }
    return _(
        "%(household)s, income counted %(income)s a year = %(pct)s of the %(year)s poverty level of "
        "%(fpl)s (%(first)s for the first person and %(additional)s for each additional person, in the "
        "guidance in force from %(since)s)."
    ) % {
        "household": household,
        "income": money(d.annual_income),
        "pct": percent(d.fpl_pct),
        "year": d.guidance.plan_year.year,
        "fpl": money(d.fpl_amount),
        "first": money(d.fpl_first_person),
        "additional": money(d.fpl_each_additional),
        "since": format_date(d.guidance.effective_date),
    }


def _limit_line(d) -> str:
    if d.income_limit_pct is None:
        return ""
    return _("The income limit is %(limit)s of the poverty level, %(amount)s a year for this household.") % {
        "limit": percent(d.income_limit_pct),
        "amount": money(rules.income_limit_amount(d.fpl_amount, d.income_limit_pct)),
    }


def _scale_line(d) -> str:
    band = d.scale_band or {}
    params = {
        "pct": percent(d.fpl_pct),
        "applicable": percent(d.applicable_pct),
        "from": percent(band.get("fpl_from")),
        "to": percent(band.get("fpl_to")),
        "pct_from": percent(band.get("pct_from")),
        "pct_to": percent(band.get("pct_to")),
    }
    texts = {
        rules.SCALE_IN_BAND: _(
            "On the sliding scale, %(pct)s of the poverty level falls in the band from %(from)s to "
            "%(to)s, where the share of income rises from %(pct_from)s to %(pct_to)s: the applicable "
            "percentage is %(applicable)s."
        ),
        rules.SCALE_BELOW: _(
            "On the sliding scale, %(pct)s of the poverty level is below the first band, which starts at "
            "%(from)s: the applicable percentage is its lowest, %(applicable)s."
        ),
        rules.SCALE_ABOVE: _(
            "On the sliding scale, %(pct)s of the poverty level is above the last band, which ends at "
            "%(to)s: the applicable percentage is its highest, %(applicable)s."
        ),
        rules.SCALE_NONE: _("The guidance has no sliding scale: no contribution is expected."),
    }
    text = texts.get(d.applicable_rule)
    return text % params if text else ""


def _contribution_line(d) -> str:
    text = _("Expected contribution: %(applicable)s of %(income)s a year ÷ 12 = %(contribution)s a month.")
    return text % {
        "applicable": percent(d.applicable_pct),
        "income": money(d.annual_income),
        "contribution": money(d.expected_contribution),
    }


def _plan_line(d) -> str:
    params = {"plan": str(d.plan) if d.plan_id else "—", "premium": money(d.plan_premium)}
    texts = {
        rules.PLAN_CHOSEN: _("Plan: %(plan)s, the member's choice, %(premium)s a month."),
        rules.PLAN_BENCHMARK_DEFAULT: _(
            "Plan: %(plan)s, the benchmark plan, since no plan was chosen; %(premium)s a month."
        ),
        rules.PLAN_CHOSEN_NOT_OFFERED: _(
            "Plan: %(plan)s, the benchmark plan, since the plan chosen is not offered under this guidance; "
            "%(premium)s a month."
        ),
        rules.PLAN_NONE: _("The guidance lists no plan."),
    }
    text = texts.get(d.plan_rule)
    return text % params if text else ""


def _assistance_line(d) -> str:
    params = {
        "benchmark": money(d.benchmark_premium),
        "contribution": money(d.expected_contribution),
        "assistance": money(d.premium_assistance),
    }
    texts = {
        rules.ASSISTANCE_FORMULA: _(
            "Premium assistance: benchmark plan premium %(benchmark)s − expected contribution "
            "%(contribution)s = %(assistance)s a month."
        ),
        rules.ASSISTANCE_ZERO: _(
            "No premium assistance: the expected contribution of %(contribution)s a month is at least the "
            "benchmark plan premium of %(benchmark)s."
        ),
        rules.ASSISTANCE_CAPPED: _(
            "Premium assistance: %(assistance)s a month, the plan's whole premium. Benchmark plan premium "
            "%(benchmark)s − expected contribution %(contribution)s is more, and assistance never "
            "exceeds the premium of the plan."
        ),
        rules.ASSISTANCE_NO_BENCHMARK: _("No premium assistance: the guidance names no benchmark plan."),
        rules.ASSISTANCE_INELIGIBLE: _("No premium assistance: not eligible."),
        rules.ASSISTANCE_WAITLISTED: _(
            "No premium assistance while on the waitlist: assistance starts with coverage, once an offer "
            "of a place is accepted."
        ),
        rules.ASSISTANCE_SET_ON_APPEAL: _(
            "Premium assistance: %(assistance)s a month, set by an appeal decision."
        ),
    }
    text = texts.get(d.assistance_rule)
    return text % params if text else ""


def _tier_line(d) -> str:
    band = d.oop_band or {}
    texts = {
        rules.TIER_IN_BAND: _(
            "Out-of-pocket level: %(tier)s (%(av)s actuarial value), for incomes from %(from)s to under "
            "%(to)s of the poverty level."
        ),
        rules.TIER_NONE_FOR_INCOME: _("No out-of-pocket level applies at %(pct)s of the poverty level."),
        rules.TIER_SET_ON_APPEAL: _("Out-of-pocket level: %(tier)s, set by an appeal decision."),
    }
    text = texts.get(d.tier_rule)
    if not text:
        return ""
    return text % {
        "tier": d.oop_tier,
        "av": percent(band.get("actuarial_value")),
        "from": percent(band.get("fpl_from")),
        "to": percent(band.get("fpl_to")),
        "pct": percent(d.fpl_pct),
    }


def _decider_line(d) -> str:
    day = format_date(d.decided_on)
    if d.decided_by_kind == rules.DECIDED_BY_SYSTEM:
        return _("Decided by the system on %(date)s, with no person acting.") % {"date": day}
    return _("Decided by a person on %(date)s.") % {"date": day}
