"""The vendor-delay path (issue 9 item 1; 8.401.2.12 E(4), E(5)).

- A late filing's decision clock runs from receipt while good cause is pending, so an undecided
  good-cause claim becomes a vendor delay like any undecided appeal.
- The final-appeal window never ends sooner than 30 days after the delay notice.
- A delay notice that cannot be issued for one appeal is recorded, shown to supervisors and
  retried; it never stops the batch or the next day's sweep.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from appeals.models import State
from appeals.services import AppealRequest, decide_good_cause, file_final_appeal, log_appeal
from appeals.tasks import daily_sweep
from eligibility import services as eligibility
from eligibility.models import Member
from tests.factories import verify_reported

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")
NOTICE_DATE = date(2026, 3, 10)  # the denial notices: 30 days -> Thu 2026-04-09


def at(day: date, hour: int = 1):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 5, tzinfo=DENVER), tick=False)


def sweep(capture, day: date) -> dict:
    with at(day), capture(execute=True):
        return daily_sweep()


@pytest.fixture
def denied(new_application, caseworker):
    """Make a case denied on NOTICE_DATE; return (application, determination, notice)."""

    def make():
        application = new_application(magi="95000.00")
        verify_reported(application, caseworker)
        [determination] = eligibility.decide_application(
            application=application, acting_user=caseworker, today=NOTICE_DATE
        )
        return application, determination, application.notices.get(notice_type="denial")

    return make


@pytest.fixture
def logged(denied, caseworker):
    """Log a mailed first-level appeal received on ``received_on``."""

    def make(received_on: date, **request):
        application, determination, notice = denied()
        return log_appeal(
            application=application,
            determination=determination,
            notice_appealed=notice,
            request=AppealRequest(issues=["eligibility_status"], **request),
            channel="mail",
            received_on=received_on,
            appellant_kind="applicant",
            appellant_name="Ana Garcia",
            acting_user=caseworker,
            today=received_on,
        )

    return make


def test_an_undecided_good_cause_claim_becomes_a_vendor_delay(
    logged, django_capture_on_commit_callbacks, applicant_user
):
    # given a late appeal received Fri 04-10 with good cause claimed, and nobody decides it
    appeal = logged(date(2026, 4, 10), good_cause_statement="I was in the hospital.")
    assert appeal.state == State.GOOD_CAUSE_CLAIMED
    assert appeal.decision_due_on == date(2026, 4, 30)  # 20 days from receipt (E(4))

    # the due date itself: not late yet; the day after: a vendor delay with its notice
    assert sweep(django_capture_on_commit_callbacks, date(2026, 4, 30))["vendor_delayed"] == 0
    assert sweep(django_capture_on_commit_callbacks, date(2026, 5, 1))["vendor_delayed"] == 1
    appeal.refresh_from_db()
    assert appeal.state == State.VENDOR_DELAYED
    # 30 days from the missed due date: Thu 04-30 -> Sat 05-30 -> Mon 06-01
    assert appeal.final_appeal_due_on == date(2026, 6, 1)
    notice = appeal.delay_notice
    assert (notice.notice_date, notice.appeal_deadline, notice.appeal_to) == (
        date(2026, 5, 1),
        date(2026, 6, 1),
        "bureau",
    )


def test_a_good_cause_grant_keeps_the_clock_from_receipt(logged, appeals_officer):
    # received Fri 04-10, good cause granted 19 days later: still due Thu 04-30, not 20 days from the grant
    appeal = logged(date(2026, 4, 10), good_cause_statement="I was in the hospital.")
    decide_good_cause(
        appeal=appeal,
        granted=True,
        reasons="Hospital record.",
        acting_user=appeals_officer,
        today=date(2026, 4, 29),
    )
    assert (appeal.state, appeal.decision_clock_start, appeal.decision_due_on) == (
        State.SCREENED,
        date(2026, 4, 10),
        date(2026, 4, 30),
    )


def test_one_notice_that_cannot_be_issued_never_stops_the_others(
    logged, django_capture_on_commit_callbacks, client, supervisor, applicant_user
):
    # given one appeal whose applicant's name was lost (its notice cannot be issued) due Thu 04-09,
    # and three others due Fri 04-10
    stuck = logged(date(2026, 3, 20))
    Member.objects.filter(application=stuck.application).update(first_name="", last_name="")
    others = [logged(date(2026, 3, 21)) for _ in range(3)]

    # when the sweeps of 04-10 and 04-11 run
    first = sweep(django_capture_on_commit_callbacks, date(2026, 4, 10))
    second = sweep(django_capture_on_commit_callbacks, date(2026, 4, 11))

    # then the three others got their notice; the stuck one is recorded, not lost
    assert (first["vendor_delayed"], second["vendor_delayed"]) == (1, 3)
    for appeal in others:
        appeal.refresh_from_db()
        assert appeal.state == State.VENDOR_DELAYED
        assert appeal.delay_notice is not None
        assert appeal.delay_notice.appeal_deadline == date(2026, 5, 11)  # Fri 04-10 + 30 -> Mon 05-11
    stuck.refresh_from_db()
    assert stuck.delay_notice is None
    assert "recipients[0]" in stuck.notice_error and "name" in stuck.notice_error
    assert stuck.notice_error_at is not None

    # and supervisors see it with the reason
    client.force_login(supervisor)
    page = client.get(reverse("workspaces:supervisor")).content.decode()
    assert stuck.reference in page and "recipients[0]" in page

    # when the record is fixed, a later sweep issues it, with 30 days left from that notice
    Member.objects.filter(application=stuck.application).update(first_name="Ana", last_name="Garcia")
    sweep(django_capture_on_commit_callbacks, date(2026, 5, 4))
    stuck.refresh_from_db()
    assert stuck.delay_notice is not None and stuck.notice_error == ""
    assert stuck.final_appeal_due_on == date(2026, 6, 3)  # Mon 05-04 + 30, not Mon 05-11
    assert stuck.delay_notice.appeal_deadline == date(2026, 6, 3)
    page = client.get(reverse("workspaces:supervisor")).content.decode()
    assert stuck.reference not in page

    # and a final appeal filed within that window is on time
    stuck.application.applicant_user = applicant_user
    stuck.application.save(update_fields=["applicant_user"])
    final = file_final_appeal(
        parent=stuck,
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=date(2026, 6, 3),
    )
    assert final.state == State.SCREENED
