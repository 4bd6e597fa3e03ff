"""Sliding scale, premium assistance, out-of-pocket tiers and band validation (8.401.2.12 A)."""

from decimal import Decimal as D

import pytest

from eligibility.rules import (
    Band,
    Tier,
    applicable_percentage,
    monthly_premium_assistance,
    out_of_pocket_tier,
    validate_bands,
)

# The EXAMPLE sliding scale the seed uses (the secretary's published guidance replaces it).
SCALE = [
    Band(D("0"), D("150"), D("0.00"), D("0.00")),
    Band(D("150"), D("200"), D("0.00"), D("2.00")),
    Band(D("200"), D("250"), D("2.00"), D("4.00")),
    Band(D("250"), D("300"), D("4.00"), D("6.00")),
    Band(D("300"), D("400"), D("6.00"), D("8.50")),
]

# The EXAMPLE out-of-pocket tiers.
SILVER_94 = Tier(D("0"), D("150"), "Silver 94", D("94"))
SILVER_87 = Tier(D("150"), D("200"), "Silver 87", D("87"))
SILVER_73 = Tier(D("200"), D("250"), "Silver 73", D("73"))
SILVER_70 = Tier(D("250"), D("400"), "Silver 70", D("70"))
TIERS = [SILVER_94, SILVER_87, SILVER_73, SILVER_70]


@pytest.mark.parametrize(
    ("fpl_pct", "expected"),
    [
        (D("0.00"), D("0")),
        (D("0.01"), D("0")),
        (D("149.99"), D("0")),
        (D("150.00"), D("0")),
        (D("150.01"), D("0.0004")),  # 0 + 2 x 0.01 / 50
        (D("175.00"), D("1.00")),  # halfway through 150-200
        (D("199.99"), D("1.9996")),
        (D("200.00"), D("2.00")),
        (D("200.01"), D("2.0004")),
        (D("249.99"), D("3.9996")),
        (D("250.00"), D("4.00")),
        (D("250.01"), D("4.0004")),
        (D("299.99"), D("5.9996")),
        (D("300.00"), D("6.00")),
        (D("300.01"), D("6.00025")),  # 6 + 2.5 x 0.01 / 100
        (D("333.33"), D("6.83325")),  # 6 + 2.5 x 33.33 / 100
        (D("399.99"), D("8.49975")),
        (D("400.00"), D("8.50")),  # the last band includes its upper edge
        (D("400.01"), D("8.50")),  # above the last band: its pct_to
        (D("650.00"), D("8.50")),
    ],
)
def test_applicable_percentage_at_every_edge(fpl_pct, expected):
    assert applicable_percentage(fpl_pct, SCALE) == expected


def test_applicable_percentage_keeps_at_least_four_places():
    assert applicable_percentage(D("150.01"), SCALE).as_tuple().exponent <= -4


def test_applicable_percentage_below_the_first_band_is_its_start():
    bands = [Band(D("100"), D("200"), D("1.00"), D("3.00"))]
    assert applicable_percentage(D("99.99"), bands) == D("1.00")
    assert applicable_percentage(D("100.00"), bands) == D("1.00")


def test_applicable_percentage_does_not_depend_on_band_order():
    assert applicable_percentage(D("225"), list(reversed(SCALE))) == D("3.00")


def test_applicable_percentage_refuses_no_bands_and_gaps():
    with pytest.raises(ValueError):
        applicable_percentage(D("100"), [])
    gap = [Band(D("0"), D("100"), D("0"), D("1")), Band(D("150"), D("200"), D("1"), D("2"))]
    with pytest.raises(ValueError):
        applicable_percentage(D("120"), gap)


@pytest.mark.parametrize(
    ("magi", "pct", "benchmark", "chosen", "expected"),
    [
        # 0% applicable: the whole benchmark.
        (D("32150"), D("0"), D("600.00"), None, D("600.00")),
        # 2% of 64300 = 1286 a year; / 12 = 107.1666...; 600 - 107.1666... = 492.8333... -> 492.83
        (D("64300"), D("2.00"), D("600.00"), None, D("492.83")),
        # 6% of 46950 = 2817 a year; / 12 = 234.75; 500 - 234.75 = 265.25
        (D("46950"), D("6.00"), D("500.00"), None, D("265.25")),
        # 4% of 66625 = 2665; / 12 = 222.0833...; 550 - 222.0833... = 327.9166... -> 327.92
        (D("66625"), D("4.00"), D("550.00"), None, D("327.92")),
        # 6.83325% of 52166.60 = 3564.67... / 12 = 297.05...; rounded once at the end
        (D("52166.60"), D("6.83325"), D("700.00"), None, D("402.94")),
        # Half up: 2% of 64209 = 1284.18; / 12 = 107.015; 600 - 107.015 = 492.985 -> 492.99 (not 492.98)
        (D("64209"), D("2.00"), D("600.00"), None, D("492.99")),
        # Capped at the chosen plan: 492.83 would be due, the plan costs 450.00
        (D("64300"), D("2.00"), D("600.00"), D("450.00"), D("450.00")),
        # Chosen plan dearer than the assistance: no cap effect
        (D("64300"), D("2.00"), D("600.00"), D("800.00"), D("492.83")),
        # Chosen plan premium exactly the assistance
        (D("46950"), D("6.00"), D("500.00"), D("265.25"), D("265.25")),
        # Never negative: 8.5% of 62600 = 5321; / 12 = 443.4166...; 400 - 443.42 < 0 -> 0.00
        (D("62600"), D("8.50"), D("400.00"), None, D("0.00")),
        (D("62600"), D("8.50"), D("400.00"), D("350.00"), D("0.00")),
        # Contribution exactly the benchmark: 6% of 80000 = 4800; / 12 = 400
        (D("80000"), D("6.00"), D("400.00"), None, D("0.00")),
        # Zero income, zero-premium plan
        (D("0"), D("0"), D("600.00"), D("0.00"), D("0.00")),
    ],
)
def test_monthly_premium_assistance(magi, pct, benchmark, chosen, expected):
    result = monthly_premium_assistance(
        annual_magi=magi, applicable_pct=pct, benchmark_monthly_premium=benchmark, chosen_plan_premium=chosen
    )
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_premium_assistance_is_keyword_only():
    with pytest.raises(TypeError):
        monthly_premium_assistance(D("1"), D("1"), D("1"))  # type: ignore[misc]


def test_premium_assistance_from_fpl_through_the_scale():
    # Four people at 250% FPL: MAGI 80375 (32150 x 2.5), applicable 4%.
    # 4% x 80375 = 3215 a year; / 12 = 267.9166...; benchmark 650 - 267.9166... = 382.0833... -> 382.08
    pct = applicable_percentage(D("250.00"), SCALE)
    assert monthly_premium_assistance(
        annual_magi=D("80375"), applicable_pct=pct, benchmark_monthly_premium=D("650.00")
    ) == D("382.08")


@pytest.mark.parametrize(
    ("fpl_pct", "tier"),
    [
        (D("0.00"), SILVER_94),
        (D("149.99"), SILVER_94),
        (D("150.00"), SILVER_87),
        (D("150.01"), SILVER_87),
        (D("199.99"), SILVER_87),
        (D("200.00"), SILVER_73),
        (D("200.01"), SILVER_73),
        (D("249.99"), SILVER_73),
        (D("250.00"), SILVER_70),
        (D("250.01"), SILVER_70),
        (D("399.99"), SILVER_70),
        (D("400.00"), SILVER_70),  # the last tier includes its upper edge
        (D("400.01"), None),
    ],
)
def test_out_of_pocket_tier_at_every_edge(fpl_pct, tier):
    assert out_of_pocket_tier(fpl_pct, TIERS) == tier


def test_out_of_pocket_tier_none_below_and_without_tiers():
    assert out_of_pocket_tier(D("99.99"), [Tier(D("100"), D("200"), "Silver 87", D("87"))]) is None
    assert out_of_pocket_tier(D("100"), []) is None


def test_example_scale_and_tiers_are_valid():
    assert validate_bands(SCALE) == []
    assert validate_bands(TIERS) == []
    assert validate_bands(list(reversed(SCALE))) == []  # sorted by fpl_from first
    assert validate_bands([]) == []


@pytest.mark.parametrize(
    ("bands", "fragment"),
    [
        # gap between 150 and 160
        (
            [Band(D("0"), D("150"), D("0"), D("0")), Band(D("160"), D("200"), D("0"), D("2"))],
            "not contiguous",
        ),
        ([Band(D("0"), D("150"), D("0"), D("0")), Band(D("160"), D("200"), D("0"), D("2"))], "gap"),
        # overlap: 140 < 150
        ([Band(D("0"), D("150"), D("0"), D("0")), Band(D("140"), D("200"), D("0"), D("2"))], "overlap"),
        # empty band
        ([Band(D("150"), D("150"), D("0"), D("2"))], "empty"),
        ([Band(D("200"), D("150"), D("0"), D("2"))], "empty"),
        # percentages outside 0..100
        ([Band(D("0"), D("150"), D("-0.01"), D("2"))], "outside 0-100"),
        ([Band(D("0"), D("150"), D("0"), D("100.01"))], "outside 0-100"),
        # falling percentage
        ([Band(D("0"), D("150"), D("3"), D("2"))], "greater than pct_to"),
        # tiers: gap and empty
        ([SILVER_94, SILVER_73], "gap"),
        ([Tier(D("250"), D("250"), "Silver 70", D("70"))], "empty"),
    ],
)
def test_validate_bands_names_the_problem(bands, fragment):
    errors = validate_bands(bands)
    assert errors
    assert any(fragment in e for e in errors), errors


def test_validate_bands_boundary_percentages_are_fine():
    assert validate_bands([Band(D("0"), D("150"), D("0"), D("100"))]) == []
    assert validate_bands([Band(D("0"), D("150"), D("5"), D("5"))]) == []


def test_validate_bands_reports_every_problem():
    bands = [Band(D("0"), D("150"), D("3"), D("101")), Band(D("160"), D("160"), D("0"), D("2"))]
    errors = validate_bands(bands)
    assert len(errors) == 3  # pct_to outside 0-100, gap, empty
