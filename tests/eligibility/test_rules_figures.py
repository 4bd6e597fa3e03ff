"""A determination's figures with the rule each came from, and its end date (8.401.2.12 A; P11)."""

from datetime import date
from decimal import Decimal as D

import pytest

from eligibility import rules
from eligibility.rules import Band, Tier, assistance_in_force, compute_figures

# The EXAMPLE scale and tiers the seed uses for 2026 (the secretary's published guidance replaces them).
SCALE = [
    Band(D("0"), D("150"), D("0"), D("0")),
    Band(D("150"), D("200"), D("0"), D("2")),
    Band(D("200"), D("250"), D("2"), D("4")),
    Band(D("250"), D("300"), D("4"), D("6")),
    Band(D("300"), D("400"), D("6"), D("8.5")),
]
TIERS = [
    Tier(D("0"), D("150"), "Silver 94", D("94")),
    Tier(D("150"), D("200"), "Silver 87", D("87")),
    Tier(D("200"), D("250"), "Silver 73", D("73")),
    Tier(D("250"), D("400"), "Silver 70", D("70")),
]
BENCHMARK, BRONZE = D("520.00"), D("395.00")


def figures(magi, size=1, *, benchmark=BENCHMARK, plan=BENCHMARK, bands=SCALE, tiers=TIERS):
    return compute_figures(
        annual_magi=D(magi),
        household_size=size,
        fpl_first_person=D("15650.00"),
        fpl_each_additional=D("5500.00"),
        bands=bands,
        tiers=tiers,
        benchmark_premium=benchmark,
        plan_premium=plan,
        plan_rule=rules.PLAN_CHOSEN,
    )


@pytest.mark.parametrize(
    ("magi", "size", "plan", "fpl", "pct", "applicable", "contribution", "assistance", "rule", "share"),
    [
        # household of 2, $50,000 = 236.41% of $21,150: 2 + 2 x 36.41 / 50 = 3.4564% of income
        (
            "50000",
            2,
            BENCHMARK,
            "21150.00",
            "236.41",
            "3.456400",
            "144.02",
            "375.98",
            rules.ASSISTANCE_FORMULA,
            "144.02",
        ),
        # the same against the cheaper plan: the enrollee pays the rest of its premium
        (
            "50000",
            2,
            BRONZE,
            "21150.00",
            "236.41",
            "3.456400",
            "144.02",
            "375.98",
            rules.ASSISTANCE_FORMULA,
            "19.02",
        ),
        # no contribution under 150%: the formula gives the whole benchmark, capped at the plan chosen
        (
            "20000",
            1,
            BRONZE,
            "15650.00",
            "127.80",
            "0.000000",
            "0.00",
            "395.00",
            rules.ASSISTANCE_CAPPED,
            "0.00",
        ),
        (
            "20000",
            1,
            BENCHMARK,
            "15650.00",
            "127.80",
            "0.000000",
            "0.00",
            "520.00",
            rules.ASSISTANCE_FORMULA,
            "0.00",
        ),
        # exactly at a band's edge: 200% for one person is $31,300, 2% of income
        (
            "31300",
            1,
            BENCHMARK,
            "15650.00",
            "200.00",
            "2.000000",
            "52.17",
            "467.83",
            rules.ASSISTANCE_FORMULA,
            "52.17",
        ),
        # above the last band: its highest percentage; the contribution passes the benchmark
        (
            "100000",
            1,
            BENCHMARK,
            "15650.00",
            "638.98",
            "8.500000",
            "708.33",
            "0.00",
            rules.ASSISTANCE_ZERO,
            "520.00",
        ),
    ],
)
def test_figures_table(magi, size, plan, fpl, pct, applicable, contribution, assistance, rule, share):
    result = figures(magi, size, plan=plan)
    assert result.fpl_amount == D(fpl)
    assert result.fpl_pct == D(pct)
    assert result.applicable_pct == D(applicable)
    assert result.expected_contribution == D(contribution)
    assert result.assistance == D(assistance)
    assert result.assistance_rule == rule
    assert result.enrollee_share == D(share)
    assert result.assistance <= result.plan_premium


@pytest.mark.parametrize(
    ("plan", "assistance", "rule", "share"),
    [
        (D("520.00"), D("520.00"), rules.ASSISTANCE_FORMULA, D("0.00")),  # the premium equals the formula
        (D("519.99"), D("519.99"), rules.ASSISTANCE_CAPPED, D("0.00")),  # one cent under: capped
        (D("520.01"), D("520.00"), rules.ASSISTANCE_FORMULA, D("0.01")),  # one cent over: the formula
        (D("0.00"), D("0.00"), rules.ASSISTANCE_CAPPED, D("0.00")),  # a free plan gets nothing
    ],
)
def test_assistance_never_exceeds_the_plan_premium_at_the_boundary(plan, assistance, rule, share):
    result = figures("20000", plan=plan)  # formula: the whole $520 benchmark
    assert (result.assistance, result.assistance_rule, result.enrollee_share) == (assistance, rule, share)


@pytest.mark.parametrize(
    ("benchmark", "assistance", "rule"),
    [
        (D("850.00"), D("0.00"), rules.ASSISTANCE_ZERO),  # 8.5% of $120,000 / 12 is exactly $850.00
        (D("850.01"), D("0.01"), rules.ASSISTANCE_FORMULA),  # one cent more benchmark: one cent assistance
        (None, D("0.00"), rules.ASSISTANCE_NO_BENCHMARK),
    ],
)
def test_contribution_against_the_benchmark(benchmark, assistance, rule):
    result = figures("120000", benchmark=benchmark, plan=D("900.00"))
    assert result.expected_contribution == D("850.00")
    assert (result.assistance, result.assistance_rule) == (assistance, rule)


@pytest.mark.parametrize(
    ("magi", "bands", "applicable", "rule", "band"),
    [
        (
            "7825",
            [Band(D("100"), D("200"), D("1"), D("3"))],
            "1.000000",
            rules.SCALE_BELOW,
            (D("100"), D("200")),
        ),
        (
            "15650",
            [Band(D("100"), D("200"), D("1"), D("3"))],
            "1.000000",
            rules.SCALE_IN_BAND,
            (D("100"), D("200")),
        ),
        (
            "31300",
            [Band(D("100"), D("200"), D("1"), D("3"))],
            "3.000000",
            rules.SCALE_IN_BAND,
            (D("100"), D("200")),
        ),
        (
            "31300.01",
            [Band(D("100"), D("200"), D("1"), D("3"))],
            "3.000000",
            rules.SCALE_IN_BAND,
            (D("100"), D("200")),
        ),
        (
            "31500",
            [Band(D("100"), D("200"), D("1"), D("3"))],
            "3.000000",
            rules.SCALE_ABOVE,
            (D("100"), D("200")),
        ),
        ("31500", [], "0.000000", rules.SCALE_NONE, None),
    ],
)
def test_the_applicable_percentage_keeps_its_band_and_rule(magi, bands, applicable, rule, band):
    result = figures(magi, bands=bands)
    assert (result.applicable_pct, result.applicable_rule) == (D(applicable), rule)
    assert (None if result.band is None else (result.band.fpl_from, result.band.fpl_to)) == band


@pytest.mark.parametrize(
    ("magi", "tier", "rule"),
    [
        ("23473.44", "Silver 94", rules.TIER_IN_BAND),  # 149.99%
        ("23475", "Silver 87", rules.TIER_IN_BAND),  # 150.00%: the next band starts at its edge
        ("62600", "Silver 70", rules.TIER_IN_BAND),  # 400.00%: the last band includes its edge
        ("62601.57", None, rules.TIER_NONE_FOR_INCOME),  # 400.01%
    ],
)
def test_the_tier_keeps_its_rule(magi, tier, rule):
    result = figures(magi)
    assert (result.tier.name if result.tier else None, result.tier_rule) == (tier, rule)


@pytest.mark.parametrize(
    ("eligible", "waitlisted", "given", "plan", "assistance", "rule", "share"),
    [
        (False, False, D("375.98"), BRONZE, D("0.00"), rules.ASSISTANCE_INELIGIBLE, BRONZE),
        (True, True, D("375.98"), BRONZE, D("0.00"), rules.ASSISTANCE_WAITLISTED, BRONZE),
        (True, False, D("520.00"), BRONZE, D("395.00"), rules.ASSISTANCE_CAPPED, D("0.00")),  # the formula's
        (True, False, D("100.00"), BRONZE, D("100.00"), rules.ASSISTANCE_SET_ON_APPEAL, D("295.00")),
        (
            True,
            False,
            D("395.00"),
            BRONZE,
            D("395.00"),
            rules.ASSISTANCE_SET_ON_APPEAL,
            D("0.00"),
        ),  # the premium
        (True, False, D("395.01"), BRONZE, D("395.00"), rules.ASSISTANCE_CAPPED, D("0.00")),  # a cent over
    ],
)
def test_the_assistance_in_force(eligible, waitlisted, given, plan, assistance, rule, share):
    result = figures("20000", plan=plan)
    assert assistance_in_force(result, eligible=eligible, waitlisted=waitlisted, given=given) == (
        assistance,
        rule,
        share,
    )


@pytest.mark.parametrize(
    ("new_effective", "last_day"),
    [
        (date(2026, 4, 1), date(2026, 3, 31)),
        (date(2026, 3, 1), date(2026, 2, 28)),
        (date(2028, 3, 1), date(2028, 2, 29)),  # a leap year
        (date(2027, 1, 1), date(2026, 12, 31)),  # across plan years
    ],
)
def test_a_superseded_determination_ends_the_day_before_its_replacement(new_effective, last_day):
    assert rules.last_day_in_force(new_effective) == last_day


@pytest.mark.parametrize(
    ("fpl", "limit", "amount"),
    [
        (D("21150.00"), D("400"), D("84600.00")),
        (D("15650.00"), D("138"), D("21597.00")),
        (D("15650"), D("0"), D("0.00")),
    ],
)
def test_the_income_limit_in_dollars(fpl, limit, amount):
    assert rules.income_limit_amount(fpl, limit) == amount
