"""The state-holiday table (hca_portal.calendar) and its effect on deadlines."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from hca_portal.calendar import (
    SEED_REASON,
    holidays_between,
    holidays_for_period,
    holidays_for_years,
    legal_holidays,
    seed_state_holidays,
)
from hca_portal.dates import APPEAL_FILING, FINAL_DECISION, FIRST_LEVEL_DECISION_EXPEDITED, deadline
from hca_portal.models import StateHoliday

pytestmark = pytest.mark.django_db


def test_migrations_seeded_the_legal_holidays_of_2025_to_2030():
    # Changed by issue 9 item 8: the seed is NMSA 12-5-2, not holidays.US(subdiv="NM") (Juneteenth).
    expected = {d.date: d.english_name for d in legal_holidays(range(2025, 2031))}

    assert holidays_between(date(2025, 1, 1), date(2030, 12, 31)) == expected


def test_seeding_is_idempotent():
    # given an empty table that never held a row (a new database)
    StateHoliday.objects.all().delete()
    StateHoliday.history.all().delete()

    # when seeded twice
    first = seed_state_holidays([2026])
    second = seed_state_holidays([2026])

    # then the second run adds nothing
    assert first == len(legal_holidays([2026])) == StateHoliday.objects.count()
    assert second == 0
    row = StateHoliday.objects.get(date=date(2026, 11, 26))
    assert row.history.get().history_change_reason == SEED_REASON


def test_seeding_keeps_administrators_corrections():
    StateHoliday.objects.filter(date=date(2026, 11, 27)).update(name="Day after Thanksgiving")

    assert seed_state_holidays([2026]) == 0
    assert StateHoliday.objects.get(date=date(2026, 11, 27)).name == "Day after Thanksgiving"


def test_holidays_between_includes_both_ends_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        result = holidays_between(date(2026, 11, 26), date(2026, 12, 25))

    assert list(result) == [date(2026, 11, 26), date(2026, 11, 27), date(2026, 12, 25)]


def test_holidays_for_years():
    result = holidays_for_years([2027])

    assert date(2027, 12, 31) in result  # New Year's Day 2028 observed
    assert date(2028, 1, 1) not in result
    assert all(d.year == 2027 for d in result)


def test_admin_correction_changes_deadlines():
    # given the seeded calendar, where Thu 2026-12-24 is a working day
    start = date(2026, 12, 23)
    table = holidays_between(date(2026, 11, 1), date(2027, 1, 31))
    before = deadline(start, FIRST_LEVEL_DECISION_EXPEDITED, table)
    filing_before = deadline(date(2026, 11, 24), APPEAL_FILING, table)
    assert before.due == date(2026, 12, 29)
    assert filing_before.due == date(2026, 12, 24)

    # when an administrator adds a holiday
    StateHoliday.objects.create(date=date(2026, 12, 24), name="Christmas Eve")

    # then deadlines computed from the table move
    table = holidays_between(date(2026, 11, 1), date(2027, 1, 31))
    after = deadline(start, FIRST_LEVEL_DECISION_EXPEDITED, table)
    filing_after = deadline(date(2026, 11, 24), APPEAL_FILING, table)
    assert after.due == date(2026, 12, 30)
    assert filing_after.due == date(2026, 12, 28)
    assert "Christmas Eve, Christmas Day skipped" in after.explain()
    assert filing_after.explain() == (
        "notice dated Tue 2026-11-24; 30 calendar days; lands on Thu 2026-12-24; "
        "Christmas Eve, Christmas Day, Saturday, Sunday skipped; due Mon 2026-12-28"
    )


def test_holidays_for_period_reaches_past_the_due_date():
    start = date(2026, 11, 17)  # 45 days land on New Year's Day 2027

    result = deadline(start, FINAL_DECISION, holidays_for_period(start, FINAL_DECISION))

    assert result.due == date(2027, 1, 4)
    assert [r for _, r in result.skipped] == ["New Year's Day", "Saturday", "Sunday"]


def test_seed_holidays_command():
    out = StringIO()

    call_command("seed_holidays", "--years", "2031", "2026", stdout=out)

    assert out.getvalue().strip() == f"{len(legal_holidays([2031]))} holiday(s) added for 2031, 2026."
    assert StateHoliday.objects.filter(date__year=2031).exists()
