"""Good cause, expedite, cure, dismissal, withdrawal and vacating a dismissal: each with its notice."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from appeals.models import Expedite, State
from appeals.services import (
    AppealRequest,
    claim_good_cause,
    cure_appeal,
    decide_expedite,
    decide_good_cause,
    dismiss_appeal,
    log_appeal,
    request_expedite,
    vacate_dismissal,
    withdraw_appeal,
)

pytestmark = pytest.mark.django_db


def _notices(appeal, code):
    return appeal.application.notices.filter(notice_type=code)


@pytest.fixture
def late(file_online):
    return file_online(today=date(2026, 4, 13))  # 4 days after the last day (Thu 4-9)


def test_good_cause_granted_accepts_the_appeal_with_the_clock_from_receipt(
    late, applicant_user, appeals_officer
):
    claim_good_cause(
        appeal=late, statement="I was in the hospital.", acting_user=applicant_user, today=date(2026, 4, 14)
    )
    decide_good_cause(
        appeal=late,
        granted=True,
        reasons="Hospital records.",
        acting_user=appeals_officer,
        today=date(2026, 4, 15),
    )

    assert late.state == State.SCREENED
    assert late.decision_due_on == date(2026, 5, 4)  # Mon 4-13 + 20 = Sun 5-3 -> Mon 5-4
    assert _notices(late, "appeal_good_cause_decision").count() == 1


def test_good_cause_denied_dismisses_with_a_vacate_window(late, applicant_user, appeals_officer):
    claim_good_cause(appeal=late, statement="I forgot.", acting_user=applicant_user, today=date(2026, 4, 14))
    decide_good_cause(
        appeal=late,
        granted=False,
        reasons="Forgetting is not good cause.",
        acting_user=appeals_officer,
        today=date(2026, 4, 15),
    )

    assert (late.state, late.dismissal_reason) == (State.DISMISSED, "untimely")
    assert late.vacate_due_on == date(2026, 5, 15)


def test_the_appellant_may_not_decide_their_own_good_cause(late, applicant_user):
    claim_good_cause(appeal=late, statement="Reasons", acting_user=applicant_user, today=date(2026, 4, 14))
    with pytest.raises(PermissionDenied):
        decide_good_cause(
            appeal=late, granted=True, reasons="r", acting_user=applicant_user, today=date(2026, 4, 14)
        )


def test_a_late_appeal_without_a_claim_can_be_dismissed_by_staff(late, caseworker, applicant_user):
    with pytest.raises(PermissionDenied):
        dismiss_appeal(appeal=late, reason="", acting_user=applicant_user, today=date(2026, 4, 30))
    dismiss_appeal(
        appeal=late, reason="No good cause claimed", acting_user=caseworker, today=date(2026, 4, 30)
    )
    assert late.state == State.DISMISSED
    assert _notices(late, "appeal_dismissal").count() == 1


def test_expedite_denied_moves_to_the_standard_clock_with_a_notice(file_online, appeals_officer):
    appeal = file_online(request=AppealRequest(issues=["eligibility_status"], expedite_reason="Care at risk"))
    assert appeal.decision_due_on == date(2026, 3, 25)

    decide_expedite(
        appeal=appeal,
        granted=False,
        reasons="No risk to ongoing care shown.",
        acting_user=appeals_officer,
        today=date(2026, 3, 23),
    )

    assert appeal.expedite == Expedite.DENIED
    assert (appeal.decision_due_on, appeal.decision_due_rule) == (date(2026, 4, 9), "first_level_decision")
    notice = _notices(appeal, "appeal_expedite_decision").get()
    assert notice.notice_date == date(2026, 3, 23)
    assert "No risk to ongoing care shown." in notice.content["reasons"]


def test_expedite_granted_keeps_the_fast_clock(file_online, appeals_officer):
    appeal = file_online(request=AppealRequest(issues=["eligibility_status"], expedite_reason="Care at risk"))
    decide_expedite(
        appeal=appeal, granted=True, reasons="Dialysis.", acting_user=appeals_officer, today=date(2026, 3, 23)
    )
    assert (appeal.expedite, appeal.decision_due_on) == (Expedite.GRANTED, date(2026, 3, 25))


def test_expedite_requested_after_filing_shortens_the_clock(file_online, applicant_user):
    appeal = file_online()
    request_expedite(appeal=appeal, reason="Surgery", acting_user=applicant_user, today=date(2026, 3, 21))
    assert (appeal.expedite, appeal.decision_due_on) == (Expedite.REQUESTED, date(2026, 3, 25))


@pytest.fixture
def incomplete(denied_case, caseworker):
    application, determination, notice = denied_case
    return log_appeal(
        application=application,
        determination=determination,
        notice_appealed=notice,
        request=AppealRequest(issues=["eligibility_status"], missing_items="Signature"),
        channel="fax",
        received_on=date(2026, 3, 20),
        appellant_kind="applicant",
        appellant_name="Ana Garcia",
        acting_user=caseworker,
        today=date(2026, 3, 20),
    )


def test_cured_appeal_is_screened_with_the_clock_from_the_cure(incomplete, caseworker):
    assert incomplete.cure_due_on == date(2026, 3, 30)  # Fri + 10 = Mon
    cure_appeal(
        appeal=incomplete, received_on=date(2026, 3, 30), acting_user=caseworker, today=date(2026, 3, 31)
    )

    assert incomplete.state == State.SCREENED
    assert incomplete.decision_clock_start == date(2026, 3, 30)
    assert incomplete.decision_due_on == date(2026, 4, 20)  # Mon 3-30 + 20 = Sun 4-19 -> Mon 4-20


def test_cure_after_the_cure_date_is_refused(incomplete, caseworker):
    with pytest.raises(ValidationError) as raised:
        cure_appeal(
            appeal=incomplete, received_on=date(2026, 3, 31), acting_user=caseworker, today=date(2026, 3, 31)
        )
    assert "received_on" in raised.value.message_dict


def test_uncured_appeal_is_dismissed_only_after_the_cure_date(incomplete, caseworker):
    with pytest.raises(ValidationError):
        dismiss_appeal(appeal=incomplete, reason="", acting_user=caseworker, today=date(2026, 3, 30))
    dismiss_appeal(appeal=incomplete, reason="Not completed", acting_user=caseworker, today=date(2026, 3, 31))
    assert (incomplete.state, incomplete.dismissal_reason) == (State.DISMISSED, "incomplete")


def test_withdrawal_by_the_appellant(file_online, applicant_user):
    appeal = file_online()
    withdraw_appeal(appeal=appeal, acting_user=applicant_user, today=date(2026, 3, 26))
    assert (appeal.state, appeal.dismissal_reason) == (State.DISMISSED, "withdrawn")
    assert appeal.vacate_due_on == date(2026, 4, 27)  # Thu 3-26 + 30 = Sat 4-25 -> Mon 4-27


@pytest.fixture
def withdrawn(file_online, applicant_user):
    appeal = file_online()
    return withdraw_appeal(appeal=appeal, acting_user=applicant_user, today=date(2026, 3, 26))


def test_dismissal_vacated_on_the_last_day(withdrawn, appeals_officer):
    vacate_dismissal(
        appeal=withdrawn,
        requested_on=date(2026, 4, 27),
        reasons="Withdrawn by mistake.",
        acting_user=appeals_officer,
        today=date(2026, 4, 28),
    )

    assert withdrawn.state == State.SCREENED
    assert withdrawn.dismissal_reason == ""
    assert withdrawn.decision_due_on == date(2026, 5, 18)  # Tue 4-28 + 20


def test_dismissal_not_vacated_the_day_after(withdrawn, appeals_officer):
    with pytest.raises(ValidationError) as raised:
        vacate_dismissal(
            appeal=withdrawn,
            requested_on=date(2026, 4, 28),
            reasons="Late.",
            acting_user=appeals_officer,
            today=date(2026, 4, 28),
        )
    assert "requested_on" in raised.value.message_dict


def test_vacating_needs_a_decider(withdrawn, applicant_user):
    with pytest.raises(PermissionDenied):
        vacate_dismissal(
            appeal=withdrawn,
            requested_on=date(2026, 4, 1),
            reasons="r",
            acting_user=applicant_user,
            today=date(2026, 4, 1),
        )


def test_every_step_records_actor_and_reason(late, applicant_user, appeals_officer):
    claim_good_cause(appeal=late, statement="Hospital", acting_user=applicant_user, today=date(2026, 4, 14))
    decide_good_cause(
        appeal=late, granted=True, reasons="ok", acting_user=appeals_officer, today=date(2026, 4, 15)
    )

    events = list(late.events.values_list("name", "actor__username", "reason"))
    assert events[-2:] == [
        ("claim_good_cause", "applicant", "Good cause claimed for a late appeal"),
        ("grant_good_cause", "officer", "Good cause granted"),
    ]
    reasons = list(late.history.values_list("history_change_reason", "history_user__username")[:2])
    assert reasons == [
        ("Good cause granted", "officer"),
        ("Good cause claimed for a late appeal", "applicant"),
    ]
