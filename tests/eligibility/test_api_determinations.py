"""The status API shows each determination's inputs, which one stands, and the computation in words."""

from datetime import date, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from eligibility import services
from eligibility.models import EligiblePlan
from hca_portal.dates import LOCAL_TZ
from tests.factories import verify_reported

URL = "/api/v1/applications/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 10)


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def decided(new_application, caseworker, today):
    """A household of 2 with $50,000 a year, decided on March 10 (coverage from April 1)."""
    application = new_application(magi="50000", size=2)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=today)
    return application


def test_a_determination_shows_its_inputs_and_its_computation(caseworker, decided):
    body = as_user(caseworker).get(f"{URL}{decided.pk}/").json()

    (d,) = body["determinations"]
    assert (d["household_size"], d["annual_income"], d["fpl_amount"]) == (2, "50000.00", "21150.00")
    assert (d["plan_year"], d["guidance_effective_date"]) == (2026, "2026-01-01")
    assert (d["applicable_pct"], d["applicable_rule"]) == ("3.456400", "scale_in_band")
    assert (d["benchmark_premium"], d["plan_premium"], d["plan_rule"]) == (
        "520.00",
        "520.00",
        "plan_benchmark_default",
    )
    assert (d["expected_contribution"], d["premium_assistance"], d["enrollee_share"]) == (
        "144.02",
        "375.98",
        "144.02",
    )
    assert (d["decided_by_kind"], d["in_force"], d["superseded_by"], d["ended_on"]) == (
        "person",
        True,
        None,
        None,
    )
    assert d["standing"] == "In force from April 1, 2026."
    assert d["explanation"][0].startswith(
        "Household of 2 people, income counted $50,000 a year = 236.41% of the 2026 poverty level of $21,150"
    )
    assert (
        "Premium assistance: benchmark plan premium $520 − expected contribution $144.02 = $375.98 a month."
        in (d["explanation"])
    )
    assert [p["name"] for p in body["plans"]][0] == "Silver Benchmark"


def test_the_computation_is_in_the_readers_language(caseworker, decided):
    body = as_user(caseworker).get(f"{URL}{decided.pk}/", HTTP_ACCEPT_LANGUAGE="es").json()

    (d,) = body["determinations"]
    assert d["standing"] == "Vigente desde el 1 de abril de 2026."
    assert d["explanation"][0].startswith(
        "Hogar de 2 personas, ingresos contados de $50,000 al año = 236.41% del nivel de pobreza de 2026, "
        "que es de $21,150"
    )
    assert any(
        line.startswith("Asistencia con la prima: prima del plan de referencia $520")
        for line in d["explanation"]
    )


def test_a_plan_choice_supersedes_the_one_in_force(caseworker, decided):
    member = decided.members.get()
    gold = EligiblePlan.objects.get(guidance__plan_year__year=2026, name="Gold Choice")

    response = as_user(caseworker).post(
        f"{URL}{decided.pk}/choose-plan/", {"member": member.pk, "plan": gold.pk}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["members"][0]["chosen_plan"] == gold.pk
    new, old = body["determinations"]
    assert (new["in_force"], new["supersedes"], new["plan"], new["enrollee_share"]) == (
        True,
        old["id"],
        gold.pk,
        "264.02",
    )
    assert (old["in_force"], old["superseded_by"], old["superseded_on"]) == (False, new["id"], "2026-03-10")
    # the choice takes effect with coverage on April 1: the first determination never took effect
    assert old["ended_on"] == "2026-03-31"
    assert old["standing"] == "Superseded on March 10, 2026, before it took effect."


def test_a_plan_of_another_year_is_refused_on_its_field(caseworker, decided):
    other = EligiblePlan.objects.get(guidance__plan_year__year=2027, name="Gold Choice")

    response = as_user(caseworker).post(
        f"{URL}{decided.pk}/choose-plan/",
        {"member": decided.members.get().pk, "plan": other.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "plan" in str(response.json())
    assert decided.determinations.count() == 1


def test_only_staff_who_decide_may_record_a_plan_choice(representative, caseworker, new_application, today):
    application = new_application()
    services.designate_representative(
        application=application,
        representative=representative,
        kind="navigator",
        starts_on=today,
        acting_user=caseworker,
    )

    response = as_user(representative).post(
        f"{URL}{application.pk}/choose-plan/",
        {"member": application.members.get().pk, "plan": None},
        format="json",
    )

    assert response.status_code == 403
