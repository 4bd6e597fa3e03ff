"""FPL amounts, FPL percentages, the income limit and the priority group (8.401.2.12 B)."""

from decimal import Decimal as D

import pytest

from eligibility.rules import fpl_amount, fpl_percent, income_within_limit, priority_group

# Plan year 2026: the previous year's HHS guidelines.
FIRST = D("15650")
EACH = D("5500")
LIMIT_PCT = D("400")

FPL_2026 = [
    (1, D("15650.00")),
    (2, D("21150.00")),
    (3, D("26650.00")),
    (4, D("32150.00")),
    (5, D("37650.00")),
    (6, D("43150.00")),
    (7, D("48650.00")),
    (8, D("54150.00")),
    (9, D("59650.00")),
    (10, D("65150.00")),
]

# 400% of the FPL above, the highest income that is within the limit.
LIMIT_2026 = [
    (1, D("62600.00")),
    (2, D("84600.00")),
    (3, D("106600.00")),
    (4, D("128600.00")),
    (5, D("150600.00")),
    (6, D("172600.00")),
    (7, D("194600.00")),
    (8, D("216600.00")),
    (9, D("238600.00")),
    (10, D("260600.00")),
]


@pytest.mark.parametrize(("size", "expected"), FPL_2026)
def test_fpl_amount(size, expected):
    assert fpl_amount(size, FIRST, EACH) == expected


@pytest.mark.parametrize("size", [0, -1])
def test_fpl_amount_needs_a_household(size):
    with pytest.raises(ValueError):
        fpl_amount(size, FIRST, EACH)


@pytest.mark.parametrize(("size", "fpl"), FPL_2026)
@pytest.mark.parametrize(
    ("multiple", "expected_pct"),
    [
        (D("0"), D("0.00")),
        (D("1"), D("100.00")),
        (D("1.5"), D("150.00")),
        (D("2"), D("200.00")),
        (D("4"), D("400.00")),
    ],
)
def test_fpl_percent_at_whole_multiples(size, fpl, multiple, expected_pct):
    assert fpl_percent(fpl * multiple, size, FIRST, EACH) == expected_pct


@pytest.mark.parametrize(
    ("magi", "size", "expected"),
    [
        (D("20000"), 1, D("127.80")),  # 20000 / 15650 = 1.277955... -> 127.80
        (D("31299.99"), 1, D("200.00")),  # 199.99994 rounds up to 200.00: never use it for the limit
        (D("31298.43"), 1, D("199.99")),  # 199.990 exactly
        (D("64299.99"), 4, D("200.00")),
        (D("64296.78"), 4, D("199.99")),  # 64296.78 / 32150 = 1.9998998... -> 199.99
        (D("50000"), 4, D("155.52")),  # 50000 / 32150 = 1.555209... -> 155.52
        (D("100000"), 10, D("153.49")),  # 100000 / 65150 = 1.534919... -> 153.49
        (D("48225"), 4, D("150.00")),
        (D("106601"), 3, D("400.00")),  # 400.0038 -> 400.00, yet over the limit in dollars
        (D("26651.33"), 3, D("100.00")),  # 100.00499 -> 100.00
        (D("26651.34"), 3, D("100.01")),  # 100.00525 -> 100.01
    ],
)
def test_fpl_percent_rounds_half_up_to_two_places(magi, size, expected):
    assert fpl_percent(magi, size, FIRST, EACH) == expected


def test_fpl_percent_half_up_not_half_even():
    # 12345.00 / 20000 = 61.725 exactly: half up gives 61.73 (half even would give 61.72).
    assert fpl_percent(D("12345.00"), 1, D("20000"), D("0")) == D("61.73")


@pytest.mark.parametrize(("size", "limit"), LIMIT_2026)
def test_income_at_the_limit_is_within(size, limit):
    assert income_within_limit(limit, size, FIRST, EACH, LIMIT_PCT) is True


@pytest.mark.parametrize(("size", "limit"), LIMIT_2026)
def test_income_one_cent_over_the_limit_is_not(size, limit):
    assert income_within_limit(limit + D("0.01"), size, FIRST, EACH, LIMIT_PCT) is False


@pytest.mark.parametrize(("size", "limit"), LIMIT_2026)
def test_income_one_cent_under_the_limit_is_within(size, limit):
    assert income_within_limit(limit - D("0.01"), size, FIRST, EACH, LIMIT_PCT) is True


def test_income_limit_compares_dollars_not_a_rounded_percentage():
    # 106600.01 for three people is 400.00% once rounded, but one cent over the dollar limit.
    assert fpl_percent(D("106600.01"), 3, FIRST, EACH) == D("400.00")
    assert income_within_limit(D("106600.01"), 3, FIRST, EACH, LIMIT_PCT) is False


def test_income_limit_with_a_fractional_percentage():
    # 133.33% of 15650 = 20866.1450 exactly: 20866.14 is in, 20866.15 is out.
    assert income_within_limit(D("20866.14"), 1, FIRST, EACH, D("133.33")) is True
    assert income_within_limit(D("20866.15"), 1, FIRST, EACH, D("133.33")) is False


@pytest.mark.parametrize(
    ("magi", "size", "group"),
    [
        (D("0.00"), 1, 1),
        (D("23475.00"), 1, 1),  # 150%
        # 200% of $15,650 is $31,300.00 exactly; the percentage of these rounds to 200.00 (issue 9 item 5).
        (D("31299.49"), 1, 1),
        (D("31299.50"), 1, 1),
        (D("31299.99"), 1, 1),
        (D("31300.00"), 1, 2),  # the threshold itself is not under it
        (D("31300.01"), 1, 2),
        (D("42299.99"), 2, 1),  # 200% of $21,150 is $42,300.00
        (D("42300.00"), 2, 2),
        (D("62600.00"), 1, 2),  # 400%
    ],
)
def test_priority_group_compares_dollars_at_the_cent(magi, size, group):
    assert priority_group(magi, size, FIRST, EACH, D("200.00")) == group
