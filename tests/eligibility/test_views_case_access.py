"""Who reaches a case page and its actions: every rule both ways (PRODUCT P7)."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from eligibility.models import ApplicationState, CaseAccessLog
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ
from tests.factories import verify_reported

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield TODAY


@pytest.fixture
def application(new_application):
    return new_application()


@pytest.fixture
def designated(application, representative, caseworker):
    return services.designate_representative(
        application=application,
        representative=representative,
        kind="navigator",
        starts_on=date(2026, 3, 2),
        acting_user=caseworker,
    )


def case_url(application, name="case"):
    return reverse(f"eligibility:{name}", kwargs={"pk": application.pk})


@pytest.mark.django_db
def test_a_caseworker_sees_the_case_and_the_view_is_logged(client, caseworker, application):
    client.force_login(caseworker)

    response = client.get(case_url(application))

    assert response.status_code == 200
    assert "Ana Garcia" in response.content.decode()
    log = CaseAccessLog.objects.get()
    assert (log.application, log.user, log.what) == (application, caseworker, "case")


@pytest.mark.django_db
def test_an_unrelated_representative_gets_404_and_no_log(client, make_user, application, designated):
    client.force_login(make_user(roles.REPRESENTATIVE, username="other-navigator"))

    assert client.get(case_url(application)).status_code == 404
    assert not CaseAccessLog.objects.exists()


@pytest.mark.django_db
def test_an_active_representative_sees_the_case(client, representative, application, designated):
    client.force_login(representative)
    assert client.get(case_url(application)).status_code == 200


@pytest.mark.django_db
def test_a_revoked_representative_is_denied(
    client, representative, caseworker, application, designated, today
):
    services.revoke_representation(representation=designated, revoked_on=today, acting_user=caseworker)
    client.force_login(representative)

    assert client.get(case_url(application)).status_code == 404


@pytest.mark.django_db
def test_a_designation_that_has_not_started_gives_no_access(client, representative, caseworker, application):
    services.designate_representative(
        application=application,
        representative=representative,
        kind="attorney",
        starts_on=date(2026, 3, 11),
        acting_user=caseworker,
    )
    client.force_login(representative)
    assert client.get(case_url(application)).status_code == 404


@pytest.mark.django_db
def test_an_applicant_sees_their_own_case_only(client, applicant_user, new_application):
    own = new_application(applicant_user=applicant_user)
    other = new_application()
    client.force_login(applicant_user)

    assert client.get(case_url(own)).status_code == 200
    assert client.get(case_url(other)).status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client, application):
    response = client.get(case_url(application))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action", ["start_review", "decide", "withdraw", "record_finding", "request_information"]
)
def test_a_representative_may_not_act_for_the_vendor(client, representative, application, designated, action):
    client.force_login(representative)

    response = client.post(case_url(application, action), {"items": "Proof of address"})

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == ApplicationState.RECEIVED


@pytest.mark.django_db
def test_a_representative_of_another_case_gets_404_not_403(client, make_user, application):
    client.force_login(make_user(roles.REPRESENTATIVE, username="stranger"))
    assert client.post(case_url(application, "decide")).status_code == 404


@pytest.mark.django_db
def test_a_caseworker_may_decide(client, caseworker, application):
    client.force_login(caseworker)
    client.post(case_url(application, "start_review"))
    verify_reported(application, caseworker)

    response = client.post(case_url(application, "decide"), {"confirm": "yes"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.DETERMINED


@pytest.mark.django_db
def test_assigning_needs_the_assign_permission(client, caseworker, supervisor, application):
    client.force_login(caseworker)
    assert client.post(case_url(application, "assign"), {"assignee": caseworker.pk}).status_code == 403

    client.force_login(supervisor)
    assert client.post(case_url(application, "assign"), {"assignee": caseworker.pk}).status_code == 302
    application.refresh_from_db()
    assert application.assigned_to == caseworker


@pytest.mark.django_db
def test_buttons_follow_the_state_machine_and_permissions(
    client, caseworker, representative, application, designated
):
    client.force_login(representative)
    assert not any(response_can(client, application).values())

    client.force_login(caseworker)
    can = response_can(client, application)
    assert (can["start_review"], can["decide"], can["withdraw"], can["assign"]) == (True, False, True, False)

    client.post(case_url(application, "start_review"))
    can = response_can(client, application)
    assert (can["start_review"], can["decide"], can["record_finding"]) == (False, True, True)


def response_can(client, application) -> dict:
    can = dict(client.get(case_url(application)).context["can"])
    can.pop("upload")  # a representative may upload documents; tested with evidence
    return can
