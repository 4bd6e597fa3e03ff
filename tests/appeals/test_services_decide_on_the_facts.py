"""An appeal reversed or modified on the facts records the corrected facts as a correction caused by
the appeal (who: the decider; why: the reasons), and the new determination is computed from them."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from appeals.services import DeterminationChange, decide_appeal
from eligibility.models import Application, ReportedChange

pytestmark = pytest.mark.django_db

DECIDED_ON = date(2026, 3, 25)


def test_income_counted_twice_is_corrected_and_the_figures_recomputed(
    file_online, appeals_officer, denied_case
):
    application, determination, _notice = denied_case
    assert determination.fpl_pct > Decimal("600")  # $95,000 for one person
    appeal = file_online()

    decide_appeal(
        appeal=appeal,
        outcome="reversed",
        reasons="The household income was counted twice.",
        change=DeterminationChange(
            decision="eligible",
            effective_date=date(2026, 4, 1),
            corrected_facts={"annual_magi": Decimal("47500")},
        ),
        acting_user=appeals_officer,
        today=DECIDED_ON,
    )

    new = appeal.new_determination
    # $47,500 / $15,650 = 303.51% FPL; assistance from the sliding scale, no longer $0.00
    assert new.fpl_pct == Decimal("303.51")
    assert new.premium_assistance > Decimal("0")
    assert new.oop_tier
    correction = ReportedChange.objects.get()
    assert (correction.source, correction.appeal_id, correction.state) == ("appeal", appeal.pk, "applied")
    assert (correction.applied_by, correction.why) == (
        appeals_officer,
        "The household income was counted twice.",
    )
    assert correction.previous == {"annual_magi": "95000.00"}
    assert list(correction.determinations.all()) == [new]
    application = Application.objects.get(pk=application.pk)
    assert application.annual_magi == Decimal("47500.00")
    assert application.history.latest().history_user == appeals_officer


def test_an_upheld_decision_does_not_correct_facts(file_online, appeals_officer):
    appeal = file_online()
    with pytest.raises(ValidationError):
        decide_appeal(
            appeal=appeal,
            outcome="upheld",
            reasons="Counted right.",
            change=DeterminationChange(
                decision="eligible",
                effective_date=date(2026, 4, 1),
                corrected_facts={"annual_magi": Decimal("1")},
            ),
            acting_user=appeals_officer,
            today=DECIDED_ON,
        )
    assert not ReportedChange.objects.exists()


def test_a_bad_corrected_fact_names_its_field_and_saves_nothing(file_online, appeals_officer, denied_case):
    appeal = file_online()
    with pytest.raises(ValidationError) as exc:
        decide_appeal(
            appeal=appeal,
            outcome="modified",
            reasons="Household recounted.",
            change=DeterminationChange(
                decision="eligible", effective_date=date(2026, 4, 1), corrected_facts={"household_size": 31}
            ),
            acting_user=appeals_officer,
            today=DECIDED_ON,
        )
    assert set(exc.value.message_dict) == {"household_size"}
    assert not ReportedChange.objects.exists()
    appeal.refresh_from_db()
    assert appeal.new_determination is None


@pytest.fixture
def on_decision_day():
    import time_machine

    from hca_portal.dates import LOCAL_TZ

    with time_machine.travel(datetime(2026, 3, 25, 10, tzinfo=LOCAL_TZ), tick=False):
        yield


def test_the_decider_enters_the_corrected_facts_on_the_page(
    client, file_online, appeals_officer, on_decision_day
):
    appeal = file_online()
    client.force_login(appeals_officer)
    url = reverse("appeals:decide", args=[appeal.pk])
    assert "Corrected annual household income" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "outcome": "upheld",
            "reasons": "Counted right.",
            "annual_magi": "1000",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["annual_magi"]

    response = client.post(
        url,
        {
            "outcome": "reversed",
            "reasons": "Income counted twice.",
            "decision": "eligible",
            "effective_date": "2026-04-01",
            "annual_magi": "47500",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.new_determination.fpl_pct == Decimal("303.51")


def test_the_decider_sends_the_corrected_facts_through_the_api(file_online, appeals_officer, on_decision_day):
    from rest_framework.test import APIClient

    appeal = file_online()
    api = APIClient()
    api.force_authenticate(appeals_officer)
    url = f"/api/v1/appeals/{appeal.pk}/decision/"

    response = api.post(url, {"outcome": "upheld", "reasons": "r", "household_size": 2}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"household_size"}

    response = api.post(
        url,
        {
            "outcome": "modified",
            "reasons": "Two people live in the household.",
            "decision": "ineligible",
            "effective_date": "2026-04-01",
            "household_size": 2,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert ReportedChange.objects.get().facts == {"household_size": 2}
