"""Issue 9 item 8: the holiday calendar is New Mexico's (NMSA 1978 § 12-5-2), kept by administrators,
and its names come out in the reader's language."""

from datetime import date

import pytest
from django.utils import translation

from hca_portal.calendar import holidays_between, holidays_for_period, legal_holidays, seed_state_holidays
from hca_portal.dates import APPEAL_FILING, deadline
from hca_portal.models import LegalHoliday, StateHoliday

pytestmark = pytest.mark.django_db

SEEDED_2026 = [
    (date(2026, 1, 1), "New Year's Day"),
    (date(2026, 1, 19), "Martin Luther King Jr. Day"),
    (date(2026, 5, 25), "Memorial Day"),
    (date(2026, 7, 3), "Independence Day (observed)"),  # July 4 is a Saturday: observed Friday
    (date(2026, 7, 4), "Independence Day"),
    (date(2026, 9, 7), "Labor Day"),
    (date(2026, 10, 12), "Indigenous Peoples' Day"),
    (date(2026, 11, 11), "Veterans Day"),
    (date(2026, 11, 26), "Thanksgiving Day"),
    (date(2026, 11, 27), "Presidents' Day"),  # the state observes it the day after Thanksgiving
    (date(2026, 12, 25), "Christmas Day"),
]
SEEDED_2027 = [
    (date(2027, 1, 1), "New Year's Day"),
    (date(2027, 1, 18), "Martin Luther King Jr. Day"),
    (date(2027, 5, 31), "Memorial Day"),
    (date(2027, 7, 4), "Independence Day"),
    (date(2027, 7, 5), "Independence Day (observed)"),  # a Sunday: observed Monday
    (date(2027, 9, 6), "Labor Day"),
    (date(2027, 10, 11), "Indigenous Peoples' Day"),
    (date(2027, 11, 11), "Veterans Day"),
    (date(2027, 11, 25), "Thanksgiving Day"),
    (date(2027, 11, 26), "Presidents' Day"),
    (date(2027, 12, 24), "Christmas Day (observed)"),  # a Saturday: observed Friday
    (date(2027, 12, 25), "Christmas Day"),
    (date(2027, 12, 31), "New Year's Day (observed)"),  # January 1, 2028 is a Saturday
]


@pytest.mark.parametrize(
    ("year", "expected"), [(2026, SEEDED_2026), (2027, SEEDED_2027)], ids=["2026", "2027"]
)
def test_the_seeded_days_are_the_state_legal_holidays(year, expected):
    with translation.override("en"):
        seeded = holidays_between(date(year, 1, 1), date(year, 12, 31))

    assert sorted(seeded.items()) == expected


@pytest.mark.parametrize("day", [date(2026, 6, 19), date(2027, 6, 18), date(2027, 6, 19), date(2030, 6, 19)])
def test_juneteenth_is_not_a_state_holiday(day):
    assert not StateHoliday.objects.filter(date=day).exists()


def test_juneteenth_gives_the_vendor_no_extra_day():
    # 30 days from Tue 2026-05-19 land on Thu 2026-06-18; Fri 2026-06-19 is a working day for the state
    result = deadline(date(2026, 5, 19), APPEAL_FILING, holidays_for_period(date(2026, 5, 19), APPEAL_FILING))
    assert result.due == date(2026, 6, 18)
    # and a period landing on it is not moved to Monday
    result = deadline(date(2026, 5, 20), APPEAL_FILING, holidays_for_period(date(2026, 5, 20), APPEAL_FILING))
    assert result.due == date(2026, 6, 19)


@pytest.mark.parametrize("year", range(2025, 2041))
def test_every_holiday_of_12_5_2_is_found_every_year(year):
    # Guards against the holidays package renaming one of them: it would silently drop out of the seed.
    days = legal_holidays([year])

    assert {d.code for d in days} == set(LegalHoliday.values)
    assert all(d.date.weekday() < 5 for d in days if d.observed)
    assert all(d.date.year == year for d in days)


def test_seeded_names_follow_the_active_language_and_added_days_keep_their_name():
    StateHoliday.objects.create(date=date(2026, 12, 24), name="Cierre de oficinas")

    with translation.override("es"):
        spanish = holidays_between(date(2026, 12, 24), date(2026, 12, 25))
        observed = holidays_between(date(2027, 12, 24), date(2027, 12, 24))
    with translation.override("en"):
        english = holidays_between(date(2026, 12, 24), date(2026, 12, 25))

    assert spanish == {date(2026, 12, 24): "Cierre de oficinas", date(2026, 12, 25): "Día de Navidad"}
    assert observed == {date(2027, 12, 24): "Día de Navidad (observado)"}
    assert english == {date(2026, 12, 24): "Cierre de oficinas", date(2026, 12, 25): "Christmas Day"}


def test_explanations_name_holidays_in_the_language_active_when_the_calendar_is_read():
    start = date(2026, 11, 24)  # 30 days land on Thu 2026-12-24; Christmas Day is skipped
    with translation.override("es"):
        holidays = holidays_for_period(start, APPEAL_FILING)
    assert "Día de Navidad" in holidays.values()
    assert deadline(start, APPEAL_FILING, holidays).due == date(2026, 12, 24)


def test_reseeding_never_brings_back_a_removed_day():
    # given an administrator removed Presidents' Day 2026 and moved Veterans Day's row to another date
    StateHoliday.objects.get(date=date(2026, 11, 27)).delete()
    moved = StateHoliday.objects.get(date=date(2026, 11, 11))
    moved.date = date(2026, 11, 10)
    moved.save()

    # when the year is seeded again
    added = seed_state_holidays([2026])

    # then neither day comes back
    assert added == 0
    assert not StateHoliday.objects.filter(date__in=[date(2026, 11, 27), date(2026, 11, 11)]).exists()


def test_reseeding_never_overwrites_an_added_or_renamed_day():
    StateHoliday.objects.filter(date=date(2031, 1, 1)).delete()
    StateHoliday.objects.create(date=date(2031, 1, 1), name="Closure")  # added before the year is seeded
    renamed = StateHoliday.objects.get(date=date(2026, 12, 25))
    renamed.name, renamed.code = "Navidad", ""
    renamed.save()

    seed_state_holidays([2026, 2031])

    assert StateHoliday.objects.get(date=date(2031, 1, 1)).name == "Closure"
    assert StateHoliday.objects.get(date=date(2031, 1, 1)).code == ""
    with translation.override("en"):
        assert holidays_between(date(2026, 12, 25), date(2026, 12, 25)) == {date(2026, 12, 25): "Navidad"}
    assert StateHoliday.objects.filter(date__year=2031).count() == len(legal_holidays([2031]))


def test_the_admin_says_where_each_day_comes_from(client, program_admin):
    StateHoliday.objects.create(date=date(2026, 12, 24), name="Christmas Eve closure")
    client.force_login(program_admin)

    page = client.get("/admin/hca_portal/stateholiday/?year=2026").content.decode()

    assert "NMSA 1978 § 12-5-2" in page
    assert "Added or renamed by a program administrator" in page
    assert "Christmas Eve closure" in page


def test_renaming_a_seeded_day_in_the_admin_shows_the_typed_name(client, program_admin):
    row = StateHoliday.objects.get(date=date(2026, 11, 27))
    client.force_login(program_admin)

    response = client.post(
        f"/admin/hca_portal/stateholiday/{row.pk}/change/",
        {"date": "2026-11-27", "name": "Day after Thanksgiving", "code": row.code, "observed": ""},
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.code, row.name) == ("", "Day after Thanksgiving")
    with translation.override("es"):
        assert holidays_between(row.date, row.date) == {row.date: "Day after Thanksgiving"}
