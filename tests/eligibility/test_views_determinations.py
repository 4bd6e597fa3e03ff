"""The case page shows which determination stands, how each was worked out, and each member's plan."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from eligibility.models import EligiblePlan
from hca_portal.dates import LOCAL_TZ
from tests.factories import verify_reported

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 10)


@pytest.fixture
def decided(new_application, caseworker, today):
    application = new_application(magi="50000", size=2)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=today)
    return application


def test_the_case_page_explains_the_determination_in_force(client, caseworker, decided):
    client.force_login(caseworker)

    html = client.get(decided.get_absolute_url()).content.decode()

    assert "In force from April 1, 2026." in html
    assert (
        "Household of 2 people, income counted $50,000 a year = 236.41% of the 2026 poverty level of $21,150"
        in html
    )
    assert "Expected contribution: 3.4564% of $50,000 a year ÷ 12 = $144.02 a month." in html
    assert "The enrollee pays $520 − $375.98 = $144.02 a month of the plan&#x27;s premium." in html
    assert "Out-of-pocket level: Silver 73 (73% actuarial value)" in html
    assert "Decided by a person on March 10, 2026." in html
    assert "Record a member's plan choice" in html


def test_a_superseded_determination_is_marked(client, caseworker, decided):
    services.reevaluate(
        application=decided,
        acting_user=caseworker,
        today=date(2026, 4, 15),
        effective_date=date(2026, 5, 1),
        reason="Income reported",
    )
    client.force_login(caseworker)

    html = client.get(decided.get_absolute_url()).content.decode()

    assert html.count("In force from") == 1 and "In force from May 1, 2026." in html
    assert "Superseded on April 15, 2026; it was in force from April 1, 2026 to April 30, 2026." in html
    assert ">Superseded</span>" in html


def test_the_case_page_speaks_the_readers_language(client, caseworker, decided):
    client.force_login(caseworker)

    html = client.get(decided.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Vigente desde el 1 de abril de 2026." in html
    assert (
        "Hogar de 2 personas, ingresos contados de $50,000 al año = 236.41% del nivel de pobreza de 2026"
        in html
    )
    assert "Contribución esperada: 3.4564% de $50,000 al año ÷ 12 = $144.02 al mes." in html


def test_staff_record_a_plan_choice_on_the_case_page(client, caseworker, decided):
    client.force_login(caseworker)
    bronze = EligiblePlan.objects.get(guidance__plan_year__year=2026, name="Bronze Saver")

    response = client.post(
        reverse("eligibility:choose_plan", kwargs={"pk": decided.pk}),
        {"member": decided.members.get().pk, "plan": bronze.pk},
        follow=True,
    )

    html = response.content.decode()
    assert "Plan choice saved." in html
    assert "Plan: Example Health Co-op Bronze Saver, the member&#x27;s choice, $395 a month." in html
    assert decided.determinations.count() == 2


def test_a_representative_sees_the_computation_but_may_not_choose(
    client, caseworker, representative, decided, today
):
    services.designate_representative(
        application=decided,
        representative=representative,
        kind="navigator",
        starts_on=today,
        acting_user=caseworker,
    )
    client.force_login(representative)

    html = client.get(decided.get_absolute_url()).content.decode()
    response = client.post(
        reverse("eligibility:choose_plan", kwargs={"pk": decided.pk}),
        {"member": decided.members.get().pk, "plan": ""},
    )

    assert "236.41% of the 2026 poverty level" in html
    assert "Record a member's plan choice" not in html
    assert response.status_code == 403


def test_a_case_the_user_may_not_see_looks_missing(client, representative, decided):
    client.force_login(representative)

    response = client.post(
        reverse("eligibility:choose_plan", kwargs={"pk": decided.pk}),
        {"member": decided.members.get().pk, "plan": ""},
    )

    assert response.status_code == 404
    assert decided.members.get().chosen_plan is None
