"""The intake checks every door asks (form, API, service): pure rules, by field."""

from datetime import date

import pytest

from eligibility import rules

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("household_size", "applying", "errors"),
    [
        (1, [True], {}),
        (3, [True, False, False], {}),
        (2, [False, True], {}),
        (1, [], {"members": "An application needs at least one household member."}),
        (2, [False, False], {"members": "At least one member must be applying."}),
        (1, [True, False], {"household_size": "The household is smaller than the number of members listed."}),
    ],
)
def test_household_errors(household_size, applying, errors):
    found = rules.household_errors(household_size=household_size, applying=applying)
    assert {field: str(message) for field, message in found.items()} == errors


@pytest.mark.parametrize(
    ("received", "error"),
    [
        (date(2026, 3, 9), None),
        (TODAY, None),
        (date(2026, 3, 11), "The received date cannot be in the future."),
        (date(2024, 3, 10), None),  # two years ago: the last day allowed
        (date(2024, 3, 9), "The received date cannot be more than 2 years ago."),
        (date(1, 1, 1), "The received date cannot be more than 2 years ago."),
    ],
)
def test_received_date_error(received, error):
    found = rules.received_date_error(received, TODAY)
    assert (str(found) if found else None) == error


@pytest.mark.parametrize(
    ("born", "error"),
    [
        (date(1998, 6, 15), None),
        (TODAY, None),  # born today: not in the future
        (date(2026, 3, 11), "The date of birth cannot be in the future."),
        (date(1906, 3, 10), None),  # 120 years ago to the day
        (date(1906, 3, 9), "The date of birth cannot be more than 120 years ago."),
        (date(1, 1, 1), "The date of birth cannot be more than 120 years ago."),
    ],
)
def test_birth_date_error(born, error):
    found = rules.birth_date_error(born, TODAY)
    assert (str(found) if found else None) == error


BETWEEN = "must be between 2012-08-15 and 2029-03-10."


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (date(2025, 1, 1), date(2027, 1, 1), {}),
        (date(2025, 1, 1), date(2025, 1, 1), {}),  # a one-day validity
        (None, date(2027, 1, 1), {}),
        (date(2025, 1, 1), None, {}),
        (
            date(2025, 1, 2),
            date(2025, 1, 1),
            {"daca_valid_to": "The end of DACA validity is before its start."},
        ),
        (date(2012, 8, 15), date(2029, 3, 10), {}),  # the program's first day; three years from today
        (date(2012, 8, 14), None, {"daca_valid_from": f"The start of DACA validity {BETWEEN}"}),
        (None, date(2029, 3, 11), {"daca_valid_to": f"The end of DACA validity {BETWEEN}"}),
        (
            date(1, 1, 1),
            date(9999, 12, 31),
            {
                "daca_valid_from": f"The start of DACA validity {BETWEEN}",
                "daca_valid_to": f"The end of DACA validity {BETWEEN}",
            },
        ),
    ],
)
def test_daca_dates_errors(start, end, errors):
    found = rules.daca_dates_errors(start, end, TODAY)
    assert {field: str(message) for field, message in found.items()} == errors


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [(date(2024, 2, 29), 1, date(2023, 2, 28)), (date(2026, 3, 10), -3, date(2029, 3, 10))],
)
def test_years_before(day, years, expected):
    assert rules.years_before(day, years) == expected


@pytest.mark.parametrize(
    ("effective", "error"),
    [
        (TODAY, None),
        (date(2024, 3, 10), None),  # two years back: the last day allowed
        (date(2024, 3, 9), "The effective date must be within 2 years of today."),
        (date(2028, 3, 10), None),
        (date(2028, 3, 11), "The effective date must be within 2 years of today."),
        (date(9999, 12, 31), "The effective date must be within 2 years of today."),
    ],
)
def test_effective_date_error(effective, error):
    found = rules.effective_date_error(effective, TODAY)
    assert (str(found) if found else None) == error
