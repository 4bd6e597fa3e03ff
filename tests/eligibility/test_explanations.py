"""Every rule code of a determination has its sentence, in English and in Spanish (PRODUCT P11)."""

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.utils import translation

from eligibility import explanations, rules


def determination(**overrides):
    values = dict(
        decision=rules.ELIGIBLE,
        waitlisted=False,
        household_size=1,
        annual_income=D("20000.00"),
        fpl_first_person=D("15650.00"),
        fpl_each_additional=D("5500.00"),
        fpl_amount=D("15650.00"),
        fpl_pct=D("127.80"),
        income_limit_pct=D("400.00"),
        guidance=SimpleNamespace(plan_year=SimpleNamespace(year=2026), effective_date=date(2026, 1, 1)),
        applicable_pct=D("0.000000"),
        applicable_rule=rules.SCALE_IN_BAND,
        scale_band={"fpl_from": "0.00", "fpl_to": "150.00", "pct_from": "0.00", "pct_to": "0.00"},
        benchmark_premium=D("520.00"),
        plan_id=2,
        plan="Example Health Co-op Bronze Saver",
        plan_premium=D("395.00"),
        plan_rule=rules.PLAN_CHOSEN,
        expected_contribution=D("0.00"),
        premium_assistance=D("395.00"),
        assistance_rule=rules.ASSISTANCE_CAPPED,
        enrollee_share=D("0.00"),
        oop_tier="Silver 94",
        oop_band={"fpl_from": "0.00", "fpl_to": "150.00", "actuarial_value": "94.00"},
        tier_rule=rules.TIER_IN_BAND,
        decided_by_kind=rules.DECIDED_BY_PERSON,
        decided_on=date(2026, 3, 10),
        effective_date=date(2026, 4, 1),
        superseded_on=None,
        ended_on=None,
    )
    values.update(overrides)
    d = SimpleNamespace(**values)
    d.never_took_effect = d.ended_on is not None and d.ended_on < d.effective_date
    return d


VARIANTS = [
    {},
    {"applicable_rule": rules.SCALE_BELOW},
    {"applicable_rule": rules.SCALE_ABOVE},
    {"applicable_rule": rules.SCALE_NONE},
    {"plan_rule": rules.PLAN_BENCHMARK_DEFAULT},
    {"plan_rule": rules.PLAN_CHOSEN_NOT_OFFERED},
    {"plan_rule": rules.PLAN_NONE, "plan_id": None, "plan_premium": None, "enrollee_share": None},
    {"assistance_rule": rules.ASSISTANCE_FORMULA},
    {"assistance_rule": rules.ASSISTANCE_ZERO},
    {"assistance_rule": rules.ASSISTANCE_NO_BENCHMARK},
    {"assistance_rule": rules.ASSISTANCE_SET_ON_APPEAL, "tier_rule": rules.TIER_SET_ON_APPEAL},
    {"tier_rule": rules.TIER_NONE_FOR_INCOME},
    {
        "waitlisted": True,
        "assistance_rule": rules.ASSISTANCE_WAITLISTED,
        "tier_rule": rules.TIER_NOT_IN_FORCE,
    },
    {"decision": rules.INELIGIBLE, "assistance_rule": rules.ASSISTANCE_INELIGIBLE},
    {"decided_by_kind": rules.DECIDED_BY_SYSTEM},
    {"household_size": 3},
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("overrides", VARIANTS)
def test_every_variant_renders_a_full_sentence_for_each_input(language, overrides):
    with translation.override(language):
        lines = explanations.explain(determination(**overrides))

    assert lines and all(line.endswith(".") and "%(" not in line for line in lines)
    # the household, the limit, the assistance and who decided are always said
    assert len(lines) >= 4


def test_the_capped_assistance_in_words():
    lines = explanations.explain(determination())

    assert lines[0] == (
        "Household of 1 person, income counted $20,000 a year = 127.8% of the 2026 poverty level of $15,650 "
        "($15,650 for the first person and $5,500 for each additional person, in the guidance in force from "
        "January 1, 2026)."
    )
    assert (
        "Premium assistance: $395 a month, the plan's whole premium. Benchmark plan premium $520 − expected "
        "contribution $0 is more, and assistance never exceeds the premium of the plan." in lines
    )
    assert "The enrollee pays $395 − $395 = $0 a month of the plan's premium." in lines


def test_a_denial_says_only_what_it_decided():
    lines = explanations.explain(
        determination(decision=rules.INELIGIBLE, assistance_rule=rules.ASSISTANCE_INELIGIBLE)
    )

    assert "No premium assistance: not eligible." in lines
    assert not any(line.startswith(("Expected contribution", "Plan:", "Out-of-pocket")) for line in lines)


@pytest.mark.parametrize(
    ("superseded_on", "ended_on", "english", "spanish"),
    [
        (None, None, "In force from April 1, 2026.", "Vigente desde el 1 de abril de 2026."),
        (
            date(2026, 4, 15),
            date(2026, 4, 30),
            "Superseded on April 15, 2026; it was in force from April 1, 2026 to April 30, 2026.",
            "Reemplazada el 15 de abril de 2026; estuvo vigente del 1 de abril de 2026 al 30 de abril "
            "de 2026.",
        ),
        # replaced by one taking effect the same first day: it never took effect
        (
            date(2026, 3, 12),
            date(2026, 3, 31),
            "Superseded on March 12, 2026, before it took effect.",
            "Reemplazada el 12 de marzo de 2026, antes de entrar en vigor.",
        ),
    ],
)
def test_which_one_stands(superseded_on, ended_on, english, spanish):
    d = determination(superseded_on=superseded_on, ended_on=ended_on)

    with translation.override("en"):
        assert explanations.standing(d) == english
    with translation.override("es"):
        assert explanations.standing(d) == spanish


def test_a_determination_made_before_inputs_were_kept_says_so():
    assert explanations.explain(determination(household_size=None)) == [
        "This determination was made before its inputs were kept: only its results are on file."
    ]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("50000"), "$50,000"),
        (D("412.50"), "$412.50"),
        (D("0.00"), "$0"),
        (D("1234567.01"), "$1,234,567.01"),
    ],
)
def test_money_in_words(amount, text):
    assert explanations.money(amount) == text
