"""The intake form: one household and its members through services.create_application."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from eligibility.models import Application, Criterion, FindingStatus
from hca_portal.dates import LOCAL_TZ

INTAKE = reverse("eligibility:intake")
TODAY = datetime(2026, 3, 10, 12, 0, tzinfo=LOCAL_TZ)


def management(total: int) -> dict:
    return {
        "members-TOTAL_FORMS": str(total),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "30",
    }


def payload(**overrides) -> dict:
    data = {
        "received_on": "2026-03-02",
        "channel": "mail",
        "household_size": "2",
        "annual_magi": "30000.00",
        "preferred_language": "es",
        "address_line": "100 Main St",
        "city": "Santa Fe",
        "state_code": "nm",
        "zip_code": "87501",
        "email": "",
        "phone": "",
        **management(2),
        "members-0-first_name": "Ana",
        "members-0-last_name": "Garcia",
        "members-0-date_of_birth": "1998-06-15",
        "members-0-is_applying": "on",
        "members-0-ead_category": "c33",
        "members-0-daca_valid_from": "2025-01-01",
        "members-0-daca_valid_to": "2027-12-31",
        "members-0-has_other_coverage": "false",
        "members-0-is_incarcerated": "false",
        "members-1-first_name": "Luis",
        "members-1-last_name": "Garcia",
        "members-1-date_of_birth": "2020-01-05",
        "members-1-has_other_coverage": "unknown",
        "members-1-is_incarcerated": "unknown",
    }
    data.update(overrides)
    return data


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.mark.django_db
def test_a_caseworker_takes_an_application_and_lands_on_its_case(client, caseworker, today):
    client.force_login(caseworker)

    response = client.post(INTAKE, payload())

    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert (application.plan_year.year, application.received_on, application.channel) == (
        2026,
        date(2026, 3, 2),
        "mail",
    )
    assert (application.household_size, application.annual_magi, application.state_code) == (
        2,
        Decimal("30000.00"),
        "NM",
    )
    ana, luis = application.members.order_by("first_name")
    assert (ana.is_applying, ana.ead_category, ana.has_other_coverage) == (True, "C33", False)
    assert (luis.is_applying, luis.has_other_coverage, luis.is_incarcerated) == (False, None, None)
    # Issue 9 item 4: what the application reports is "not verified yet", never "met".
    assert {f.criterion: f.status for f in ana.findings.all()} == {
        c: FindingStatus.UNVERIFIED for c in Criterion.values
    }
    assert application.history.get().history_user == caseworker


@pytest.mark.django_db
def test_errors_name_the_field_and_nothing_is_saved(client, caseworker, today):
    client.force_login(caseworker)

    response = client.post(
        INTAKE,
        payload(
            household_size="0",
            zip_code="8750",
            **{"members-0-date_of_birth": "2030-01-01", "members-0-daca_valid_to": "2024-01-01"},
        ),
    )

    assert response.status_code == 200
    form, members = response.context["form"], response.context["formset"].forms[0]
    assert set(form.errors) == {"household_size", "zip_code"}
    assert set(members.errors) == {"date_of_birth", "daca_valid_to"}
    html = response.content.decode()
    assert "Household size: " in html and "Date of birth: The date of birth cannot be in the future." in html
    assert 'aria-describedby="id_household_size-error"' in html
    assert 'id="id_household_size-error"' in html
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_date_no_plan_year_covers_is_refused_on_the_received_date(client, caseworker):
    with time_machine.travel(datetime(2028, 3, 1, 12, tzinfo=LOCAL_TZ), tick=False):
        client.force_login(caseworker)
        response = client.post(INTAKE, payload(received_on="2028-02-01"))

    assert "No plan year covers this date" in response.context["form"].errors["received_on"][0]
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_the_service_refusal_is_shown_on_the_field_it_names(client, caseworker, today):
    client.force_login(caseworker)

    response = client.post(INTAKE, payload(household_size="1"))

    assert response.context["form"].errors["household_size"] == [
        "The household is smaller than the number of members listed."
    ]
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_at_least_one_member_is_required(client, caseworker, today):
    client.force_login(caseworker)
    data = {k: v for k, v in payload().items() if not k.startswith("members-")} | management(1)

    response = client.post(INTAKE, data)

    assert response.context["formset"].non_form_errors() or response.context["formset"].forms[0].errors
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_add_another_member_keeps_what_was_typed_without_errors(client, caseworker, today):
    client.force_login(caseworker)

    response = client.post(INTAKE, payload(add_member="1", household_size=""))

    formset = response.context["formset"]
    assert len(formset.forms) == 3
    assert formset.forms[0]["first_name"].value() == "Ana"
    assert not response.context["form"].is_bound
    assert "usa-error-message" not in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_the_form_renders_with_labels(client, caseworker):
    client.force_login(caseworker)
    html = client.get(INTAKE).content.decode()
    assert '<label class="usa-label" for="id_household_size">Household size' in html
    assert 'for="id_members-0-date_of_birth"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["representative", "applicant_user", "appeals_officer"])
def test_only_those_who_take_applications_reach_the_form(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(INTAKE).status_code == 403
    assert client.post(INTAKE, payload()).status_code == 403
