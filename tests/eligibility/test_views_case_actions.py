"""Case page actions: review, findings, requests, decisions, enrollments, representatives, history."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from eligibility.models import (
    ApplicationState,
    Criterion,
    Enrollment,
    EnrollmentState,
    FindingStatus,
    InformationRequest,
    Representation,
)
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ
from tests.conftest import set_cap
from tests.factories import verify_reported


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 10)


@pytest.fixture
def reviewing(new_application, caseworker, client):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    client.force_login(caseworker)
    return application


def url(application, name, **kwargs):
    return reverse(f"eligibility:{name}", kwargs={"pk": application.pk, **kwargs})


@pytest.mark.django_db
def test_recording_a_finding_shows_its_plain_language_reason(client, reviewing):
    member = reviewing.members.get()

    response = client.post(
        url(reviewing, "record_finding"),
        {
            "member": member.pk,
            "criterion": Criterion.RESIDENCY,
            "status": FindingStatus.NEEDS_INFORMATION,
            "reason_code": "residency_unknown",
            "note": "Address is a PO box",
        },
        follow=True,
    )

    assert "We need proof that you live in New Mexico" in response.content.decode()
    assert member.findings.get(criterion=Criterion.RESIDENCY).status == FindingStatus.NEEDS_INFORMATION


@pytest.mark.django_db
def test_a_reason_of_another_criterion_is_refused_on_the_reason_field(client, reviewing):
    response = client.post(
        url(reviewing, "record_finding"),
        {
            "member": reviewing.members.get().pk,
            "criterion": Criterion.RESIDENCY,
            "status": FindingStatus.MET,
            "reason_code": "daca_verified",
        },
    )

    assert response.status_code == 200
    assert response.context["finding_form"].errors["reason_code"] == [
        "Choose a reason that belongs to this criterion and status."
    ]


@pytest.mark.django_db
def test_a_member_of_another_case_cannot_be_chosen(client, reviewing, new_application):
    other_member = new_application().members.get()

    response = client.post(
        url(reviewing, "record_finding"),
        {"member": other_member.pk, "criterion": "daca", "status": "met", "reason_code": "daca_verified"},
    )

    assert "member" in response.context["finding_form"].errors


@pytest.mark.django_db
def test_a_request_for_information_waits_on_the_applicant(client, reviewing):
    empty = client.post(url(reviewing, "request_information"), {"items": ""})
    assert "items" in empty.context["request_form"].errors

    client.post(url(reviewing, "request_information"), {"items": "Proof of address"})

    reviewing.refresh_from_db()
    rfi = InformationRequest.objects.get()
    assert (reviewing.state, reviewing.next_due_on) == (ApplicationState.AWAITING_INFORMATION, rfi.due_on)
    client.post(url(reviewing, "receive_information", request_pk=rfi.pk))
    reviewing.refresh_from_db()
    assert reviewing.state == ApplicationState.IN_REVIEW


@pytest.mark.django_db
def test_deciding_shows_the_determination_enrollment_notices_and_history(client, reviewing, caseworker):
    verify_reported(reviewing, caseworker)
    response = client.post(url(reviewing, "decide"), {"confirm": "yes"}, follow=True)

    html = response.content.decode()
    determination = reviewing.determinations.get()
    assert f"{determination.fpl_pct}%" in html and f"${determination.premium_assistance}" in html
    assert determination.oop_tier in html
    assert "Enrolled" in html
    assert response.context["notices"].count() == 1
    history = response.context["history"]
    assert [h["at"] for h in history] == sorted((h["at"] for h in history), reverse=True)
    assert history[0]["user"] == caseworker
    assert {"Eligibility decided", "Review started", "Application received (online)"} <= {
        h["reason"] for h in history
    }


@pytest.mark.django_db
def test_refusal_of_a_decision_is_shown_as_a_message(client, reviewing):
    member = reviewing.members.get()
    services.record_finding(
        member=member,
        criterion="income",
        status="needs_information",
        reason_code="income_unknown",
        acting_user=None,
    )

    response = client.post(url(reviewing, "decide"), {"confirm": "yes"}, follow=True)

    assert "some criteria are not verified yet or still need information" in response.content.decode()
    reviewing.refresh_from_db()
    assert reviewing.state == ApplicationState.IN_REVIEW


@pytest.mark.django_db
def test_an_offer_is_accepted_and_an_enrollment_terminated(
    client, new_application, caseworker, year2026, today
):
    set_cap(year2026, 1)
    first, second = new_application(), new_application()
    for application in (first, second):
        services.start_review(application=application, acting_user=caseworker)
        verify_reported(application, caseworker)
        services.decide_application(application=application, acting_user=caseworker, today=today)
    enrolled, waiting = (
        Enrollment.objects.get(member__application=first),
        Enrollment.objects.get(member__application=second),
    )
    assert waiting.state == EnrollmentState.WAITLISTED
    client.force_login(caseworker)

    client.post(url(first, "terminate", enrollment_pk=enrolled.pk), {"reason_code": "end_incarcerated"})
    waiting.refresh_from_db()
    assert waiting.state == EnrollmentState.OFFERED
    page = client.get(url(second, "case"))
    assert page.context["enrollments"][0]["accept"] and page.context["enrollments"][0]["decline"]
    # staff record an answer received by phone, with the day it came
    client.post(
        url(second, "accept_offer", enrollment_pk=waiting.pk), {"channel": "phone", "received_on": today}
    )

    enrolled.refresh_from_db()
    waiting.refresh_from_db()
    assert (enrolled.state, waiting.state) == (EnrollmentState.TERMINATED, EnrollmentState.ENROLLED)


@pytest.mark.django_db
def test_an_enrollment_of_another_case_is_not_found(client, new_application, caseworker, today):
    other = new_application()
    services.start_review(application=other, acting_user=caseworker)
    verify_reported(other, caseworker)
    services.decide_application(application=other, acting_user=caseworker, today=today)
    mine = new_application()
    client.force_login(caseworker)

    enrollment = Enrollment.objects.get(member__application=other)
    assert client.post(url(mine, "accept_offer", enrollment_pk=enrollment.pk)).status_code == 404


@pytest.mark.django_db
def test_staff_designate_and_revoke_a_representative(client, reviewing, representative, today):
    response = client.post(
        url(reviewing, "designate_representative"),
        {
            "representative": representative.pk,
            "kind": "navigator",
            "scope": "full",
            "starts_on": "2026-03-10",
        },
    )
    assert response.status_code == 302
    representation = Representation.objects.get()
    assert representation.is_active_on(today)

    client.post(url(reviewing, "revoke_representative", representation_pk=representation.pk))

    representation.refresh_from_db()
    assert representation.revoked_on == today


@pytest.mark.django_db
def test_a_designation_ending_before_it_starts_is_refused_on_the_end_date(client, reviewing, representative):
    response = client.post(
        url(reviewing, "designate_representative"),
        {
            "representative": representative.pk,
            "kind": "navigator",
            "scope": "full",
            "starts_on": "2026-03-10",
            "ends_on": "2026-03-01",
        },
    )
    assert response.context["representative_form"].errors["ends_on"]
    assert not Representation.objects.exists()


@pytest.mark.django_db
def test_withdrawing_a_case(client, reviewing):
    client.post(url(reviewing, "withdraw"))
    reviewing.refresh_from_db()
    assert reviewing.state == ApplicationState.WITHDRAWN
    assert not client.get(url(reviewing, "case")).context["can"]["withdraw"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["start_review", "decide", "withdraw", "record_finding", "assign"])
def test_actions_are_post_only(client, reviewing, name):
    assert client.get(url(reviewing, name)).status_code == 405


@pytest.mark.django_db
def test_deciding_asks_to_confirm_a_summary_of_findings_and_figures_first(client, reviewing, caseworker):
    # Issue 9 item 4: the decide button leads to a page to confirm; a POST without it decides nothing.
    assert client.post(url(reviewing, "decide")).url == url(reviewing, "confirm_decision")
    reviewing.refresh_from_db()
    assert reviewing.state == ApplicationState.IN_REVIEW

    unverified = client.get(url(reviewing, "confirm_decision")).content.decode()
    assert "Not verified yet" in unverified and "Cannot be decided yet" in unverified
    assert 'name="confirm"' not in unverified

    verify_reported(reviewing, caseworker)
    page = client.get(url(reviewing, "confirm_decision"))
    html = page.content.decode()
    # 2026 example guidance, MAGI 30,000 for one: 191.69% FPL, $478.31 a month, Silver 87, from April 1
    assert "191.69%" in html and "$478.31" in html and "Silver 87" in html
    assert page.context["summary"]["effective_date"] == date(2026, 4, 1)
    assert "USCIS approval notice or work permit (category C33) on file" in html
    assert 'name="confirm" value="yes"' in html
    reviewing.refresh_from_db()
    assert reviewing.state == ApplicationState.IN_REVIEW


@pytest.mark.django_db
def test_the_applicant_accepts_an_offer_from_their_page(
    client, new_application, caseworker, applicant_user, make_user, year2026, today
):
    # Issue 9 item 6: the offer notice says to accept online from their page; it works.
    set_cap(year2026, 0)
    application = new_application(applicant_user=applicant_user)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=today)
    set_cap(year2026, 1)
    (offer,) = services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=today)

    client.force_login(make_user(roles.APPLICANT, username="someone-else"))
    assert client.post(url(application, "accept_offer", enrollment_pk=offer.pk)).status_code == 404

    client.force_login(applicant_user)
    page = client.get(url(application, "case"))
    html = page.content.decode()
    assert "Accept the offer" in html and "answer by March 25, 2026" in html.replace("\xa0", " ")
    client.post(url(application, "accept_offer", enrollment_pk=offer.pk))

    offer.refresh_from_db()
    assert offer.state == EnrollmentState.ENROLLED
    assert application.notices.filter(notice_type="approval").count() == 1
