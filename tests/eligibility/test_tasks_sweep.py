"""Eligibility's own daily sweep: its task, its beat entry, one failing request never stopping the rest."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from eligibility import services
from eligibility.models import ApplicationState, InformationRequest
from eligibility.services import review
from eligibility.tasks import daily_sweep

from ..factories import member_input

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")


def at(day: date, hour: int = 1):
    """A moment in New Mexico (the sweep runs at 01:00 local time)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=DENVER), tick=False)


@pytest.fixture
def awaiting(new_application, caseworker):
    """Applications waiting on a request for information made Tue 2026-03-10 (due Thu 2026-04-09)."""

    def make(first_name="Ana"):
        application = new_application(members=[member_input(first_name)])
        services.start_review(application=application, acting_user=caseworker)
        services.request_information(
            application=application, items="Pay stubs", acting_user=caseworker, today=date(2026, 3, 10)
        )
        return application

    return make


def test_eligibility_has_its_own_beat_entry_for_its_sweep():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"eligibility.tasks.daily_sweep", "appeals.tasks.daily_sweep"} <= tasks


def test_the_eligibility_task_expires_unanswered_requests_once(awaiting, django_capture_on_commit_callbacks):
    application = awaiting()
    with at(date(2026, 4, 9)), django_capture_on_commit_callbacks(execute=True):
        assert daily_sweep() == {"information_requests_expired": 0}  # the due date itself: still open
    with at(date(2026, 4, 10)), django_capture_on_commit_callbacks(execute=True):
        assert daily_sweep()["information_requests_expired"] == 1
        assert daily_sweep()["information_requests_expired"] == 0  # safe to run twice
    application.refresh_from_db()
    assert application.state == ApplicationState.DETERMINED
    assert application.notices.filter(notice_type="denial").count() == 1


def test_the_task_takes_a_day(awaiting, django_capture_on_commit_callbacks):
    awaiting()
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_sweep("2026-04-10") == {"information_requests_expired": 1}


def test_the_appeals_sweep_leaves_requests_for_information_to_eligibility(awaiting):
    from appeals.tasks import daily_sweep as appeals_sweep

    application = awaiting()
    with at(date(2026, 4, 10)):
        result = appeals_sweep()
    assert "information_requests_expired" not in result
    assert application.information_requests.get().status == InformationRequest.Status.OPEN


def test_one_request_that_fails_is_recorded_and_the_others_expire(
    awaiting, monkeypatch, client, supervisor, django_capture_on_commit_callbacks
):
    # given two unanswered requests, one of which cannot be expired today
    stuck, fine = awaiting("Ana"), awaiting("Luis")
    deny = review._deny_for_no_response

    def deny_or_fail(rfi, *, today):
        if rfi.application_id == stuck.pk:
            deny(rfi, today=today)  # writes, then fails: nothing of it may stay
            raise ValidationError({"address_line": "Enter the street address."})
        deny(rfi, today=today)

    monkeypatch.setattr(review, "_deny_for_no_response", deny_or_fail)

    # when the sweep runs
    with at(date(2026, 4, 10)), django_capture_on_commit_callbacks(execute=True):
        assert daily_sweep()["information_requests_expired"] == 1

    # then the other one expired, and the stuck one is untouched but for why it failed
    fine.refresh_from_db()
    stuck.refresh_from_db()
    assert fine.state == ApplicationState.DETERMINED
    assert stuck.state == ApplicationState.AWAITING_INFORMATION
    assert not stuck.determinations.exists()
    request = stuck.information_requests.get()
    assert request.status == InformationRequest.Status.OPEN
    assert request.sweep_error == "address_line: Enter the street address."
    assert request.sweep_error_at is not None

    # supervisors see it
    client.force_login(supervisor)
    page = client.get(reverse("workspaces:supervisor")).content.decode()
    assert "Requests for information the daily sweep could not close" in page
    assert stuck.reference in page and "address_line: Enter the street address." in page

    # and the next sweep tries it again and clears the reason
    monkeypatch.setattr(review, "_deny_for_no_response", deny)
    with at(date(2026, 4, 11)), django_capture_on_commit_callbacks(execute=True):
        assert daily_sweep()["information_requests_expired"] == 1
    request.refresh_from_db()
    assert (request.status, request.sweep_error, request.sweep_error_at) == (
        InformationRequest.Status.EXPIRED,
        "",
        None,
    )
    assert "Requests for information the daily sweep could not close" not in (
        client.get(reverse("workspaces:supervisor")).content.decode()
    )


def test_an_error_that_is_not_a_validation_error_is_recorded_by_its_kind_only(awaiting, monkeypatch):
    application = awaiting()

    def fail(rfi, *, today):
        raise RuntimeError("Ana Garcia, 100 Main St")  # personal data must not be stored

    monkeypatch.setattr(review, "_deny_for_no_response", fail)
    with at(date(2026, 4, 10)):
        assert daily_sweep()["information_requests_expired"] == 0
    assert application.information_requests.get().sweep_error == "RuntimeError"


def test_the_sweep_command_runs_each_apps_sweep(awaiting):
    from io import StringIO

    from django.core.management import call_command

    application = awaiting()
    out = StringIO()
    call_command("run_daily_sweep", "--date", "2026-04-10", stdout=out)
    assert "1 requests for information expired" in out.getvalue()
    assert application.information_requests.get().status == InformationRequest.Status.EXPIRED
