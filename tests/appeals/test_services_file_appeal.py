"""Filing a first-level appeal: who may file, timeliness from the notice date, adverse decisions only."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from appeals.models import AppellantKind, Expedite, State
from appeals.services import AppealRequest, log_appeal
from eligibility import services as eligibility
from eligibility.models import Representation
from hca_portal import roles
from tests.factories import verify_reported

pytestmark = pytest.mark.django_db


def test_applicant_files_online_and_gets_an_acknowledgement(file_online, applicant_user):
    # when: received Fri 2026-03-20 on a notice dated Tue 2026-03-10
    appeal = file_online(today=date(2026, 3, 20))

    # then
    assert appeal.state == State.SCREENED
    assert (appeal.appellant_kind, appeal.appellant_user, appeal.channel) == (
        "applicant",
        applicant_user,
        "online",
    )
    assert appeal.filing_deadline == date(2026, 4, 9)
    assert appeal.decision_due_on == date(2026, 4, 9)
    assert appeal.decision_due_rule == "first_level_decision"
    assert appeal.decision_due_explain == (
        "received Fri 2026-03-20; 20 calendar days; lands on Thu 2026-04-09; due Thu 2026-04-09"
    )
    assert appeal.remind_on == date(2026, 4, 7)
    ack = appeal.application.notices.get(notice_type="appeal_acknowledgement")
    assert ack.notice_date == date(2026, 3, 20)
    assert list(appeal.events.values_list("name", "to_state", "notice")) == [
        ("received", "received", None),
        ("screen_timely", "screened", ack.pk),
    ]
    latest = appeal.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        applicant_user,
        "Filed on time (last day 2026-04-09)",
    )


def test_filed_on_the_last_day_is_timely(file_online):
    assert file_online(today=date(2026, 4, 9)).state == State.SCREENED


def test_filed_the_day_after_is_late_and_waits_for_good_cause(file_online, denied_case):
    appeal = file_online(today=date(2026, 4, 10))

    assert appeal.state == State.LATE
    # issue 9 item 1: the decision clock runs from receipt while good cause is pending (E(4))
    assert appeal.decision_due_on == date(2026, 4, 30)
    assert not denied_case[0].notices.filter(notice_type="appeal_acknowledgement").exists()


def test_late_with_a_reason_claims_good_cause(file_online):
    request = AppealRequest(issues=["eligibility_status"], good_cause_statement="I was in the hospital.")
    appeal = file_online(today=date(2026, 4, 20), request=request)

    assert appeal.state == State.GOOD_CAUSE_CLAIMED
    assert appeal.good_cause_statement == "I was in the hospital."


def test_active_representative_files_and_gets_a_copy(file_online, designated, representative):
    appeal = file_online(user=representative)

    assert appeal.appellant_kind == AppellantKind.REPRESENTATIVE
    ack = appeal.application.notices.get(notice_type="appeal_acknowledgement")
    assert set(ack.recipients.values_list("role", flat=True)) == {"applicant", "representative"}


def test_another_representative_cannot_file(file_online, designated, make_user):
    other = make_user(roles.REPRESENTATIVE, username="other-navigator")
    with pytest.raises(PermissionDenied):
        file_online(user=other)


def test_a_revoked_representative_cannot_file(file_online, designated, representative, caseworker):
    eligibility.revoke_representation(
        representation=designated, revoked_on=date(2026, 3, 15), acting_user=caseworker
    )
    with pytest.raises(PermissionDenied):
        file_online(user=representative, today=date(2026, 3, 20))


def test_staff_cannot_file_online_they_log(file_online, caseworker):
    with pytest.raises(PermissionDenied):
        file_online(user=caseworker)


def test_expedite_requested_at_filing_runs_the_expedited_clock(file_online):
    request = AppealRequest(issues=["eligibility_status"], expedite_reason="Chemotherapy starts next week.")
    appeal = file_online(today=date(2026, 3, 20), request=request)

    assert appeal.expedite == Expedite.REQUESTED
    assert appeal.decision_due_on == date(2026, 3, 25)  # Fri + 3 business days
    assert appeal.decision_due_rule == "first_level_decision_expedited"


def test_filing_twice_is_refused(file_online):
    file_online()
    with pytest.raises(ValidationError) as raised:
        file_online()
    assert "determination" in raised.value.message_dict


def test_a_notice_from_another_case_is_refused(
    file_online, denied_case, new_application, applicant_user, caseworker
):
    from appeals.services import file_appeal

    application, determination, _ = denied_case
    other = new_application(magi="95000.00")
    eligibility.start_review(application=other, acting_user=caseworker)
    verify_reported(other, caseworker)
    eligibility.decide_application(application=other, acting_user=caseworker, today=date(2026, 3, 10))
    with pytest.raises(ValidationError) as raised:
        file_appeal(
            application=application,
            determination=determination,
            notice_appealed=other.notices.get(notice_type="denial"),
            request=AppealRequest(issues=["eligibility_status"]),
            acting_user=applicant_user,
            today=date(2026, 3, 20),
        )
    assert "notice_appealed" in raised.value.message_dict


@pytest.fixture
def approved_case(new_application, caseworker, applicant_user):
    application = new_application(magi="30000.00", applicant_user=applicant_user)
    eligibility.start_review(application=application, acting_user=caseworker)
    verify_reported(application, caseworker)
    [determination] = eligibility.decide_application(
        application=application, acting_user=caseworker, today=date(2026, 3, 10)
    )
    notice = application.notices.exclude(notice_type="information_request").get()
    return application, determination, notice


def test_online_appeal_of_an_approval_status_is_refused(approved_case, applicant_user):
    from appeals.services import file_appeal

    application, determination, notice = approved_case
    with pytest.raises(ValidationError) as raised:
        file_appeal(
            application=application,
            determination=determination,
            notice_appealed=notice,
            request=AppealRequest(issues=["eligibility_status"]),
            acting_user=applicant_user,
            today=date(2026, 3, 20),
        )
    assert "issues" in raised.value.message_dict


def test_an_approval_can_be_appealed_on_the_assistance_tier(approved_case, applicant_user):
    from appeals.services import file_appeal

    application, determination, notice = approved_case
    appeal = file_appeal(
        application=application,
        determination=determination,
        notice_appealed=notice,
        request=AppealRequest(issues=["assistance_tier"]),
        acting_user=applicant_user,
        today=date(2026, 3, 20),
    )
    assert appeal.state == State.SCREENED


def _log(case, caseworker, **overrides):
    application, determination, notice = case
    kwargs = dict(
        application=application,
        determination=determination,
        notice_appealed=notice,
        request=AppealRequest(issues=["eligibility_status"]),
        channel="mail",
        received_on=date(2026, 3, 23),
        appellant_kind="applicant",
        appellant_name="Ana Garcia",
        acting_user=caseworker,
        today=date(2026, 3, 25),
    )
    kwargs.update(overrides)
    return log_appeal(**kwargs)


def test_caseworker_logs_a_mailed_appeal_with_the_day_received(denied_case, caseworker):
    appeal = _log(denied_case, caseworker)

    assert (appeal.channel, appeal.received_on, appeal.filed_by) == ("mail", date(2026, 3, 23), caseworker)
    assert appeal.decision_due_on == date(2026, 4, 13)  # Mon 3-23 + 20 = Sun 4-12 -> Mon 4-13


def test_logged_received_on_the_last_day_is_timely_the_day_after_late(denied_case, caseworker):
    assert (
        _log(denied_case, caseworker, received_on=date(2026, 4, 9), today=date(2026, 4, 14)).state
        == State.SCREENED
    )


def test_logged_received_the_day_after_is_late(denied_case, caseworker):
    assert (
        _log(denied_case, caseworker, received_on=date(2026, 4, 10), today=date(2026, 4, 14)).state
        == State.LATE
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_on": date(2026, 3, 26)}, "received_on"),
        ({"received_on": date(2026, 3, 9)}, "received_on"),
        ({"channel": "online"}, "channel"),
        ({"channel": "carrier pigeon"}, "channel"),
        ({"request": AppealRequest(issues=[])}, "issues"),
        ({"request": AppealRequest(issues=["bogus"])}, "issues"),
        ({"appellant_kind": "neighbour"}, "appellant_kind"),
    ],
)
def test_logging_errors_name_the_field(denied_case, caseworker, overrides, field):
    with pytest.raises(ValidationError) as raised:
        _log(denied_case, caseworker, **overrides)
    assert field in raised.value.message_dict


def test_logging_needs_the_permission(denied_case, representative, designated):
    with pytest.raises(PermissionDenied):
        _log(denied_case, representative)


def test_logged_appeal_of_a_non_adverse_decision_is_dismissed_with_a_notice(approved_case, caseworker):
    appeal = _log(approved_case, caseworker)

    assert appeal.state == State.DISMISSED
    assert appeal.dismissal_reason == "not_adverse"
    assert appeal.vacate_due_on == date(2026, 4, 24)  # Wed 3-25 + 30
    assert approved_case[0].notices.filter(notice_type="appeal_dismissal").count() == 1


def test_logged_incomplete_appeal_gets_a_notice_of_what_is_missing(denied_case, caseworker):
    request = AppealRequest(issues=["eligibility_status"], missing_items="The appellant's signature")
    appeal = _log(denied_case, caseworker, request=request)

    assert appeal.state == State.INCOMPLETE
    assert appeal.cure_due_on == date(2026, 4, 6)  # Wed 3-25 + 10 = Sat 4-4 -> Mon 4-6
    notice = denied_case[0].notices.get(notice_type="appeal_incomplete")
    assert "The appellant's signature" in notice.content["reasons"]


def test_representation_scope_appeals_only_may_file(file_online, denied_case, make_user, caseworker):
    navigator = make_user(roles.REPRESENTATIVE, username="appeals-only")
    eligibility.designate_representative(
        application=denied_case[0],
        representative=navigator,
        kind=Representation.Kind.ATTORNEY,
        scope=Representation.Scope.APPEALS,
        starts_on=date(2026, 3, 1),
        acting_user=caseworker,
    )
    assert file_online(user=navigator).appellant_kind == AppellantKind.REPRESENTATIVE


@pytest.fixture
def waitlisted_case(new_application, caseworker, applicant_user, year2026):
    """Issue 9 item 2: an eligible household placed on the waitlist because the cap is reached."""
    from tests.conftest import set_cap

    set_cap(year2026, 0)
    application = new_application(magi="30000.00", applicant_user=applicant_user)
    verify_reported(application, caseworker)
    [determination] = eligibility.decide_application(
        application=application, acting_user=caseworker, today=date(2026, 3, 10)
    )
    notice = application.notices.get(notice_type="waitlist")
    return application, determination, notice


@pytest.mark.parametrize("issue", ["eligibility_status", "effective_date"])
def test_a_waitlist_placement_can_be_appealed_online(waitlisted_case, applicant_user, issue):
    from appeals.services import file_appeal

    application, determination, notice = waitlisted_case
    appeal = file_appeal(
        application=application,
        determination=determination,
        notice_appealed=notice,
        request=AppealRequest(issues=[issue]),
        acting_user=applicant_user,
        today=date(2026, 3, 20),
    )
    assert appeal.state == State.SCREENED


def test_a_mailed_appeal_of_a_waitlist_placement_is_not_dismissed(waitlisted_case, caseworker):
    appeal = _log(waitlisted_case, caseworker)

    assert appeal.state == State.SCREENED
    assert appeal.dismissal_reason == ""
