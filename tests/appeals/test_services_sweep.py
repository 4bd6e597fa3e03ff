"""The appeals daily sweep: vendor delay end to end, reminders, idempotence.

(Expired requests for information are eligibility's sweep: tests/eligibility/test_tasks_sweep.py.)"""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from appeals.models import Reminder, State
from appeals.services import AppealRequest, assign_appeal, decide_appeal, file_final_appeal, run_daily_sweep
from appeals.tasks import daily_sweep

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")


def at(day: date, hour: int = 1):
    """A moment in New Mexico (the sweep runs at 01:05 local time)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 5, tzinfo=DENVER), tick=False)


@pytest.fixture
def assigned(file_online, officer2, supervisor):
    """Filed Fri 2026-03-20: decision due Thu 2026-04-09, reminder Tue 2026-04-07."""
    appeal = file_online(today=date(2026, 3, 20))
    return assign_appeal(appeal=appeal, assignee=officer2, acting_user=supervisor, today=date(2026, 3, 23))


def _sweep(capture):
    with capture(execute=True):
        return daily_sweep()


def test_vendor_delay_end_to_end(assigned, django_capture_on_commit_callbacks, applicant_user):
    appeal = assigned

    # two business days before the due date: the assignee is reminded once
    with at(date(2026, 4, 7)):
        result = _sweep(django_capture_on_commit_callbacks)
    assert result["reminders_queued"] == 1
    assert [m.to for m in mail.outbox] == [["officer2@vendor.example"]]
    assert appeal.reference in mail.outbox[0].body

    # the due date itself: not late yet
    with at(date(2026, 4, 9)):
        assert _sweep(django_capture_on_commit_callbacks)["vendor_delayed"] == 0

    # the day after: vendor delay, and a notice that a final appeal may be filed by Mon 2026-05-11
    with at(date(2026, 4, 10)):
        result = _sweep(django_capture_on_commit_callbacks)
    appeal.refresh_from_db()
    assert result["vendor_delayed"] == 1
    assert appeal.state == State.VENDOR_DELAYED
    assert appeal.vendor_delayed_on == date(2026, 4, 10)
    assert appeal.final_appeal_due_on == date(2026, 5, 11)  # Thu 4-9 + 30 = Sat 5-9 -> Mon 5-11
    assert appeal.final_appeal_due_explain == (
        "counted from the missed decision due date Thu 2026-04-09; 30 calendar days; "
        "lands on Sat 2026-05-09; Saturday, Sunday skipped; due Mon 2026-05-11"
    )
    notice = appeal.delay_notice
    assert (notice.notice_type, notice.notice_date) == ("appeal_vendor_delay", date(2026, 4, 10))
    assert (notice.appeal_deadline, notice.appeal_to) == (date(2026, 5, 11), "bureau")
    reasons = set(appeal.history.values_list("history_change_reason", flat=True))
    assert {"No first-level decision by the due date (vendor delay)", "Vendor-delay notice issued"} <= reasons
    record = appeal.history.get(history_change_reason__startswith="No first-level decision")
    assert (record.state, record.final_appeal_due_on, record.history_type) == (
        "vendor_delayed",
        date(2026, 5, 11),
        "~",
    )
    assert record.history_user is None  # the system did it

    # the final appeal on the last day of that window is timely, and moves the first level on
    with at(date(2026, 5, 11), hour=10):
        final = file_final_appeal(
            parent=appeal,
            request=AppealRequest(issues=["eligibility_status"]),
            acting_user=applicant_user,
            today=date(2026, 5, 11),
        )
    appeal.refresh_from_db()
    assert final.state == State.SCREENED
    assert final.notice_appealed == notice
    assert appeal.state == State.ESCALATED


def test_final_appeal_the_day_after_the_delay_window_is_late(
    assigned, django_capture_on_commit_callbacks, applicant_user
):
    with at(date(2026, 4, 10)):
        _sweep(django_capture_on_commit_callbacks)
    assigned.refresh_from_db()
    final = file_final_appeal(
        parent=assigned,
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=date(2026, 5, 12),
    )
    assert final.state == State.LATE


def test_sweep_twice_sends_one_delay_notice_and_one_reminder(assigned, django_capture_on_commit_callbacks):
    with at(date(2026, 4, 7)):
        first = _sweep(django_capture_on_commit_callbacks)
        second = _sweep(django_capture_on_commit_callbacks)
    assert (first["reminders_queued"], second["reminders_queued"]) == (1, 0)
    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1

    with at(date(2026, 4, 10)):
        first = _sweep(django_capture_on_commit_callbacks)
        second = _sweep(django_capture_on_commit_callbacks)
    assert (first["vendor_delayed"], second["vendor_delayed"]) == (1, 0)
    assert second["delay_notices_queued"] == 0
    assert assigned.application.notices.filter(notice_type="appeal_vendor_delay").count() == 1
    assert assigned.events.filter(name="mark_vendor_delayed").count() == 1


def test_a_late_sweep_still_reminds_before_the_due_date(assigned, django_capture_on_commit_callbacks):
    with at(date(2026, 4, 8)):
        assert _sweep(django_capture_on_commit_callbacks)["reminders_queued"] == 1


def test_reminder_mail_carries_no_personal_data(assigned, django_capture_on_commit_callbacks, denied_case):
    with at(date(2026, 4, 7)):
        _sweep(django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    text = message.subject + message.body
    member = denied_case[1].member
    for private in (member.first_name, member.last_name, "Santa Fe", "95000", denied_case[0].reference):
        assert private not in text
    assert "2026-04-09" in text


def test_an_unassigned_appeal_gets_no_reminder(file_online, django_capture_on_commit_callbacks):
    file_online()
    with at(date(2026, 4, 7)):
        assert _sweep(django_capture_on_commit_callbacks)["reminders_queued"] == 0


def test_decided_appeals_are_not_delayed(assigned, officer2, django_capture_on_commit_callbacks):
    decide_appeal(
        appeal=assigned, outcome="upheld", reasons="r", acting_user=officer2, today=date(2026, 4, 9)
    )
    with at(date(2026, 4, 10)):
        assert _sweep(django_capture_on_commit_callbacks)["vendor_delayed"] == 0


def test_a_late_decision_after_a_delay_keeps_the_later_window(
    assigned, officer2, django_capture_on_commit_callbacks
):
    with at(date(2026, 4, 10)):
        _sweep(django_capture_on_commit_callbacks)
    assigned.refresh_from_db()
    decide_appeal(
        appeal=assigned, outcome="upheld", reasons="r", acting_user=officer2, today=date(2026, 4, 20)
    )
    assert assigned.state == State.DECIDED
    assert assigned.final_appeal_due_on == date(2026, 5, 20)  # from the decision, later than Mon 5-11


def test_final_appeals_are_never_vendor_delayed(
    assigned, officer2, applicant_user, django_capture_on_commit_callbacks
):
    decide_appeal(
        appeal=assigned, outcome="upheld", reasons="r", acting_user=officer2, today=date(2026, 3, 25)
    )
    final = file_final_appeal(
        parent=assigned,
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=date(2026, 3, 26),
    )
    with at(date(2026, 6, 30)):
        _sweep(django_capture_on_commit_callbacks)
    final.refresh_from_db()
    assert final.state == State.SCREENED


def test_management_command_runs_the_sweep_for_a_day(assigned):
    out = StringIO()
    call_command("run_daily_sweep", "--date", "2026-04-10", stdout=out)
    assert "2026-04-10: 1 vendor delays" in out.getvalue()
    assigned.refresh_from_db()
    assert assigned.state == State.VENDOR_DELAYED


def test_sweep_service_query_count_does_not_grow(file_online, django_assert_max_num_queries, denied_case):
    file_online()
    with django_assert_max_num_queries(20):
        run_daily_sweep(today=date(2026, 4, 10))
