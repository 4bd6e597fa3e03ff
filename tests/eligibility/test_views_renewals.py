"""The renewals pages: the program administrator starts a run and follows its progress; supervisors
see failures with their reason and retry them; others are refused (PRODUCT P11)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from eligibility.models import CriterionFinding, FindingStatus, RenewalRun, RenewalStatus
from tests.factories import plan_year, verify_reported

pytestmark = pytest.mark.django_db

NOVEMBER = datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("America/Denver"))


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(NOVEMBER, tick=False):
        yield


@pytest.fixture
def enrolled(new_application, caseworker, year2026):
    def make(magi="30000.00"):
        application = new_application(magi=magi)
        verify_reported(application, caseworker)
        services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
        return application

    return make


def _progress(response) -> dict:
    html = response.content.decode()
    labels = ("Households to renew", "Renewed", "Failed", "Remaining")
    return {label: html.split(f"<dt>{label}</dt><dd>")[1].split("<")[0] for label in labels}


def test_program_administrator_starts_the_run_and_follows_its_progress(
    client, program_admin, enrolled, django_capture_on_commit_callbacks
):
    household = enrolled()
    client.force_login(program_admin)

    # the renewals page offers 2027, whose guidance is entered
    page = client.get(reverse("eligibility:renewals"))
    assert page.status_code == 200 and "Start renewals into 2027" in page.content.decode()

    # starting it renews the household through the jobs (run eagerly here) and shows the run
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("eligibility:start_renewals"), {"plan_year": plan_year(2027).pk})
    run = RenewalRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    assert household.renewals.get().status == RenewalStatus.RENEWED

    progress = client.get(run.get_absolute_url())
    assert _progress(progress) == {
        "Households to renew": "1",
        "Renewed": "1",
        "Failed": "0",
        "Remaining": "0",
    }
    # the program page shows the run too
    assert "Into plan year 2027" in client.get(reverse("workspaces:program")).content.decode()


def test_progress_is_polled_while_households_remain(client, program_admin, enrolled):
    enrolled()
    run = services.start_renewal_run(
        plan_year=plan_year(2027), acting_user=program_admin, today=date(2026, 11, 16)
    )
    client.force_login(program_admin)

    page = client.get(run.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 5s"' in page
    part = client.get(run.get_absolute_url(), headers={"HX-Request": "true"})
    assert _progress(part) == {"Households to renew": "1", "Renewed": "0", "Failed": "0", "Remaining": "1"}
    assert "<h1" not in part.content.decode()
    # the part keeps polling while households remain, and stops once none do
    assert 'hx-trigger="every 5s"' in part.content.decode()
    services.renew_household(renewal_id=run.renewals.get().pk, today=date(2026, 11, 16))
    done = client.get(run.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done


def test_supervisor_sees_a_failure_with_its_reason_and_retries_it(
    client, supervisor, program_admin, enrolled, django_capture_on_commit_callbacks
):
    # given: a run where one household failed (a criterion needs information)
    household = enrolled()
    CriterionFinding.objects.filter(member__application=household, criterion="residency").update(
        status=FindingStatus.NEEDS_INFORMATION, reason_code="residency_needs_proof"
    )
    run = services.start_renewal_run(
        plan_year=plan_year(2027), acting_user=program_admin, today=date(2026, 11, 16)
    )
    renewal = run.renewals.get()
    services.renew_household(renewal_id=renewal.pk, today=date(2026, 11, 16))
    client.force_login(supervisor)

    # then: the supervisor's page and the run's page name the case and the reason, not the person
    reason = "A criterion is not verified or still needs information"
    team = client.get(reverse("workspaces:supervisor")).content.decode()
    assert household.reference in team and reason in team and "Garcia" not in team
    page = client.get(run.get_absolute_url()).content.decode()
    assert household.reference in page and reason in page

    # when: the case is fixed and the supervisor retries it
    CriterionFinding.objects.filter(member__application=household, criterion="residency").update(
        status=FindingStatus.MET, reason_code="resident_attested"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("eligibility:retry_renewals", args=[run.pk]), {"renewal": [str(renewal.pk)]}
        )

    # then: it is renewed (the job runs eagerly here)
    assert response.status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.RENEWED and renewal.attempts == 2


def test_a_retry_with_nothing_chosen_says_so(client, supervisor, program_admin, enrolled):
    enrolled()
    run = services.start_renewal_run(
        plan_year=plan_year(2027), acting_user=program_admin, today=date(2026, 11, 16)
    )
    client.force_login(supervisor)

    response = client.post(
        reverse("eligibility:retry_renewals", args=[run.pk]), {"renewal": ["not-an-id"]}, follow=True
    )

    assert "Choose at least one failed renewal to retry." in response.content.decode()


def test_only_the_program_administrator_starts_and_caseworkers_see_nothing(
    client, supervisor, caseworker, enrolled
):
    enrolled()
    client.force_login(supervisor)
    assert client.get(reverse("eligibility:renewals")).status_code == 200
    assert "Start renewals" not in client.get(reverse("eligibility:renewals")).content.decode()
    assert (
        client.post(reverse("eligibility:start_renewals"), {"plan_year": plan_year(2027).pk}).status_code
        == 403
    )
    assert not RenewalRun.objects.exists()

    client.force_login(caseworker)
    assert client.get(reverse("eligibility:renewals")).status_code == 403


def test_starting_without_the_new_years_guidance_names_what_is_missing(client, program_admin, enrolled):
    from eligibility.models import Guidance

    enrolled()
    Guidance.objects.filter(plan_year__year=2027).delete()
    client.force_login(program_admin)

    page = client.get(reverse("eligibility:renewals")).content.decode()
    assert "not entered yet" in page and "Start renewals into 2027" not in page
    response = client.post(
        reverse("eligibility:start_renewals"), {"plan_year": plan_year(2027).pk}, follow=True
    )
    assert "whose guidance is not entered yet" in response.content.decode()
    assert not RenewalRun.objects.exists()
