"""Review: findings, requests for information, the no-response denial, withdrawal, and their history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from eligibility import services
from eligibility.models import ApplicationState, Criterion, FindingStatus, InformationRequest

from ..factories import member_input, verify_reported

TODAY = date(2026, 3, 10)


@pytest.mark.django_db
def test_intake_evaluates_every_criterion_and_meets_none_without_a_basis(new_application):
    # Issue 9 item 4 changed this expectation: intake used to record all five criteria as met, with
    # reasons such as "we confirmed your DACA status with your USCIS approval notice", before any
    # document existed. What the application reports is now "not verified yet".
    application = new_application()
    member = application.members.get()
    findings = {f.criterion: (f.status, f.reason_code) for f in member.findings.all()}
    assert findings == {
        "daca": (FindingStatus.UNVERIFIED, "daca_unverified"),
        "no_other_coverage": (FindingStatus.UNVERIFIED, "other_coverage_unverified"),
        "residency": (FindingStatus.UNVERIFIED, "residency_unverified"),
        "not_incarcerated": (FindingStatus.UNVERIFIED, "incarceration_unverified"),
        "income": (FindingStatus.UNVERIFIED, "income_unverified"),
    }
    assert set(findings) == set(Criterion.values)
    assert application.history.first().history_change_reason == "Application received (online)"


@pytest.mark.django_db
def test_unknown_coverage_needs_information_and_blocks_the_decision(new_application, caseworker):
    # Coverage not answered: the criterion needs information.
    application = new_application(members=[member_input("Wen", last_name="Li", has_other_coverage=None)])
    services.start_review(application=application, acting_user=caseworker)
    with pytest.raises(ValidationError) as raised:
        services.decide_application(application=application, acting_user=caseworker, today=TODAY)
    assert "findings" in raised.value.message_dict
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW
    assert not application.determinations.exists()


@pytest.mark.django_db
def test_request_for_information_sets_a_due_date_and_a_notice(new_application, caseworker):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    # Tue 2026-03-10 + 30 calendar days = Thu 2026-04-09
    rfi = services.request_information(
        application=application, items="Proof of address", acting_user=caseworker, today=TODAY
    )
    application.refresh_from_db()
    assert rfi.due_on == date(2026, 4, 9)
    assert application.state == ApplicationState.AWAITING_INFORMATION
    assert application.next_due_on == date(2026, 4, 9)
    assert application.notices.filter(notice_type="information_request").count() == 1
    history = application.history.first()
    assert (history.history_user, history.history_change_reason) == (caseworker, "Information requested")


@pytest.mark.django_db
def test_an_unanswered_request_is_denied_the_day_after_it_is_due_once(new_application, caseworker):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    services.request_information(
        application=application, items="Proof of address", acting_user=caseworker, today=TODAY
    )

    assert (
        services.expire_information_requests(today=date(2026, 4, 9)) == 0
    )  # the due date itself: still open
    assert services.expire_information_requests(today=date(2026, 4, 10)) == 1
    assert services.expire_information_requests(today=date(2026, 4, 10)) == 0  # a second sweep does nothing

    application.refresh_from_db()
    assert application.state == ApplicationState.DETERMINED
    determination = application.determinations.get()
    assert determination.decision == "ineligible"
    assert determination.reason_codes == ["no_response_to_request"]
    assert application.information_requests.get().status == InformationRequest.Status.EXPIRED
    assert application.notices.filter(notice_type="denial").count() == 1


@pytest.mark.django_db
def test_answered_request_returns_to_review(new_application, caseworker):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    rfi = services.request_information(
        application=application, items="Pay stubs", acting_user=caseworker, today=TODAY
    )
    services.receive_information(request=rfi, acting_user=caseworker, today=date(2026, 3, 20))
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW
    assert application.next_due_on is None
    assert services.expire_information_requests(today=date(2026, 5, 1)) == 0


@pytest.mark.django_db
def test_caseworker_finding_needs_a_reason_of_its_criterion(new_application, caseworker):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    member = application.members.get()
    with pytest.raises(ValidationError) as raised:
        services.record_finding(
            member=member,
            criterion="residency",
            status="met",
            reason_code="income_over_limit",
            acting_user=caseworker,
        )
    assert "reason_code" in raised.value.message_dict
    finding = services.record_finding(
        member=member,
        criterion="residency",
        status="not_met",
        reason_code="not_resident_nm",
        acting_user=caseworker,
    )
    assert finding.recorded_by == caseworker
    verify_reported(application, caseworker)
    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=TODAY
    )
    assert determination.decision == "ineligible"
    assert determination.reason_codes == ["not_resident_nm"]


@pytest.mark.django_db
def test_withdrawn_application_cannot_be_decided(new_application, caseworker):
    application = new_application()
    services.withdraw_application(application=application, acting_user=caseworker)
    with pytest.raises(ValidationError):
        services.decide_application(application=application, acting_user=caseworker, today=TODAY)
