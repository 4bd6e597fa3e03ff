"""A criterion is met only on a basis, and deciding evaluates every criterion again (issue 9 items 3, 4)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from eligibility.rules import (
    Finding,
    IncomeLimit,
    MemberFacts,
    basis_error,
    decide,
    evaluate_criteria,
    first_look,
    settle_criteria,
)

LIMIT_400 = IncomeLimit(first_person=D("15650"), each_additional=D("5500"), limit_pct=D("400"))
LIMIT_450 = replace(LIMIT_400, limit_pct=D("450"))
FACTS = MemberFacts(
    ead_category="C33",
    daca_valid_from=date(2025, 3, 1),
    daca_valid_to=date(2026, 3, 31),
    has_other_coverage=False,
    is_incarcerated=False,
    state_code="NM",
    # 415% of $15,650 is $64,947.50: over a 400% limit, under a 450% one.
    annual_magi=D("64947.50"),
    household_size=1,
)
VERIFIED = {
    "daca": Finding("daca", "met", "daca_verified"),
    "no_other_coverage": Finding("no_other_coverage", "met", "other_coverage_attested"),
    "residency": Finding("residency", "met", "resident_attested"),
    "not_incarcerated": Finding("not_incarcerated", "met", "not_incarcerated_attested"),
    "income": Finding("income", "met", "income_attested"),
}


def test_intake_meets_nothing_on_reported_facts():
    look = first_look(evaluate_criteria(replace(FACTS, annual_magi=D("30000")), LIMIT_400, date(2026, 3, 2)))
    assert {c: f.status for c, f in look.items()} == dict.fromkeys(look, "unverified")
    assert look["daca"].reason_code == "daca_unverified"


def test_intake_keeps_what_the_reported_facts_fail():
    look = first_look(evaluate_criteria(FACTS, LIMIT_400, date(2026, 3, 2)))
    assert look["income"] == Finding("income", "not_met", "income_over_limit")


def test_unverified_criteria_block_the_decision():
    fresh = evaluate_criteria(replace(FACTS, annual_magi=D("30000")), LIMIT_400, date(2026, 3, 2))
    settled = settle_criteria(fresh, {})
    assert decide(settled.values()) == (
        None,
        [
            "daca_unverified",
            "other_coverage_unverified",
            "residency_unverified",
            "incarceration_unverified",
            "income_unverified",
        ],
    )


@pytest.mark.parametrize(
    ("limit", "decision"),
    [
        (LIMIT_400, "ineligible"),  # the limit in force when the application was received
        (LIMIT_450, "eligible"),  # the limit that governs the coverage the decision starts
    ],
)
def test_income_is_judged_on_the_governing_limit(limit, decision):
    fresh = evaluate_criteria(FACTS, limit, date(2026, 3, 1))
    assert decide(settle_criteria(fresh, VERIFIED).values())[0] == decision


@pytest.mark.parametrize(
    ("effective_date", "decision", "daca"),
    [
        (date(2026, 3, 1), "eligible", "daca_verified"),
        (date(2026, 3, 31), "eligible", "daca_verified"),  # last valid day
        (date(2026, 4, 1), "ineligible", "daca_expired"),  # the day after: expired on the effective date
    ],
)
def test_daca_must_be_valid_on_the_effective_date(effective_date, decision, daca):
    fresh = evaluate_criteria(FACTS, LIMIT_450, effective_date)
    settled = settle_criteria(fresh, VERIFIED)
    assert settled["daca"].reason_code == daca
    assert decide(settled.values())[0] == decision


def test_a_caseworker_finding_settles_what_the_application_reported():
    fresh = evaluate_criteria(replace(FACTS, has_other_coverage=True), LIMIT_450, date(2026, 3, 1))
    # The caseworker saw proof the other coverage ended: their finding stands over the report.
    assert settle_criteria(fresh, VERIFIED)["no_other_coverage"].status == "met"
    # A caseworker's "not met" stands too.
    found = {**VERIFIED, "residency": Finding("residency", "not_met", "not_resident_nm")}
    assert settle_criteria(fresh, found)["residency"].status == "not_met"


@pytest.mark.parametrize(
    ("criterion", "status", "code", "kind", "ok"),
    [
        ("daca", "met", "daca_verified", "daca_approval", True),
        ("daca", "met", "daca_verified", "ead", True),
        ("daca", "met", "daca_verified", None, False),  # no document on file
        ("daca", "met", "daca_verified", "income", False),  # a document that cannot show it
        ("daca", "met", "caseworker_other", "daca_approval", False),  # the reason must name the basis
        ("daca", "met", "resident_attested", None, False),  # DACA is never met on the applicant's word
        ("residency", "met", "resident_attested", None, True),
        ("residency", "met", "resident_nm", None, False),
        ("residency", "met", "resident_nm", "residency", True),
        ("income", "met", "income_attested", None, True),
        ("income", "met", "income_within_limit", "income", True),
        ("no_other_coverage", "met", "other_coverage_attested", None, True),
        ("not_incarcerated", "met", "not_incarcerated_attested", None, True),
        ("residency", "not_met", "not_resident_nm", None, True),  # only "met" needs a basis
    ],
)
def test_met_needs_a_document_or_an_allowed_attestation(criterion, status, code, kind, ok):
    error = basis_error(criterion=criterion, status=status, reason_code=code, evidence_kind=kind)
    assert (error is None) is ok
