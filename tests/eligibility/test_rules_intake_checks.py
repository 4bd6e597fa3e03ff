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
    ],
)
def test_birth_date_error(born, error):
    found = rules.birth_date_error(born, TODAY)
    assert (str(found) if found else None) == error


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        (date(2025, 1, 1), date(2027, 1, 1), None),
        (date(2025, 1, 1), date(2025, 1, 1), None),  # a one-day validity
        (None, date(2027, 1, 1), None),
        (date(2025, 1, 1), None, None),
        (date(2025, 1, 2), date(2025, 1, 1), "The end of DACA validity is before its start."),
    ],
)
def test_daca_dates_error(start, end, error):
    found = rules.daca_dates_error(start, end)
    assert (str(found) if found else None) == error
