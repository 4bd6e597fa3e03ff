"""Counts stored as data and explained in the reader's language (issue 9 item 7).

``Deadline.to_data`` keeps the rule code and the inputs; ``explain_count`` writes the sentence when
it is read, with the holidays' names in the active language (``hca_portal.calendar`` contract).
"""

from datetime import date

import pytest
from django.utils import translation

from hca_portal.calendar import holidays_between, holidays_for_period
from hca_portal.counting import explain_count, explain_count_lazy
from hca_portal.dates import DISMISSAL_VACATE, FINAL_APPEAL_FILING, Deadline, deadline
from hca_portal.models import LegalHoliday, StateHoliday

pytestmark = pytest.mark.django_db

CHRISTMAS = date(2026, 12, 25)


@pytest.fixture
def christmas():
    StateHoliday.objects.update_or_create(
        date=CHRISTMAS, defaults={"name": "Christmas Day", "code": LegalHoliday.CHRISTMAS_DAY}
    )
    StateHoliday.objects.update_or_create(
        date=date(2026, 11, 11), defaults={"name": "Veterans Day", "code": LegalHoliday.VETERANS_DAY}
    )


def test_holiday_names_come_in_the_active_language(christmas):
    with translation.override("en"):
        assert holidays_between(CHRISTMAS, CHRISTMAS) == {CHRISTMAS: "Christmas Day"}
    with translation.override("es"):
        assert holidays_between(CHRISTMAS, CHRISTMAS) == {CHRISTMAS: "Día de Navidad"}
        assert (
            holidays_between(date(2026, 11, 11), date(2026, 11, 11))[date(2026, 11, 11)]
            == "Día de los Veteranos"
        )


def test_a_count_is_stored_as_data_and_explained_in_each_language(christmas):
    # dismissed Wed 11-25: 30 days -> Fri 12-25 (Christmas) -> Sat, Sun -> Mon 12-28
    counted = deadline(
        date(2026, 11, 25), DISMISSAL_VACATE, holidays_for_period(date(2026, 11, 25), DISMISSAL_VACATE)
    )
    data = counted.to_data()
    assert data == {
        "code": "dismissal_vacate",
        "start": "2026-11-25",
        "due": "2026-12-28",
        "skipped": [["2026-12-25", "holiday"], ["2026-12-26", "saturday"], ["2026-12-27", "sunday"]],
    }
    assert explain_count(data, "en") == (
        "dismissed Wed 2026-11-25; 30 calendar days; lands on Fri 2026-12-25; "
        "Christmas Day, Saturday, Sunday skipped; due Mon 2026-12-28"
    )
    assert explain_count(data, "es") == (
        "desestimada el mié 2026-11-25; 30 días naturales; cae en vie 2026-12-25; "
        "días omitidos: Día de Navidad, sábado, domingo; vence el lun 2026-12-28"
    )
    # lazily: in whatever language is active when it becomes text
    lazy = explain_count_lazy(data)
    with translation.override("es"):
        assert str(lazy).startswith("desestimada el")
    with translation.override("en"):
        assert str(lazy).startswith("dismissed")


def test_a_holiday_removed_later_is_named_generically(christmas):
    data = {
        "code": "dismissal_vacate",
        "start": "2026-11-25",
        "due": "2026-12-28",
        "skipped": [["2026-12-25", "holiday"], ["2026-12-26", "saturday"], ["2026-12-27", "sunday"]],
    }
    StateHoliday.objects.filter(date=CHRISTMAS).delete()
    assert "state holiday, Saturday, Sunday skipped" in explain_count(data, "en")
    assert "días omitidos: día feriado estatal, sábado, domingo" in explain_count(data, "es")


@pytest.mark.parametrize(
    ("extra", "english", "spanish"),
    [
        (
            {"basis": "missed_due"},
            "counted from the missed decision due date Thu 2026-04-09",
            "a partir de la fecha límite incumplida del jue 2026-04-09",
        ),
        (
            {"basis": "delay_notice"},
            "counted from the delay notice dated Thu 2026-04-09",
            "a partir del aviso de demora con fecha del jue 2026-04-09",
        ),
        (
            {"printed": "2026-05-15"},
            "the notice printed Fri 2026-05-15, which applies",
            "el aviso indicaba vie 2026-05-15, fecha que se aplica",
        ),
    ],
)
def test_what_a_window_counted_from_is_said(extra, english, spanish):
    data = deadline(date(2026, 4, 9), FINAL_APPEAL_FILING, {}).to_data(**extra)
    assert english in explain_count(data, "en")
    assert spanish in explain_count(data, "es")
    assert explain_count({}, "es") == ""


def test_data_round_trips():
    counted = deadline(date(2026, 4, 9), FINAL_APPEAL_FILING, {})
    assert Deadline.from_data(counted.to_data(), {}) == counted
