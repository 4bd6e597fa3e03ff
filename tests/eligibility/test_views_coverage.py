"""Ending, reinstating and answering offers from the pages (issue 10 items 4-5): the case page for
staff, the applicant's and representative's own pages for the parties (PRODUCT P4, P7, P11)."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from eligibility.models import Enrollment, EnrollmentState
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ
from tests.conftest import set_cap
from tests.factories import verify_reported

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield TODAY


def url(application, name, **kwargs):
    return reverse(f"eligibility:{name}", kwargs={"pk": application.pk, **kwargs})


def _decided(new_application, caseworker, **kwargs):
    application = new_application(**kwargs)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=TODAY)
    return application


def _place(application) -> Enrollment:
    return Enrollment.objects.filter(member__application=application).latest("created_at")


@pytest.fixture
def holder_and_waiting(new_application, caseworker, applicant_user, year2026):
    set_cap(year2026, 1)
    holder = _decided(new_application, caseworker)
    waiting = _decided(new_application, caseworker, applicant_user=applicant_user)
    return holder, waiting


def test_a_caseworker_ends_coverage_with_a_coded_reason(client, caseworker, holder_and_waiting):
    holder, waiting = holder_and_waiting
    client.force_login(caseworker)
    page = client.get(url(holder, "case")).content.decode()
    assert "End the coverage of" in page and "Moved out of New Mexico" in page

    response = client.post(
        url(holder, "terminate", enrollment_pk=_place(holder).pk),
        {"reason_code": "end_moved_out_of_state", "last_day": ""},
        follow=True,
    )

    html = response.content.decode()
    assert "Coverage ended." in html and "Ended: Moved out of New Mexico" in html
    assert "Advance notice ran to March 20, 2026." in html.replace("\xa0", " ")
    assert _place(holder).ended_on == date(2026, 3, 31)
    assert _place(waiting).state == EnrollmentState.OFFERED


def test_an_end_too_early_is_refused_on_its_field_and_nothing_is_saved(
    client, caseworker, holder_and_waiting
):
    holder, waiting = holder_and_waiting
    client.force_login(caseworker)

    response = client.post(
        url(holder, "terminate", enrollment_pk=_place(holder).pk),
        {"reason_code": "end_daca_ended", "last_day": "2026-03-15"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Last day of coverage (optional): This end needs 10 days" in html
    assert _place(holder).state == EnrollmentState.ENROLLED
    assert _place(waiting).state == EnrollmentState.WAITLISTED


def test_a_caseworker_reinstates_ended_coverage(client, caseworker, holder_and_waiting):
    holder, _waiting = holder_and_waiting
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_other_coverage", acting_user=caseworker, today=TODAY
    )
    client.force_login(caseworker)

    response = client.post(
        url(holder, "reinstate", enrollment_pk=_place(holder).pk),
        {"reason_code": "reinstate_ended_in_error"},
        follow=True,
    )

    assert "Coverage reinstated." in response.content.decode()
    assert _place(holder).state == EnrollmentState.ENROLLED
    assert holder.notices.filter(notice_type="reinstatement").count() == 1


def test_the_applicant_may_neither_end_nor_reinstate(client, caseworker, applicant_user, holder_and_waiting):
    _holder, waiting = holder_and_waiting
    set_cap(waiting.plan_year, 2)
    services.guidance_changed(plan_year=waiting.plan_year, acting_user=caseworker, today=TODAY)
    services.accept_offer(enrollment=_place(waiting), acting_user=applicant_user, today=TODAY)
    client.force_login(applicant_user)

    response = client.post(
        url(waiting, "terminate", enrollment_pk=_place(waiting).pk), {"reason_code": "end_request"}
    )

    assert response.status_code == 403
    assert _place(waiting).state == EnrollmentState.ENROLLED


def test_staff_record_an_answer_by_mail_with_its_date(client, caseworker, holder_and_waiting):
    holder, waiting = holder_and_waiting
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_request", acting_user=caseworker, today=TODAY
    )
    client.force_login(caseworker)
    page = client.get(url(waiting, "case")).content.decode()
    assert "received by phone, mail or in person" in page

    missing = client.post(
        url(waiting, "decline_offer", enrollment_pk=_place(waiting).pk), {"received_on": "2026-03-10"}
    )
    assert "How the answer reached us: This field is required." in missing.content.decode()
    assert _place(waiting).state == EnrollmentState.OFFERED

    client.post(
        url(waiting, "decline_offer", enrollment_pk=_place(waiting).pk),
        {"channel": "mail", "received_on": "2026-03-10"},
    )
    place = _place(waiting)
    assert (place.state, place.reply_channel, place.replied_on) == ("declined", "mail", TODAY)


def test_the_applicant_accepts_from_their_own_page(client, caseworker, applicant_user, holder_and_waiting):
    holder, waiting = holder_and_waiting
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_request", acting_user=caseworker, today=TODAY
    )
    client.force_login(applicant_user)
    mine = reverse("workspaces:applicant")
    page = client.get(mine).content.decode().replace("\xa0", " ")
    assert "An offer of a place waiting for your answer" in page and "Answer by March 25, 2026" in page

    response = client.post(
        url(waiting, "accept_offer", enrollment_pk=_place(waiting).pk), {"next": mine}, follow=True
    )

    assert response.redirect_chain[-1][0] == mine
    assert "Offer accepted." in response.content.decode()
    place = _place(waiting)
    assert (place.state, place.reply_channel) == (EnrollmentState.ENROLLED, "online")
    assert "An offer of a place waiting" not in response.content.decode()


def test_an_answer_never_redirects_off_the_site(client, caseworker, applicant_user, holder_and_waiting):
    holder, waiting = holder_and_waiting
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_request", acting_user=caseworker, today=TODAY
    )
    client.force_login(applicant_user)
    response = client.post(
        url(waiting, "decline_offer", enrollment_pk=_place(waiting).pk),
        {"next": "https://evil.example/", "confirm": "yes"},
    )
    assert response["Location"] == waiting.get_absolute_url()


def test_the_representative_answers_for_a_client_but_not_for_others(
    client, caseworker, representative, holder_and_waiting, make_user
):
    holder, waiting = holder_and_waiting
    services.designate_representative(
        application=waiting,
        representative=representative,
        kind="navigator",
        starts_on=TODAY,
        acting_user=caseworker,
    )
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_request", acting_user=caseworker, today=TODAY
    )
    client.force_login(make_user(roles.REPRESENTATIVE, username="other-navigator"))
    assert client.post(url(waiting, "accept_offer", enrollment_pk=_place(waiting).pk)).status_code == 404
    assert client.get(reverse("workspaces:representative")).content.decode().count("Accept the offer") == 0

    client.force_login(representative)
    page = client.get(reverse("workspaces:representative")).content.decode()
    assert "Offers of a place waiting for an answer" in page
    client.post(url(waiting, "accept_offer", enrollment_pk=_place(waiting).pk), {"next": "/clients/"})
    assert (_place(waiting).state, _place(waiting).reply_channel) == (EnrollmentState.ENROLLED, "online")


def test_declining_online_takes_a_deliberate_second_step(
    client, caseworker, applicant_user, holder_and_waiting
):
    holder, waiting = holder_and_waiting
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_request", acting_user=caseworker, today=TODAY
    )
    client.force_login(applicant_user)
    mine = reverse("workspaces:applicant")
    assert "Yes, decline the offer" in client.get(mine).content.decode()

    unconfirmed = client.post(
        url(waiting, "decline_offer", enrollment_pk=_place(waiting).pk), {"next": mine}, follow=True
    )
    assert "To decline the offer, confirm it" in unconfirmed.content.decode()
    assert _place(waiting).state == EnrollmentState.OFFERED

    client.post(
        url(waiting, "decline_offer", enrollment_pk=_place(waiting).pk), {"next": mine, "confirm": "yes"}
    )
    assert (_place(waiting).state, _place(waiting).reply_channel) == (EnrollmentState.DECLINED, "online")
