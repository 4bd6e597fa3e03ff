"""When program administrators correct the holiday calendar, open appeals' due dates follow, with history."""

from datetime import date

import pytest

from appeals.models import State
from appeals.services import decide_appeal, recompute_due_dates, withdraw_appeal
from hca_portal.models import StateHoliday

from ..faults.conftest import celery_broker, free_port

pytestmark = pytest.mark.django_db


def test_adding_a_holiday_on_the_due_date_moves_it(file_online, django_capture_on_commit_callbacks):
    appeal = file_online()  # due Thu 2026-04-09
    with django_capture_on_commit_callbacks(execute=True):
        StateHoliday.objects.create(date=date(2026, 4, 9), name="Emergency closure")

    appeal.refresh_from_db()
    assert appeal.decision_due_on == date(2026, 4, 10)
    assert "Emergency closure skipped" in appeal.decision_due_explain
    assert appeal.remind_on == date(2026, 4, 7)
    assert appeal.history.filter(history_change_reason__startswith="Due dates recomputed").exists()
    assert appeal.events.filter(name="due_dates_recomputed").count() == 1


def test_moving_and_removing_a_holiday_recomputes_both_days(file_online, django_capture_on_commit_callbacks):
    appeal = file_online()
    with django_capture_on_commit_callbacks(execute=True):
        holiday = StateHoliday.objects.create(date=date(2026, 4, 9), name="Closure")
    with django_capture_on_commit_callbacks(execute=True):
        holiday.date = date(2026, 4, 1)
        holiday.save()
    appeal.refresh_from_db()
    assert appeal.decision_due_on == date(2026, 4, 9)  # the count no longer crosses a holiday on its last day

    with django_capture_on_commit_callbacks(execute=True):
        holiday.delete()
    appeal.refresh_from_db()
    assert appeal.decision_due_on == date(2026, 4, 9)


def test_business_day_clock_moves_with_a_holiday_inside_it(file_online, django_capture_on_commit_callbacks):
    from appeals.services import AppealRequest

    appeal = file_online(request=AppealRequest(issues=["eligibility_status"], expedite_reason="Care at risk"))
    assert appeal.decision_due_on == date(2026, 3, 25)
    with django_capture_on_commit_callbacks(execute=True):
        StateHoliday.objects.create(date=date(2026, 3, 24), name="Closure")
    appeal.refresh_from_db()
    assert appeal.decision_due_on == date(2026, 3, 26)


def test_closed_appeals_keep_their_dates(file_online, appeals_officer):
    appeal = file_online()
    decide_appeal(
        appeal=appeal, outcome="upheld", reasons="r", acting_user=appeals_officer, today=date(2026, 3, 25)
    )
    StateHoliday.objects.create(date=date(2026, 4, 9), name="Closure")

    assert recompute_due_dates(changed_days=[date(2026, 4, 9)], today=date(2026, 3, 30)) == 0
    appeal.refresh_from_db()
    assert appeal.decision_due_on == date(2026, 4, 9)


def test_final_appeal_window_and_vacate_window_are_recomputed(file_online, appeals_officer, applicant_user):
    decided = decide_appeal(
        appeal=file_online(),
        outcome="upheld",
        reasons="r",
        acting_user=appeals_officer,
        today=date(2026, 3, 25),
    )
    assert decided.final_appeal_due_on == date(2026, 4, 24)
    StateHoliday.objects.create(date=date(2026, 4, 24), name="Closure")

    assert recompute_due_dates(changed_days=[date(2026, 4, 24)], today=date(2026, 3, 30)) == 1
    decided.refresh_from_db()
    assert decided.final_appeal_due_on == date(2026, 4, 27)


def test_vacate_window_recomputed_for_a_dismissed_appeal(file_online, applicant_user):
    appeal = withdraw_appeal(appeal=file_online(), acting_user=applicant_user, today=date(2026, 3, 26))
    assert appeal.vacate_due_on == date(2026, 4, 27)
    StateHoliday.objects.create(date=date(2026, 4, 27), name="Closure")

    recompute_due_dates(changed_days=[date(2026, 4, 27)], today=date(2026, 3, 30))
    appeal.refresh_from_db()
    assert (appeal.state, appeal.vacate_due_on) == (State.DISMISSED, date(2026, 4, 28))


def test_a_holiday_outside_every_count_changes_nothing(file_online):
    appeal = file_online()
    StateHoliday.objects.create(date=date(2026, 4, 15), name="Closure")
    assert recompute_due_dates(changed_days=[date(2026, 4, 15)], today=date(2026, 3, 30)) == 0
    appeal.refresh_from_db()
    assert appeal.events.filter(name="due_dates_recomputed").count() == 0


def test_a_holiday_added_with_the_broker_down_still_moves_the_due_date(
    file_online, django_capture_on_commit_callbacks
):
    appeal = file_online()  # due Thu 2026-04-09
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True):
            StateHoliday.objects.create(date=date(2026, 4, 9), name="Emergency closure")

    appeal.refresh_from_db()
    assert appeal.decision_due_on == date(2026, 4, 10)
