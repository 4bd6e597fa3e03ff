"""The five criteria of 8.401.2.12 C, the decision and the reasons."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from eligibility import rules
from eligibility.rules import (
    REASONS,
    Finding,
    IncomeLimit,
    MemberFacts,
    decide,
    evaluate_criteria,
    reason_text,
)

LIMIT = IncomeLimit(first_person=D("15650"), each_additional=D("5500"), limit_pct=D("400"))
VALID_FROM = date(2025, 3, 1)
VALID_TO = date(2027, 2, 28)
TODAY = date(2026, 1, 15)

FACTS = MemberFacts(
    ead_category="C33",
    daca_valid_from=VALID_FROM,
    daca_valid_to=VALID_TO,
    has_other_coverage=False,
    is_incarcerated=False,
    state_code="NM",
    annual_magi=D("40000"),
    household_size=2,
)

ALL_MET = {
    "daca": Finding("daca", "met", "daca_verified"),
    "no_other_coverage": Finding("no_other_coverage", "met", "other_coverage_none"),
    "residency": Finding("residency", "met", "resident_nm"),
    "not_incarcerated": Finding("not_incarcerated", "met", "not_incarcerated"),
    "income": Finding("income", "met", "income_within_limit"),
}


def test_all_criteria_met():
    assert evaluate_criteria(FACTS, LIMIT, TODAY) == ALL_MET


@pytest.mark.parametrize(
    ("today", "status", "code"),
    [
        (date(2025, 2, 28), "needs_information", "daca_missing_evidence"),  # day before it is valid
        (VALID_FROM, "met", "daca_verified"),  # first valid day
        (date(2025, 3, 2), "met", "daca_verified"),
        (date(2027, 2, 27), "met", "daca_verified"),
        (VALID_TO, "met", "daca_verified"),  # last valid day
        (date(2027, 3, 1), "not_met", "daca_expired"),  # the day after
        (date(2030, 1, 1), "not_met", "daca_expired"),
    ],
)
def test_daca_validity_boundaries(today, status, code):
    assert evaluate_criteria(FACTS, LIMIT, today)["daca"] == Finding("daca", status, code)


@pytest.mark.parametrize("category", ["C33", "c33", " c33 "])
def test_daca_category_is_case_insensitive(category):
    facts = replace(FACTS, ead_category=category)
    assert evaluate_criteria(facts, LIMIT, TODAY)["daca"].status == "met"


@pytest.mark.parametrize(
    "changes",
    [
        {"ead_category": ""},
        {"ead_category": "C09"},  # another EAD category does not show DACA
        {"daca_valid_from": None},
        {"daca_valid_to": None},
        {"daca_valid_from": None, "daca_valid_to": None},
        {"daca_valid_from": date(2027, 3, 1)},  # dates the wrong way round
    ],
)
def test_daca_missing_evidence_needs_information(changes):
    finding = evaluate_criteria(replace(FACTS, **changes), LIMIT, TODAY)["daca"]
    assert finding == Finding("daca", "needs_information", "daca_missing_evidence")


@pytest.mark.parametrize(
    ("value", "status", "code"),
    [
        (False, "met", "other_coverage_none"),
        (True, "not_met", "other_coverage_found"),
        (None, "needs_information", "other_coverage_unknown"),
    ],
)
def test_other_coverage(value, status, code):
    finding = evaluate_criteria(replace(FACTS, has_other_coverage=value), LIMIT, TODAY)["no_other_coverage"]
    assert finding == Finding("no_other_coverage", status, code)


@pytest.mark.parametrize(
    ("value", "status", "code"),
    [
        (False, "met", "not_incarcerated"),
        (True, "not_met", "incarcerated"),
        (None, "needs_information", "incarceration_unknown"),
    ],
)
def test_incarceration(value, status, code):
    finding = evaluate_criteria(replace(FACTS, is_incarcerated=value), LIMIT, TODAY)["not_incarcerated"]
    assert finding == Finding("not_incarcerated", status, code)


@pytest.mark.parametrize(
    ("state", "status", "code"),
    [
        ("NM", "met", "resident_nm"),
        ("nm", "met", "resident_nm"),
        ("TX", "not_met", "not_resident_nm"),
        ("AZ", "not_met", "not_resident_nm"),
        ("", "needs_information", "residency_unknown"),
        ("  ", "needs_information", "residency_unknown"),
    ],
)
def test_residency(state, status, code):
    finding = evaluate_criteria(replace(FACTS, state_code=state), LIMIT, TODAY)["residency"]
    assert finding == Finding("residency", status, code)


@pytest.mark.parametrize(
    ("magi", "size", "status", "code"),
    [
        (D("84600.00"), 2, "met", "income_within_limit"),  # 400% of 21150 exactly
        (D("84600.01"), 2, "not_met", "income_over_limit"),
        (D("62600.00"), 1, "met", "income_within_limit"),
        (D("62600.01"), 1, "not_met", "income_over_limit"),
        (D("0"), 1, "met", "income_within_limit"),
    ],
)
def test_income(magi, size, status, code):
    facts = replace(FACTS, annual_magi=magi, household_size=size)
    assert evaluate_criteria(facts, LIMIT, TODAY)["income"] == Finding("income", status, code)


def test_every_finding_has_a_known_reason_for_its_criterion_and_status():
    for facts in [
        FACTS,
        replace(FACTS, has_other_coverage=None, is_incarcerated=True, state_code="", annual_magi=D("1e6")),
        replace(FACTS, ead_category=""),
    ]:
        for key, finding in evaluate_criteria(facts, LIMIT, date(2027, 3, 1)).items():
            reason = REASONS[finding.reason_code]
            assert (reason.criterion, reason.status) == (key, finding.status)


# --- decide ---------------------------------------------------------------------------------


def test_decide_eligible_when_every_criterion_is_met():
    assert decide(ALL_MET.values()) == (
        "eligible",
        ["daca_verified", "other_coverage_none", "resident_nm", "not_incarcerated", "income_within_limit"],
    )


def test_decide_ineligible_lists_only_not_met_reasons():
    findings = {
        **ALL_MET,
        "daca": Finding("daca", "not_met", "daca_expired"),
        "residency": Finding("residency", "needs_information", "residency_unknown"),
        "income": Finding("income", "not_met", "income_over_limit"),
    }
    assert decide(findings.values()) == ("ineligible", ["daca_expired", "income_over_limit"])


def test_decide_pending_when_something_needs_information():
    findings = {**ALL_MET, "residency": Finding("residency", "needs_information", "residency_unknown")}
    assert decide(findings.values()) == (None, ["residency_unknown"])


def test_decide_missing_criterion_needs_information():
    findings = [f for key, f in ALL_MET.items() if key not in {"income", "daca"}]
    assert decide(findings) == (None, ["daca_missing_evidence", "income_unknown"])


def test_decide_without_findings_needs_everything():
    decision, codes = decide([])
    assert decision is None
    assert codes == [
        "daca_missing_evidence",
        "other_coverage_unknown",
        "residency_unknown",
        "incarceration_unknown",
        "income_unknown",
    ]


def test_decide_not_met_wins_over_missing():
    assert decide([Finding("income", "not_met", "income_over_limit")]) == (
        "ineligible",
        ["income_over_limit"],
    )


def test_decide_accepts_a_generator_and_the_last_finding_per_criterion_counts():
    findings = [*ALL_MET.values(), Finding("daca", "not_met", "daca_expired")]
    assert decide(f for f in findings) == ("ineligible", ["daca_expired"])


def test_decide_on_evaluated_criteria():
    facts = replace(FACTS, is_incarcerated=None)
    assert decide(evaluate_criteria(facts, LIMIT, TODAY).values()) == (None, ["incarceration_unknown"])
    facts = replace(FACTS, is_incarcerated=True)
    assert decide(evaluate_criteria(facts, LIMIT, TODAY).values()) == ("ineligible", ["incarcerated"])


# --- reasons --------------------------------------------------------------------------------

REQUIRED_CODES = {
    "daca_verified",
    "daca_expired",
    "daca_missing_evidence",
    "other_coverage_none",
    "other_coverage_found",
    "other_coverage_unknown",
    "resident_nm",
    "not_resident_nm",
    "residency_unknown",
    "not_incarcerated",
    "incarcerated",
    "incarceration_unknown",
    "income_within_limit",
    "income_over_limit",
    "no_response_to_request",
    "caseworker_other",
    "appeal_reversed",
    "appeal_modified",
}


def test_reasons_cover_every_required_code():
    assert REQUIRED_CODES <= set(REASONS)
    for code, reason in REASONS.items():
        assert reason.code == code
        assert len(code) <= 40  # CriterionFinding.reason_code max_length


def test_reason_text_is_plain_language():
    # Issue 9 item 4: the reason names what settled the criterion (a document on file).
    assert reason_text("daca_verified") == (
        "We confirmed your DACA status with the USCIS approval notice or work permit (category C33) "
        "on file, valid on the day your coverage starts."
    )
    for code in REASONS:
        text = reason_text(code)
        assert isinstance(text, str)
        assert text.endswith(".")
        assert "8.401" not in text  # no regulation numbers in what applicants read


def test_reason_text_follows_the_active_language():
    with translation.override("es"):
        assert isinstance(reason_text("income_over_limit"), str)


def test_reason_text_unknown_code():
    with pytest.raises(KeyError):
        reason_text("no_such_reason")


def test_literals_match_the_model_choices():
    from eligibility.models import Criterion, Decision, FindingStatus

    assert list(rules.CRITERIA) == list(Criterion.values)
    assert {rules.MET, rules.NOT_MET, rules.NEEDS_INFORMATION, rules.UNVERIFIED} == set(FindingStatus.values)
    assert {rules.ELIGIBLE, rules.INELIGIBLE} == set(Decision.values)
    for reason in REASONS.values():
        assert reason.criterion in {"", *Criterion.values}
        assert reason.status in {"", *FindingStatus.values}
