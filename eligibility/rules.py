"""Pure eligibility rules for the DACA coverage program (8.401.2.12 NMAC).

- 8.401.2.12 A: premium assistance on the sliding scale and out-of-pocket (actuarial-value) tiers;
- 8.401.2.12 B: plan-year guidance: FPL table, income limit, priority threshold (200% FPL);
- 8.401.2.12 C: the five eligibility criteria and the decision they lead to.

Everything here is a pure function of its arguments: no database, no clock (``today`` is passed
in), no Django models. Money is ``Decimal`` rounded to cents with ROUND_HALF_UP; FPL percentages
are rounded to two places; applicable percentages keep six places.

Criterion and status values are the plain strings of ``eligibility.models.Criterion`` and
``FindingStatus`` (repeated here so this module never imports the models; a test checks they agree).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, BinaryIO

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

from hca_portal.dates import Deadline, Period, deadline

CENT = Decimal("0.01")
PCT_PLACES = Decimal("0.01")
APPLICABLE_PLACES = Decimal("0.000001")
HUNDRED = Decimal("100")
ZERO = Decimal("0")

# Criterion values (eligibility.models.Criterion), in the order of 8.401.2.12 C(1)(a)-(e).
DACA = "daca"
NO_OTHER_COVERAGE = "no_other_coverage"
RESIDENCY = "residency"
NOT_INCARCERATED = "not_incarcerated"
INCOME = "income"
CRITERIA = (DACA, NO_OTHER_COVERAGE, RESIDENCY, NOT_INCARCERATED, INCOME)

# FindingStatus values.
MET = "met"
NOT_MET = "not_met"
NEEDS_INFORMATION = "needs_information"
UNVERIFIED = "unverified"

# What settles a criterion as met (issue 9 item 4): a document on file, or the applicant's statement
# that the caseworker records explicitly as an attestation.
EVIDENCE = "evidence"
ATTESTATION = "attestation"
# The criteria an attestation may settle. DACA status is "established by federal guidelines"
# (8.401.2.12 C(1)(a)): only a USCIS approval notice or a C33 work permit on file settles it.
ATTESTABLE = frozenset({"no_other_coverage", "residency", "not_incarcerated", "income"})
# Evidence kinds (EvidenceDocument.Kind values) that can settle each criterion; "other" can settle
# any but DACA.
EVIDENCE_KINDS = {
    "daca": frozenset({"daca_approval", "ead"}),
    "no_other_coverage": frozenset({"coverage", "other"}),
    "residency": frozenset({"residency", "other"}),
    "not_incarcerated": frozenset({"other"}),
    "income": frozenset({"income", "other"}),
}

# Decision values.
ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"

DACA_EAD_CATEGORY = "C33"
NEW_MEXICO = "NM"


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- FPL and the income limit (8.401.2.12 B) -------------------------------------------------


def fpl_amount(household_size: int, first_person: Decimal, each_additional: Decimal) -> Decimal:
    """Federal poverty level in dollars for a household: first person plus each additional person."""
    if household_size < 1:
        raise ValueError(f"household_size must be at least 1, got {household_size}")
    return _cents(first_person + each_additional * (household_size - 1))


def fpl_percent(
    annual_magi: Decimal, household_size: int, first_person: Decimal, each_additional: Decimal
) -> Decimal:
    """Annual household MAGI as a percentage of the FPL, rounded to two places (ROUND_HALF_UP)."""
    fpl = fpl_amount(household_size, first_person, each_additional)
    if fpl <= 0:
        raise ValueError("the FPL amount must be positive")
    return (annual_magi * HUNDRED / fpl).quantize(PCT_PLACES, rounding=ROUND_HALF_UP)


def income_within_limit(
    annual_magi: Decimal,
    household_size: int,
    first_person: Decimal,
    each_additional: Decimal,
    limit_pct: Decimal,
) -> bool:
    """True when MAGI <= FPL x limit_pct / 100, compared in exact dollars (never a rounded %).

    An income exactly at the limit is within it; one cent over is not.
    """
    fpl = fpl_amount(household_size, first_person, each_additional)
    return annual_magi * HUNDRED <= fpl * limit_pct


def priority_group(
    annual_magi: Decimal,
    household_size: int,
    first_person: Decimal,
    each_additional: Decimal,
    threshold_pct: Decimal,
) -> int:
    """1 when the income is strictly under the priority threshold (200% FPL, served first), else 2.

    Compared in exact dollars, like the income limit, never on the rounded percentage: $31,299.99
    for one person (FPL $15,650) is under 200% although its percentage rounds to 200.00.
    """
    fpl = fpl_amount(household_size, first_person, each_additional)
    return 1 if annual_magi * HUNDRED < fpl * threshold_pct else 2


# --- Sliding scale and out-of-pocket tiers (8.401.2.12 A) -----------------------------------


@dataclass(frozen=True)
class Band:
    """Applicable percentage rising in a straight line from pct_from to pct_to over [fpl_from, fpl_to)."""

    fpl_from: Decimal
    fpl_to: Decimal
    pct_from: Decimal
    pct_to: Decimal


@dataclass(frozen=True)
class Tier:
    """Out-of-pocket tier: FPL band [fpl_from, fpl_to) -> actuarial-value variant."""

    fpl_from: Decimal
    fpl_to: Decimal
    name: str
    actuarial_value: Decimal


def _find_band(fpl_pct: Decimal, bands: Sequence[Any]) -> tuple[str, Any]:
    """Locate fpl_pct among bands sorted by fpl_from.

    Returns ("below", first), ("in", band) or ("above", last). A band covers
    fpl_from <= x < fpl_to; the last band also includes its upper edge. Raises ValueError for no
    bands or a value falling in a gap between bands.
    """
    if not bands:
        raise ValueError("no bands given")
    ordered = sorted(bands, key=lambda b: b.fpl_from)
    if fpl_pct < ordered[0].fpl_from:
        return "below", ordered[0]
    last = ordered[-1]
    for band in ordered:
        if band.fpl_from <= fpl_pct < band.fpl_to or (band is last and fpl_pct == band.fpl_to):
            return "in", band
    if fpl_pct > last.fpl_to:
        return "above", last
    raise ValueError(f"{fpl_pct}% FPL falls in a gap between bands")


def applicable_percentage(fpl_pct: Decimal, bands: Sequence[Band]) -> Decimal:
    """Applicable percentage of income at fpl_pct on the sliding scale, to six decimal places.

    Straight line from pct_from to pct_to inside a band; below the first band the first
    pct_from, above the last band the last pct_to.
    """
    where, band = _find_band(fpl_pct, bands)
    if where == "below":
        result = band.pct_from
    elif where == "above":
        result = band.pct_to
    else:
        width = band.fpl_to - band.fpl_from
        result = band.pct_from + (band.pct_to - band.pct_from) * (fpl_pct - band.fpl_from) / width
    return result.quantize(APPLICABLE_PLACES, rounding=ROUND_HALF_UP)


def monthly_premium_assistance(
    *,
    annual_magi: Decimal,
    applicable_pct: Decimal,
    benchmark_monthly_premium: Decimal,
    chosen_plan_premium: Decimal | None = None,
) -> Decimal:
    """max(0, benchmark - applicable_pct/100 x annual MAGI / 12), capped at the chosen plan's premium.

    Rounded once, at the end, to cents (ROUND_HALF_UP).
    """
    contribution = applicable_pct * annual_magi / (HUNDRED * 12)
    assistance = max(ZERO, benchmark_monthly_premium - contribution)
    if chosen_plan_premium is not None:
        assistance = min(assistance, max(ZERO, chosen_plan_premium))
    return _cents(assistance)


def out_of_pocket_tier(fpl_pct: Decimal, tiers: Sequence[Tier]) -> Tier | None:
    """The tier whose band holds fpl_pct (same edge convention as the sliding scale), else None."""
    if not tiers:
        return None
    where, tier = _find_band(fpl_pct, tiers)
    return tier if where == "in" else None


# --- The figures of a determination and where each came from (8.401.2.12 A; PRODUCT P11) -------

# Codes stored on a determination beside each figure: the rule it came from, never a sentence.
SCALE_BELOW = "scale_below_first_band"  # under the first band: its starting percentage
SCALE_IN_BAND = "scale_in_band"  # a straight line inside the band
SCALE_ABOVE = "scale_above_last_band"  # over the last band: its final percentage
SCALE_NONE = "scale_none"  # the guidance has no sliding scale: no contribution is expected

PLAN_CHOSEN = "plan_chosen"  # the plan the member chose, offered under this guidance
PLAN_BENCHMARK_DEFAULT = "plan_benchmark_default"  # no plan chosen: the benchmark plan
PLAN_CHOSEN_NOT_OFFERED = "plan_chosen_not_offered"  # the chosen plan is not offered: the benchmark
PLAN_NONE = "plan_none"  # the guidance lists no plan

ASSISTANCE_FORMULA = "assistance_formula"  # benchmark premium less the expected contribution
ASSISTANCE_ZERO = "assistance_contribution_covers_benchmark"  # the contribution is the benchmark or more
ASSISTANCE_CAPPED = "assistance_capped_at_plan_premium"  # the formula gave more than the plan's premium
ASSISTANCE_NO_BENCHMARK = "assistance_no_benchmark"  # the guidance names no benchmark plan
ASSISTANCE_INELIGIBLE = "assistance_not_eligible"
ASSISTANCE_WAITLISTED = "assistance_waitlisted"  # nothing in force until an accepted offer
ASSISTANCE_SET_ON_APPEAL = "assistance_set_on_appeal"  # an appeal decision set the amount

TIER_IN_BAND = "tier_in_band"
TIER_NONE_FOR_INCOME = "tier_none_for_income"  # no tier's band holds the income
TIER_NOT_IN_FORCE = "tier_not_in_force"  # not eligible, or waitlisted
TIER_SET_ON_APPEAL = "tier_set_on_appeal"  # an appeal decision set the tier

DECIDED_BY_PERSON = "person"
DECIDED_BY_SYSTEM = "system"


@dataclass(frozen=True)
class Figures:
    """Every input and result of a member's money figures, with the rule each came from.

    ``assistance`` is monthly, against ``plan_premium`` (the member's plan) and never above it;
    ``enrollee_share`` is what is left of that premium for the enrollee to pay.
    """

    household_size: int
    annual_income: Decimal
    fpl_first_person: Decimal
    fpl_each_additional: Decimal
    fpl_amount: Decimal
    fpl_pct: Decimal
    applicable_pct: Decimal
    applicable_rule: str
    band: Band | None
    benchmark_premium: Decimal | None
    plan_premium: Decimal | None
    plan_rule: str
    expected_contribution: Decimal
    formula_assistance: Decimal  # benchmark less contribution, before the plan's premium caps it
    assistance: Decimal
    assistance_rule: str
    enrollee_share: Decimal | None
    tier: Tier | None
    tier_rule: str


def expected_contribution(annual_magi: Decimal, applicable_pct: Decimal) -> Decimal:
    """The enrollee's expected monthly contribution: applicable % of annual MAGI / 12, in cents."""
    return _cents(applicable_pct * annual_magi / (HUNDRED * 12))


def enrollee_share(plan_premium: Decimal | None, assistance: Decimal) -> Decimal | None:
    """What the enrollee pays of the plan's monthly premium after assistance (never below zero)."""
    if plan_premium is None:
        return None
    return _cents(max(ZERO, plan_premium - assistance))


def compute_figures(
    *,
    annual_magi: Decimal,
    household_size: int,
    fpl_first_person: Decimal,
    fpl_each_additional: Decimal,
    bands: Sequence[Band],
    tiers: Sequence[Tier],
    benchmark_premium: Decimal | None,
    plan_premium: Decimal | None,
    plan_rule: str,
) -> Figures:
    """The figures an eligible member with a place would have, from the inputs of one guidance version.

    Assistance is ``monthly_premium_assistance`` against the benchmark, capped at the member's plan
    premium (``plan_premium``, the benchmark's when no plan was chosen).
    """
    fpl = fpl_amount(household_size, fpl_first_person, fpl_each_additional)
    pct = fpl_percent(annual_magi, household_size, fpl_first_person, fpl_each_additional)
    band = None
    if bands:
        where, found = _find_band(pct, bands)
        applicable = applicable_percentage(pct, bands)
        applicable_rule = {"below": SCALE_BELOW, "in": SCALE_IN_BAND, "above": SCALE_ABOVE}[where]
        band = Band(found.fpl_from, found.fpl_to, found.pct_from, found.pct_to)
    else:
        applicable, applicable_rule = ZERO.quantize(APPLICABLE_PLACES), SCALE_NONE
    contribution = expected_contribution(annual_magi, applicable)
    if benchmark_premium is None:
        formula = assistance = ZERO.quantize(CENT)
        assistance_rule = ASSISTANCE_NO_BENCHMARK
    else:
        formula = monthly_premium_assistance(
            annual_magi=annual_magi, applicable_pct=applicable, benchmark_monthly_premium=benchmark_premium
        )
        assistance = monthly_premium_assistance(
            annual_magi=annual_magi,
            applicable_pct=applicable,
            benchmark_monthly_premium=benchmark_premium,
            chosen_plan_premium=plan_premium,
        )
        if assistance < formula:
            assistance_rule = ASSISTANCE_CAPPED
        elif assistance == ZERO:
            assistance_rule = ASSISTANCE_ZERO
        else:
            assistance_rule = ASSISTANCE_FORMULA
    tier = out_of_pocket_tier(pct, tiers)
    return Figures(
        household_size=household_size,
        annual_income=annual_magi,
        fpl_first_person=fpl_first_person,
        fpl_each_additional=fpl_each_additional,
        fpl_amount=fpl,
        fpl_pct=pct,
        applicable_pct=applicable,
        applicable_rule=applicable_rule,
        band=band,
        benchmark_premium=benchmark_premium,
        plan_premium=plan_premium,
        plan_rule=plan_rule,
        expected_contribution=contribution,
        formula_assistance=formula,
        assistance=assistance,
        assistance_rule=assistance_rule,
        enrollee_share=enrollee_share(plan_premium, assistance),
        tier=tier,
        tier_rule=TIER_IN_BAND if tier else TIER_NONE_FOR_INCOME,
    )


def assistance_in_force(
    figures: Figures, *, eligible: bool, waitlisted: bool, given: Decimal
) -> tuple[Decimal, str, Decimal | None]:
    """The assistance a determination grants, its rule and the enrollee's share.

    ``given`` is what the caller decided: the household formula (a decision), zero (a denial) or an
    amount an appeal decision set. Whatever it is, it never exceeds the member's plan premium.
    """
    if not eligible or waitlisted:
        zero = ZERO.quantize(CENT)
        rule = ASSISTANCE_WAITLISTED if eligible else ASSISTANCE_INELIGIBLE
        return zero, rule, figures.plan_premium
    given = _cents(max(ZERO, given))
    capped = given if figures.plan_premium is None else min(given, _cents(figures.plan_premium))
    if given == figures.formula_assistance:
        rule = figures.assistance_rule
    elif capped < given:
        rule = ASSISTANCE_CAPPED
    else:
        rule = ASSISTANCE_SET_ON_APPEAL
    return capped, rule, enrollee_share(figures.plan_premium, capped)


def income_limit_amount(fpl: Decimal, limit_pct: Decimal) -> Decimal:
    """The income limit in dollars a year: the household's FPL x limit_pct / 100, in cents."""
    return _cents(fpl * limit_pct / HUNDRED)


def last_day_in_force(new_effective_date: date) -> date:
    """A superseded determination governs until the day before the one replacing it takes effect.

    When the new one takes effect on or before the old one's own effective date, the old one never
    took effect: its last day then falls before its first.
    """
    return new_effective_date - timedelta(days=1)


def validate_bands(bands: Iterable[Any]) -> list[str]:
    """Problems with a set of bands or tiers (anything with fpl_from/fpl_to, and pct_* when present).

    Checks, after sorting by fpl_from: each band non-empty (fpl_from < fpl_to), contiguous (each
    fpl_from equals the previous fpl_to: no gap, no overlap), percentages within 0..100 and
    pct_from <= pct_to. Returns an empty list when valid.
    """
    errors: list[str] = []
    ordered = sorted(bands, key=lambda b: b.fpl_from)
    previous = None
    for band in ordered:
        label = f"Band {band.fpl_from}-{band.fpl_to}% FPL"
        if band.fpl_from >= band.fpl_to:
            errors.append(f"{label} is empty: fpl_from must be less than fpl_to.")
        if previous is not None and band.fpl_from != previous.fpl_to:
            kind = "gap" if band.fpl_from > previous.fpl_to else "overlap"
            errors.append(
                f"{label} is not contiguous with the previous band ending at {previous.fpl_to}% FPL ({kind})."
            )
        pct_from = getattr(band, "pct_from", None)
        pct_to = getattr(band, "pct_to", None)
        for field, value in (("pct_from", pct_from), ("pct_to", pct_to)):
            if value is not None and not (ZERO <= value <= HUNDRED):
                errors.append(f"{label}: {field} {value} is outside 0-100%.")
        if pct_from is not None and pct_to is not None and pct_from > pct_to:
            errors.append(f"{label}: pct_from {pct_from} is greater than pct_to {pct_to}.")
        previous = band
    return errors


# --- Reasons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    code: str
    criterion: str  # a Criterion value, or "" when the reason is not about one criterion
    status: str  # a FindingStatus value, or "" when it does not go with one
    text: Any  # lazy translatable string; use reason_text() for the active language
    basis: str = ""  # for a "met" reason: EVIDENCE or ATTESTATION, what settled the criterion


def _reasons(*reasons: Reason) -> dict[str, Reason]:
    return {r.code: r for r in reasons}


REASONS: dict[str, Reason] = _reasons(
    Reason(
        "daca_verified",
        DACA,
        MET,
        _(
            "We confirmed your DACA status with the USCIS approval notice or work permit (category C33) "
            "on file, valid on the day your coverage starts."
        ),
        EVIDENCE,
    ),
    Reason(
        "daca_unverified",
        DACA,
        UNVERIFIED,
        _(
            "You told us you have DACA status; we have not yet seen your USCIS approval notice "
            "or work permit (category C33)."
        ),
    ),
    Reason(
        "daca_expired",
        DACA,
        NOT_MET,
        _(
            "Your DACA approval or work permit (category C33) has expired, "
            "so we could not confirm your DACA status."
        ),
    ),
    Reason(
        "daca_missing_evidence",
        DACA,
        NEEDS_INFORMATION,
        _(
            "We need a copy of your current USCIS DACA approval notice or work permit (category C33) "
            "showing its dates."
        ),
    ),
    Reason(
        "other_coverage_none",
        NO_OTHER_COVERAGE,
        MET,
        _("The document on file shows that you do not have other health coverage."),
        EVIDENCE,
    ),
    Reason(
        "other_coverage_attested",
        NO_OTHER_COVERAGE,
        MET,
        _("You told us that you do not have and cannot get other health coverage, and we recorded it."),
        ATTESTATION,
    ),
    Reason(
        "other_coverage_unverified",
        NO_OTHER_COVERAGE,
        UNVERIFIED,
        _("You told us you have no other health coverage; we have not yet confirmed it."),
    ),
    Reason(
        "other_coverage_found",
        NO_OTHER_COVERAGE,
        NOT_MET,
        _(
            "You can get other health coverage (for example through a job or another program), "
            "so you cannot get this help."
        ),
    ),
    Reason(
        "other_coverage_unknown",
        NO_OTHER_COVERAGE,
        NEEDS_INFORMATION,
        _("We need to know whether you have or can get other health coverage, such as through a job."),
    ),
    Reason(
        "resident_nm",
        RESIDENCY,
        MET,
        _("We confirmed that you live in New Mexico with the proof of residence on file."),
        EVIDENCE,
    ),
    Reason(
        "resident_attested",
        RESIDENCY,
        MET,
        _("You told us that you live in New Mexico, and we recorded it."),
        ATTESTATION,
    ),
    Reason(
        "residency_unverified",
        RESIDENCY,
        UNVERIFIED,
        _("You gave us a New Mexico address; we have not yet confirmed that you live in New Mexico."),
    ),
    Reason(
        "not_resident_nm",
        RESIDENCY,
        NOT_MET,
        _("You do not live in New Mexico. This program is only for New Mexico residents."),
    ),
    Reason(
        "residency_unknown",
        RESIDENCY,
        NEEDS_INFORMATION,
        _(
            "We need proof that you live in New Mexico, such as a lease, a utility bill "
            "or a letter from your school."
        ),
    ),
    Reason(
        "not_incarcerated",
        NOT_INCARCERATED,
        MET,
        _("The document on file shows that you are not in jail or prison."),
        EVIDENCE,
    ),
    Reason(
        "not_incarcerated_attested",
        NOT_INCARCERATED,
        MET,
        _("You told us that you are not in jail or prison, and we recorded it."),
        ATTESTATION,
    ),
    Reason(
        "incarceration_unverified",
        NOT_INCARCERATED,
        UNVERIFIED,
        _("You told us you are not in jail or prison; we have not yet confirmed it."),
    ),
    Reason(
        "incarcerated",
        NOT_INCARCERATED,
        NOT_MET,
        _("You are in jail or prison. People who are incarcerated cannot get this help."),
    ),
    Reason(
        "incarceration_unknown",
        NOT_INCARCERATED,
        NEEDS_INFORMATION,
        _("We need to know whether you are currently in jail or prison."),
    ),
    Reason(
        "income_within_limit",
        INCOME,
        MET,
        _(
            "The proof of income on file shows that your household income is at or under "
            "the program's income limit."
        ),
        EVIDENCE,
    ),
    Reason(
        "income_attested",
        INCOME,
        MET,
        _(
            "You told us your household income, we recorded it, and it is at or under "
            "the program's income limit."
        ),
        ATTESTATION,
    ),
    Reason(
        "income_unverified",
        INCOME,
        UNVERIFIED,
        _("The household income you reported is at or under the income limit; we have not yet confirmed it."),
    ),
    Reason(
        "income_over_limit",
        INCOME,
        NOT_MET,
        _("Your household income is over the program's income limit for a household of your size."),
    ),
    Reason(
        "income_unknown",
        INCOME,
        NEEDS_INFORMATION,
        _("We need proof of your household income, such as pay stubs or a tax return."),
    ),
    Reason(
        "no_response_to_request",
        "",
        NOT_MET,
        _(
            "We asked you for information and did not receive it by the due date, "
            "so we could not approve your application."
        ),
    ),
    Reason("caseworker_other", "", "", _("Your caseworker explained the reason in the note below.")),
    Reason(
        "appeal_reversed",
        "",
        "",
        _("Your appeal was decided in your favor and the earlier decision was reversed."),
    ),
    Reason("appeal_modified", "", "", _("Your appeal was decided and the earlier decision was changed.")),
    # A waitlist placement (8.401.2.12 preamble and B): eligible, but the cap is reached.
    Reason(
        "waitlist_cap_reached",
        "",
        "",
        _(
            "You meet every requirement of the program, but the enrollment cap the Secretary set for "
            "this plan year has been reached, so there is no place for you now."
        ),
    ),
    Reason(
        "waitlist_priority_1",
        "",
        "",
        _(
            "Your household income is under 200 percent of the federal poverty level, so you are in "
            "priority group 1: people in this group are offered places first."
        ),
    ),
    Reason(
        "waitlist_priority_2",
        "",
        "",
        _(
            "Your household income is at or over 200 percent of the federal poverty level, so you are in "
            "priority group 2: places go first to households under 200 percent."
        ),
    ),
    Reason(
        "waitlist_order",
        "",
        "",
        _(
            "The waitlist is in order of priority group, then of the day and time each application "
            "became complete."
        ),
    ),
    Reason(
        "waitlist_next_offer",
        "",
        "",
        _(
            "When a place opens for you, we will send you a notice offering it, with the date by which "
            "you must accept. Your coverage and any assistance start only after you accept."
        ),
    ),
)

WAITLIST_REASONS = ("waitlist_cap_reached",)
PRIORITY_REASONS = {1: "waitlist_priority_1", 2: "waitlist_priority_2"}
WAITLIST_CODES = frozenset(
    {*WAITLIST_REASONS, *PRIORITY_REASONS.values(), "waitlist_order", "waitlist_next_offer"}
)

# The reason recorded when a criterion has no finding yet.
MISSING_REASON = {
    DACA: "daca_missing_evidence",
    NO_OTHER_COVERAGE: "other_coverage_unknown",
    RESIDENCY: "residency_unknown",
    NOT_INCARCERATED: "incarceration_unknown",
    INCOME: "income_unknown",
}
# The reason recorded when what the application reports would meet a criterion, unverified.
UNVERIFIED_REASON = {
    DACA: "daca_unverified",
    NO_OTHER_COVERAGE: "other_coverage_unverified",
    RESIDENCY: "residency_unverified",
    NOT_INCARCERATED: "incarceration_unverified",
    INCOME: "income_unverified",
}


def reason_text(code: str) -> str:
    """Plain-language text of a reason code in the active language; KeyError for an unknown code."""
    return str(REASONS[code].text)


# --- Criteria and the decision (8.401.2.12 C) -----------------------------------------------


@dataclass(frozen=True)
class MemberFacts:
    ead_category: str
    daca_valid_from: date | None
    daca_valid_to: date | None
    has_other_coverage: bool | None
    is_incarcerated: bool | None
    state_code: str
    annual_magi: Decimal
    household_size: int


@dataclass(frozen=True)
class IncomeLimit:
    first_person: Decimal
    each_additional: Decimal
    limit_pct: Decimal


@dataclass(frozen=True)
class Finding:
    criterion: str
    status: str
    reason_code: str


def _daca(facts: MemberFacts, today: date) -> Finding:
    category = (facts.ead_category or "").strip().upper()
    valid_from, valid_to = facts.daca_valid_from, facts.daca_valid_to
    if category != DACA_EAD_CATEGORY or valid_from is None or valid_to is None or valid_from > valid_to:
        return Finding(DACA, NEEDS_INFORMATION, "daca_missing_evidence")
    if today > valid_to:
        return Finding(DACA, NOT_MET, "daca_expired")
    if today < valid_from:
        # Not yet in force: current evidence is needed before the criterion can be met.
        return Finding(DACA, NEEDS_INFORMATION, "daca_missing_evidence")
    return Finding(DACA, MET, "daca_verified")


def _yes_no(criterion: str, value: bool | None, met_when: bool, codes: tuple[str, str, str]) -> Finding:
    met_code, not_met_code, unknown_code = codes
    if value is None:
        return Finding(criterion, NEEDS_INFORMATION, unknown_code)
    if value is met_when:
        return Finding(criterion, MET, met_code)
    return Finding(criterion, NOT_MET, not_met_code)


def _residency(state_code: str) -> Finding:
    code = (state_code or "").strip().upper()
    if not code:
        return Finding(RESIDENCY, NEEDS_INFORMATION, "residency_unknown")
    if code == NEW_MEXICO:
        return Finding(RESIDENCY, MET, "resident_nm")
    return Finding(RESIDENCY, NOT_MET, "not_resident_nm")


def _income(facts: MemberFacts, limit: IncomeLimit) -> Finding:
    if income_within_limit(
        facts.annual_magi, facts.household_size, limit.first_person, limit.each_additional, limit.limit_pct
    ):
        return Finding(INCOME, MET, "income_within_limit")
    return Finding(INCOME, NOT_MET, "income_over_limit")


# --- Intake checks (the form, the API serializer and the service all ask these) ------------------


def household_errors(*, household_size: int, applying: Sequence[bool]) -> dict[str, str]:
    """What is wrong with a household as listed (one flag per member: applying or not), by field."""
    if not applying:
        return {"members": _("An application needs at least one household member.")}
    if not any(applying):
        return {"members": _("At least one member must be applying.")}
    if len(applying) > household_size:
        return {"household_size": _("The household is smaller than the number of members listed.")}
    return {}


# Bounds on the dates a person enters, so that no absurd date (0001-01-01, 9999-12-31) is saved.
RECEIVED_MAX_YEARS_AGO = 2  # an application is entered within two years of arriving
BIRTH_MAX_YEARS_AGO = 120
DACA_FIRST_DAY = date(2012, 8, 15)  # USCIS began accepting DACA requests on 15 August 2012
DACA_MAX_YEARS_AHEAD = 3  # a grant lasts two years; a renewal may be approved ahead of time


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February in a year that has none)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def received_date_error(received_on: date, today: date) -> str | None:
    if received_on > today:
        return _("The received date cannot be in the future.")
    if received_on < years_before(today, RECEIVED_MAX_YEARS_AGO):
        return _("The received date cannot be more than %(years)d years ago.") % {
            "years": RECEIVED_MAX_YEARS_AGO
        }
    return None


def birth_date_error(date_of_birth: date, today: date) -> str | None:
    if date_of_birth > today:
        return _("The date of birth cannot be in the future.")
    if date_of_birth < years_before(today, BIRTH_MAX_YEARS_AGO):
        return _("The date of birth cannot be more than %(years)d years ago.") % {
            "years": BIRTH_MAX_YEARS_AGO
        }
    return None


EFFECTIVE_MAX_YEARS = 2  # a new effective date (an appeal's reversal) lies within two years of today


def effective_date_error(effective_date: date, today: date) -> str | None:
    """An effective date set by hand (an appeal decision) lies within two years of today, either way."""
    if (
        not years_before(today, EFFECTIVE_MAX_YEARS)
        <= effective_date
        <= years_before(today, -EFFECTIVE_MAX_YEARS)
    ):
        return _("The effective date must be within %(years)d years of today.") % {
            "years": EFFECTIVE_MAX_YEARS
        }
    return None


def daca_dates_errors(
    daca_valid_from: date | None, daca_valid_to: date | None, today: date
) -> dict[str, str]:
    """What is wrong with a DACA validity period, by field: each date between the program's first day
    (15 August 2012) and three years from today, and the end not before the start."""
    latest = years_before(today, -DACA_MAX_YEARS_AHEAD)
    errors = {}
    for field, day, label in (
        ("daca_valid_from", daca_valid_from, _("The start of DACA validity")),
        ("daca_valid_to", daca_valid_to, _("The end of DACA validity")),
    ):
        if day is not None and not DACA_FIRST_DAY <= day <= latest:
            errors[field] = _("%(field)s must be between %(first)s and %(last)s.") % {
                "field": label,
                "first": DACA_FIRST_DAY.isoformat(),
                "last": latest.isoformat(),
            }
    if not errors and daca_valid_from and daca_valid_to and daca_valid_to < daca_valid_from:
        errors["daca_valid_to"] = _("The end of DACA validity is before its start.")
    return errors


def evaluate_criteria(facts: MemberFacts, limit: IncomeLimit, today: date) -> dict[str, Finding]:
    """One finding per criterion of 8.401.2.12 C, keyed by Criterion value.

    DACA is met on every day from daca_valid_from through daca_valid_to inclusive.
    """
    return {
        DACA: _daca(facts, today),
        NO_OTHER_COVERAGE: _yes_no(
            NO_OTHER_COVERAGE,
            facts.has_other_coverage,
            False,
            ("other_coverage_none", "other_coverage_found", "other_coverage_unknown"),
        ),
        RESIDENCY: _residency(facts.state_code),
        NOT_INCARCERATED: _yes_no(
            NOT_INCARCERATED,
            facts.is_incarcerated,
            False,
            ("not_incarcerated", "incarcerated", "incarceration_unknown"),
        ),
        INCOME: _income(facts, limit),
    }


def first_look(findings: dict[str, Finding]) -> dict[str, Finding]:
    """Intake's findings: what the reported facts would meet is only "not yet verified" (issue 9 item 4).

    A fact that fails a criterion (income over the limit, an address outside New Mexico) stands as
    reported; nothing is met until a caseworker records its evidence or attestation.
    """
    return {
        c: Finding(c, UNVERIFIED, UNVERIFIED_REASON[c]) if f.status == MET else f for c, f in findings.items()
    }


# Criteria whose outcome depends on the decision's date and guidance: DACA validity on the effective
# date, income against the governing limit. The facts on file decide them; a caseworker's "met"
# only supplies the basis (the facts verified).
DATED_CRITERIA = frozenset({DACA, INCOME})


def settle_criteria(fresh: dict[str, Finding], verified: dict[str, Finding]) -> dict[str, Finding]:
    """The finding on each criterion at decision (8.401.2.12 C; issue 9 items 3 and 4).

    ``fresh`` is evaluate_criteria on the facts on file, the governing guidance and the effective
    date; ``verified`` the caseworker's findings (a "met" one always has its basis). A caseworker's
    "not met" or "needs information" stands. DACA and income are decided by the facts on file; for
    the other criteria, a caseworker's "met" settles what the application reported. A criterion
    the facts would meet but nobody verified is "unverified".
    """
    settled: dict[str, Finding] = {}
    for c in CRITERIA:
        fact, checked = fresh[c], verified.get(c)
        if checked is not None and checked.status != MET:
            settled[c] = checked
        elif c in DATED_CRITERIA and fact.status != MET:
            settled[c] = fact
        elif checked is not None:
            settled[c] = checked
        elif fact.status == MET:
            settled[c] = Finding(c, UNVERIFIED, UNVERIFIED_REASON[c])
        else:
            settled[c] = fact
    return settled


def basis_error(*, criterion: str, status: str, reason_code: str, evidence_kind: str | None) -> str | None:
    """Why a caseworker's finding cannot be recorded as given, or None (issue 9 item 4).

    A criterion is met only on a document on file of a kind that can show it, or on an attestation
    the caseworker records explicitly where the criterion allows one; the reason names which.
    """
    if status != MET:
        return None
    reason = REASONS.get(reason_code)
    if reason is None or reason.basis not in (EVIDENCE, ATTESTATION):
        return _("Choose the reason that says what settled the criterion: a document or an attestation.")
    if reason.basis == ATTESTATION and criterion not in ATTESTABLE:
        return _("This criterion cannot be met on the applicant's word: a document on file is needed.")
    if reason.basis == EVIDENCE and (evidence_kind is None or evidence_kind not in EVIDENCE_KINDS[criterion]):
        return _("Choose the document on file that shows this criterion is met.")
    return None


def decide(findings: Iterable[Finding]) -> tuple[str | None, list[str]]:
    """Decision from the findings of one member.

    ("ineligible", not-met codes) when any criterion is not met; otherwise (None, codes needing
    information) when any criterion needs information or has no finding; otherwise ("eligible",
    met codes). Codes come in criterion order. With several findings for one criterion the last
    one counts. Findings for other criteria are ignored.
    """
    latest: dict[str, Finding] = {}
    for finding in findings:
        if finding.criterion in CRITERIA:
            latest[finding.criterion] = finding
    not_met = [latest[c].reason_code for c in CRITERIA if c in latest and latest[c].status == NOT_MET]
    if not_met:
        return INELIGIBLE, not_met
    needs = [
        latest[c].reason_code if c in latest else MISSING_REASON[c]
        for c in CRITERIA
        if c not in latest or latest[c].status != MET
    ]
    if needs:
        return None, needs
    return ELIGIBLE, [latest[c].reason_code for c in CRITERIA]


# --- Evidence files --------------------------------------------------------------------------

EVIDENCE_TYPES = {"application/pdf", "image/jpeg", "image/png"}
_FORMATS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def check_evidence_file(file: BinaryIO | bytes, size: int, max_bytes: int) -> str:
    """Content type of an uploaded evidence file (PDF, JPEG or PNG), checked by opening it.

    In this order, so nothing is read from a file refused sooner: its size (at most max_bytes,
    known from the upload handler before any byte is read); its type from its first bytes (not
    its name); then the file is opened whole with its parser (pypdf for a PDF, which must have
    at least one page and no password; Pillow for an image, decoded within Pillow's
    decompression-bomb limit). A file that starts like a PDF and goes on with HTML or random
    bytes does not parse and is refused. Raises ValidationError (codes file_too_large,
    invalid_file_type, unreadable_file); the stream is left at its start.
    """
    if size > max_bytes:
        raise ValidationError(
            gettext("The file must be at most %(size)s MB.") % {"size": _megabytes(max_bytes)},
            code="file_too_large",
        )
    stream = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    kind = filetype.guess(head) if head else None
    mime = kind.mime if kind is not None else None
    if mime not in EVIDENCE_TYPES:
        raise ValidationError(
            gettext("The file must be a PDF, JPEG or PNG document or photo."),
            code="invalid_file_type",
        )
    try:
        _open_pdf(stream) if mime == "application/pdf" else _open_image(stream, _FORMATS[mime])
    except Exception as error:  # a parser of hostile bytes may raise anything: all mean "refuse"
        raise ValidationError(
            gettext(
                "The file could not be opened as a %(format)s: it is damaged, protected by a "
                "password, or not really a %(format)s."
            )
            % {"format": _FORMATS[mime]},
            code="unreadable_file",
        ) from error
    finally:
        stream.seek(0)
    return mime


def _open_pdf(stream: BinaryIO) -> None:
    reader = PdfReader(stream)
    if reader.is_encrypted:
        raise ValueError("encrypted")
    if not len(reader.pages):
        raise ValueError("no pages")
    for page in reader.pages:
        page.mediabox  # noqa: B018 -- every page's dictionary parses


def _open_image(stream: BinaryIO, pillow_format: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(stream, formats=[pillow_format]) as image:
            image.verify()  # PNG: every chunk's checksum
        stream.seek(0)
        with Image.open(stream, formats=[pillow_format]) as image:
            if pillow_format == "JPEG":  # decode at 1/8 scale: the whole stream, little memory
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()


def _megabytes(n_bytes: int) -> str:
    mb = Decimal(n_bytes) / (1024 * 1024)
    return f"{mb.normalize():f}" if mb == mb.to_integral_value() else str(mb.quantize(Decimal("0.1")))


def in_force(effective_dates: Iterable[date], day: date) -> date | None:
    """Which version is in force on ``day``: the latest effective on or before it, else the earliest (P3)."""
    dates = sorted(effective_dates)
    if not dates:
        return None
    started = [effective for effective in dates if effective <= day]
    return started[-1] if started else dates[0]


# --- Reported changes and corrections (PRODUCT P11) ---------------------------------------------
#
# A change kind (a catalogue row the program administrator keeps) names a group of facts it changes,
# a reason code for the notice and an effective-date rule from the fixed list below. Which kinds
# exist is data; what each rule and group means is here.

# Effective-date rules. "after_death" needs no advance notice: the program learns of a death from
# facts it can confirm (as 42 CFR 431.213(a) allows for Medicaid).
MONTH_AFTER_REPORT = "month_after_report"
MONTH_AFTER_EVENT = "month_after_event"
EVENT_DAY = "event_day"
AFTER_DEATH = "after_death"
EFFECTIVE_RULES = {
    MONTH_AFTER_REPORT: _("The first day of the month after the change was reported"),
    MONTH_AFTER_EVENT: _("The first day of the month after the change happened"),
    EVENT_DAY: _("The day the change happened"),
    AFTER_DEATH: _("The day after the date of death (no advance notice)"),
}
NO_ADVANCE_NOTICE = frozenset({AFTER_DEATH})


@dataclass(frozen=True)
class FactGroup:
    """The facts a kind of change sets: on the application, or on one member (``member``)."""

    fields: tuple[str, ...]
    member: bool
    any_of: bool = False  # at least one of the fields (a correction), instead of all of them


FACT_GROUPS: dict[str, FactGroup] = {
    "income": FactGroup(("annual_magi",), False),
    "household": FactGroup(("household_size",), False),
    "address": FactGroup(("address_line", "city", "state_code", "zip_code"), False),
    "daca": FactGroup(("ead_category", "daca_valid_from", "daca_valid_to"), True),
    "other_coverage": FactGroup(("has_other_coverage",), True),
    "incarceration": FactGroup(("is_incarcerated",), True),
    "death": FactGroup((), True),
    "intake_error": FactGroup(("annual_magi", "household_size", "state_code"), False, any_of=True),
}
MEMBER_FACTS = frozenset(
    {"ead_category", "daca_valid_from", "daca_valid_to", "has_other_coverage", "is_incarcerated"}
)
# The criterion each fact decides: settled again on the new facts when a change is applied.
FACT_CRITERIA = {
    "annual_magi": INCOME,
    "household_size": INCOME,
    "state_code": RESIDENCY,
    "ead_category": DACA,
    "daca_valid_from": DACA,
    "daca_valid_to": DACA,
    "has_other_coverage": NO_OTHER_COVERAGE,
    "is_incarcerated": NOT_INCARCERATED,
}
FACT_GROUP_LABELS = {
    "income": _("Household income"),
    "household": _("Household size"),
    "address": _("Address and residency"),
    "daca": _("DACA status (one member)"),
    "other_coverage": _("Other coverage (one member)"),
    "incarceration": _("Incarceration (one member)"),
    "death": _("Death of a member"),
    "intake_error": _("Correction of income or household size"),
}
FACT_LABELS = {
    "annual_magi": _("Annual household income (MAGI)"),
    "household_size": _("Household size"),
    "address_line": _("Street address"),
    "city": _("City"),
    "state_code": _("State"),
    "zip_code": _("ZIP code"),
    "ead_category": _("EAD category"),
    "daca_valid_from": _("DACA valid from"),
    "daca_valid_to": _("DACA valid to"),
    "has_other_coverage": _("Has other coverage"),
    "is_incarcerated": _("Incarcerated"),
}
# The kinds seeded by the catalogue's data migration: their labels are read in the reader's language.
CHANGE_KIND_LABELS = {
    "income": _("Income changed"),
    "member_added": _("Household member added"),
    "member_removed": _("Household member removed"),
    "address": _("Address or residency changed"),
    "daca_renewed": _("DACA renewed"),
    "daca_ended": _("DACA ended"),
    "other_coverage": _("Other coverage gained"),
    "incarceration": _("Incarceration"),
    "death": _("Death"),
    "intake_correction": _("Correction of an intake error"),
}
MAX_ANNUAL_INCOME = Decimal("10000000")


def change_kind_label(code: str, fallback: str) -> str:
    """A change kind's label in the active language: a seeded kind's own text, else what the admin typed."""
    label = CHANGE_KIND_LABELS.get(code)
    return str(label) if label is not None else fallback


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True)
class ChangeEffective:
    """When a change takes effect, and the dates that made it (stored as data, explained when shown)."""

    rule: str
    rule_date: date  # what the catalogue's rule gives
    effective: date
    notice_window_ends: date | None = None  # an adverse change: the last day of the advance-notice window

    def to_data(self) -> dict:
        data = {
            "rule": self.rule,
            "rule_date": self.rule_date.isoformat(),
            "effective": self.effective.isoformat(),
        }
        if self.notice_window_ends is not None:
            data["notice_window_ends"] = self.notice_window_ends.isoformat()
        return data


def change_effective_date(
    *,
    rule: str,
    event_on: date,
    reported_on: date,
    notice_on: date,
    adverse: bool,
    adverse_notice_days: int,
    holidays,
) -> ChangeEffective:
    """The day a change takes effect (PRODUCT P11).

    The kind's rule gives a date; a change that lowers assistance or ends eligibility takes effect no
    earlier than the first day of the month after the advance-notice window (``adverse_notice_days``
    calendar days from the notice date, counted by ``hca_portal.dates.add_calendar_days``: a last day
    on a weekend or holiday moves to the next business day), so the person has time to act. A death
    needs no advance notice.
    """
    from hca_portal.dates import add_calendar_days

    if rule == MONTH_AFTER_REPORT:
        rule_date = _first_of_next_month(reported_on)
    elif rule == MONTH_AFTER_EVENT:
        rule_date = _first_of_next_month(event_on)
    elif rule == EVENT_DAY:
        rule_date = event_on
    elif rule == AFTER_DEATH:
        rule_date = date.fromordinal(event_on.toordinal() + 1)
    else:
        raise ValueError(f"unknown effective-date rule: {rule!r}")
    if not adverse or rule in NO_ADVANCE_NOTICE:
        return ChangeEffective(rule, rule_date, rule_date)
    window_ends = add_calendar_days(notice_on, adverse_notice_days, holidays).due
    return ChangeEffective(rule, rule_date, max(rule_date, _first_of_next_month(window_ends)), window_ends)


@dataclass(frozen=True)
class MemberOutcome:
    decision: str
    assistance: Decimal
    waitlisted: bool = False


def is_adverse_change(before: dict, after: dict) -> bool:
    """A change is adverse when it ends a member's eligibility or lowers their assistance.

    ``before`` and ``after`` map each member to a MemberOutcome (``before`` may lack a member or hold
    None: nothing was in force). A waitlisted member has no assistance in force to lower.
    """
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            continue
        if old.decision == ELIGIBLE and new.decision != ELIGIBLE and not old.waitlisted:
            return True
        if old.decision == ELIGIBLE and not old.waitlisted and new.assistance < old.assistance:
            return True
    return False


def change_facts_errors(group: str, facts: dict, *, today: date, members_listed: int = 1) -> dict[str, str]:
    """What is wrong with the new facts a change gives for its group, by field (nothing saved on error)."""
    spec = FACT_GROUPS.get(group)
    if spec is None:
        return {"kind": str(_("Choose a kind of change."))}
    given = {f: facts.get(f) for f in spec.fields if facts.get(f) not in (None, "")}
    errors: dict[str, str] = {}
    if spec.any_of and spec.fields and not given:
        errors[spec.fields[0]] = gettext("Give at least one corrected fact: income, household size or state.")
    if not spec.any_of:
        for field in spec.fields:
            if field not in given:
                errors[field] = gettext("Give the new value: %(field)s.") % {"field": FACT_LABELS[field]}
    if "annual_magi" in given and not ZERO <= Decimal(given["annual_magi"]) < MAX_ANNUAL_INCOME:
        errors["annual_magi"] = gettext("The annual income must be between 0 and 10,000,000.")
    if "household_size" in given:
        size = int(given["household_size"])
        if not 1 <= size <= 30:
            errors["household_size"] = gettext("The household size must be between 1 and 30.")
        elif size < members_listed:
            errors["household_size"] = gettext("The household is smaller than the number of members listed.")
    if "state_code" in given and not (
        len(str(given["state_code"])) == 2 and str(given["state_code"]).isalpha()
    ):
        errors["state_code"] = gettext("Give the two-letter state code, e.g. NM.")
    if group == "daca":
        errors.update(daca_dates_errors(given.get("daca_valid_from"), given.get("daca_valid_to"), today))
    return errors


def event_date_error(event_on: date, today: date) -> str | None:
    """A change happened within the last two years, and not after today."""
    if event_on > today:
        return gettext("The change cannot have happened after today.")
    if event_on < years_before(today, EFFECTIVE_MAX_YEARS):
        return gettext("The change must have happened within the last %(years)d years.") % {
            "years": EFFECTIVE_MAX_YEARS
        }
    return None


REASONS.update(
    _reasons(
        Reason("change_income", "", "", _("Your household income changed.")),
        Reason("change_household", "", "", _("The number of people in your household changed.")),
        Reason("change_address", "", "", _("Your address changed.")),
        Reason("change_daca", "", "", _("Your DACA status changed.")),
        Reason("change_other_coverage", "", "", _("You now have other health coverage.")),
        Reason("change_incarceration", "", "", _("A change in incarceration was reported.")),
        Reason("change_death", "", "", _("A member of the household died.")),
        Reason(
            "change_correction",
            "",
            "",
            _("We corrected information about your household that was recorded wrongly."),
        ),
    )
)
CHANGE_REASONS = (
    "change_income",
    "change_household",
    "change_address",
    "change_daca",
    "change_other_coverage",
    "change_incarceration",
    "change_death",
    "change_correction",
)
# --- Ends of coverage and reinstatements (PRODUCT P11, P4) ----------------------------------------
#
# Not in 8.401.2.12: the rule names no grounds or notice period for ending coverage. We follow the
# Medicaid notice rules the program's notices already borrow from (42 CFR 431.211 and 431.213):
# an adverse end is mailed at least ``Guidance.adverse_notice_days`` before it takes effect; an end
# at the person's own request or on their death needs no advance period. Every end notice keeps the
# appeal rights (431.213 waives the advance period only, never the right to a hearing).

END_DACA_ENDED = "end_daca_ended"
END_MOVED = "end_moved_out_of_state"
END_OTHER_COVERAGE = "end_other_coverage"
END_INCARCERATED = "end_incarcerated"
END_REQUEST = "end_request"
END_DEATH = "end_death"
END_NON_PAYMENT = "end_non_payment"
END_REASON_CODES = (
    END_DACA_ENDED,
    END_MOVED,
    END_OTHER_COVERAGE,
    END_INCARCERATED,
    END_REQUEST,
    END_DEATH,
    END_NON_PAYMENT,
)
# Ends that need no advance period: the person asked, or died.
UNNOTICED_ENDS = frozenset({END_REQUEST, END_DEATH})

REINSTATE_ERROR = "reinstate_ended_in_error"
REINSTATE_APPEAL = "reinstate_appeal_decided"
REINSTATE_REQUEST_WITHDRAWN = "reinstate_request_withdrawn"
REINSTATE_PAYMENT = "reinstate_payment_received"
REINSTATE_REASON_CODES = (REINSTATE_ERROR, REINSTATE_APPEAL, REINSTATE_REQUEST_WITHDRAWN, REINSTATE_PAYMENT)

OFFER_LAPSED_REASON = "offer_not_answered"

REASONS.update(
    _reasons(
        Reason(END_DACA_ENDED, "", "", _("Your DACA status has ended, so you no longer qualify.")),
        Reason(END_MOVED, "", "", _("You moved out of New Mexico, so you no longer qualify.")),
        Reason(
            END_OTHER_COVERAGE,
            "",
            "",
            _("You now have other health coverage (minimum essential coverage), so you no longer qualify."),
        ),
        Reason(END_INCARCERATED, "", "", _("You are incarcerated, so you cannot be covered for now.")),
        Reason(END_REQUEST, "", "", _("You asked us to end your coverage.")),
        Reason(
            END_DEATH,
            "",
            "",
            _("We were told of the death of the person covered. We are sorry for your loss."),
        ),
        Reason(
            END_NON_PAYMENT,
            "",
            "",
            _("Your share of the premium was not paid, and this plan year's guidance ends coverage then."),
        ),
        Reason(REINSTATE_ERROR, "", "", _("We found that your coverage was ended by mistake.")),
        Reason(REINSTATE_APPEAL, "", "", _("Your appeal of the end of your coverage was decided for you.")),
        Reason(REINSTATE_REQUEST_WITHDRAWN, "", "", _("You withdrew your request to end your coverage.")),
        Reason(REINSTATE_PAYMENT, "", "", _("We received the premium that was due.")),
        Reason(
            OFFER_LAPSED_REASON,
            "",
            "",
            _("We did not receive your answer to our offer of a place by the date in the offer."),
        ),
    )
)
COVERAGE_CODES = frozenset({*END_REASON_CODES, *REINSTATE_REASON_CODES, OFFER_LAPSED_REASON})


@dataclass(frozen=True)
class CoverageEnd:
    """When coverage ends, and why: the last day covered and the advance notice period it needed."""

    reason: str
    last_day: date
    adverse: bool
    # The advance notice counted from the notice date (None for an end that needs none).
    advance: Deadline | None = None

    def to_data(self) -> dict:
        """The rule's inputs and result, to store instead of a sentence."""
        return {
            "reason": self.reason,
            "last_day": self.last_day.isoformat(),
            "adverse": self.adverse,
            "advance": self.advance.to_data() if self.advance is not None else None,
        }


def last_day_of_month(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def coverage_end(
    *,
    reason: str,
    notice_date: date,
    adverse_notice_days: int,
    holidays,
    last_day: date | None = None,
    nonpayment_ends_coverage: bool = False,
) -> CoverageEnd:
    """The last day of coverage ended for ``reason`` by a notice dated ``notice_date``.

    - An adverse end (every reason but a request and a death) takes effect only after the advance
      notice period: ``adverse_notice_days`` calendar days from the notice date, counted by
      ``hca_portal.dates`` (a period ending on a weekend or holiday runs to the next business day).
      Coverage then runs to the end of the month in which that period ends: a notice dated 10 days
      before the last of the month ends coverage that month; a notice a day later, the next month.
      ``last_day`` may set a later end, never an earlier one.
    - An end at the person's request: the day they asked for (``last_day``), never before the notice
      date; otherwise the end of the notice's month.
    - An end on death: the day of death (``last_day``, required, not after the notice date).
    - Non-payment ends coverage only where the plan year's guidance says so.

    Raises ValidationError naming the field (``reason_code`` or ``last_day``).
    """
    if reason not in END_REASON_CODES:
        raise ValidationError({"reason_code": gettext("Choose a reason from the list.")})
    if reason == END_NON_PAYMENT and not nonpayment_ends_coverage:
        raise ValidationError(
            {"reason_code": gettext("This plan year's guidance does not end coverage for non-payment.")}
        )
    if reason == END_DEATH:
        if last_day is None:
            raise ValidationError({"last_day": gettext("Give the date of death.")})
        if last_day > notice_date:
            raise ValidationError({"last_day": gettext("The date of death cannot be after today.")})
        return CoverageEnd(reason, last_day, adverse=False)
    if reason == END_REQUEST:
        if last_day is not None and last_day < notice_date:
            raise ValidationError({"last_day": gettext("Coverage cannot end before today at a request.")})
        return CoverageEnd(reason, last_day or last_day_of_month(notice_date), adverse=False)
    period = Period(
        adverse_notice_days, False, "adverse_notice", f"{adverse_notice_days} calendar days of advance notice"
    )
    advance = deadline(notice_date, period, holidays)
    earliest = last_day_of_month(advance.due)
    if last_day is not None and last_day < earliest:
        raise ValidationError(
            {
                "last_day": gettext(
                    "This end needs %(days)s days' advance notice: the earliest last day of coverage is "
                    "%(date)s."
                )
                % {"days": adverse_notice_days, "date": earliest.isoformat()}
            }
        )
    return CoverageEnd(reason, last_day or earliest, adverse=True, advance=advance)


def reply_on_time(received_on: date, reply_by: date) -> bool:
    """A reply to an offer counts if received on or before the reply-by date (the last day counts)."""
    return received_on <= reply_by


def offer_lapsed(reply_by: date, today: date) -> bool:
    """An unanswered offer lapses the day after its reply-by date."""
    return today > reply_by
