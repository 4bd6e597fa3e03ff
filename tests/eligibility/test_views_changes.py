"""Changes on the pages: the applicant reports one from their page with a document; the caseworker sees
it on the case page, applies it (redetermination) or records a correction; access both ways."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from eligibility import services
from eligibility.models import Application, ChangeKind, ReportedChange
from hca_portal.dates import LOCAL_TZ

from ..factories import pdf_file, verify_reported

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 4, 20, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 4, 20)


@pytest.fixture
def decided(new_application, caseworker, applicant_user):
    application = new_application(magi="30000.00", applicant_user=applicant_user)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
    return application


def kind(code):
    return ChangeKind.objects.get(code=code)


def test_the_applicant_reports_a_change_with_a_document(client, decided, applicant_user):
    client.force_login(applicant_user)
    page = client.get(reverse("workspaces:applicant"))
    url = reverse("eligibility:report_change", kwargs={"pk": decided.pk})
    assert url in page.content.decode()

    response = client.post(
        url,
        {
            "kind": kind("income").pk,
            "event_on": "2026-04-15",
            "annual_magi": "41000",
            "why": "New job.",
            "document_kind": "income",
            "document": SimpleUploadedFile("stub.pdf", pdf_file(), "application/pdf"),
        },
    )

    assert response.status_code == 302
    change = ReportedChange.objects.get()
    assert (change.source, change.facts, change.documents.count()) == (
        "applicant",
        {"annual_magi": "41000.00"},
        1,
    )
    # corrections are for staff: the applicant's form does not offer them
    form = client.get(url).context["form"]
    assert not form.fields["kind"].queryset.filter(is_correction=True).exists()


def test_a_missing_fact_is_named_on_the_form_and_nothing_is_saved(client, decided, applicant_user):
    client.force_login(applicant_user)
    url = reverse("eligibility:report_change", kwargs={"pk": decided.pk})

    response = client.post(url, {"kind": kind("income").pk, "event_on": "2026-04-15"})

    assert response.status_code == 200
    assert "annual_magi" in response.context["form"].errors
    assert not ReportedChange.objects.exists()


def test_someone_elses_case_is_not_found(client, decided, make_user):
    from hca_portal import roles

    stranger = make_user(roles.APPLICANT, username="stranger")
    client.force_login(stranger)
    url = reverse("eligibility:report_change", kwargs={"pk": decided.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": kind("income").pk}).status_code == 404


def test_the_caseworker_applies_a_reported_change_from_the_case_page(
    client, decided, caseworker, applicant_user
):
    change = services.report_change(
        application=decided,
        kind=kind("income"),
        facts={"annual_magi": "20000"},
        event_on=date(2026, 4, 15),
        acting_user=applicant_user,
        today=date(2026, 4, 20),
    )
    client.force_login(caseworker)
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "Income changed" in page
    apply_url = reverse("eligibility:apply_change", kwargs={"pk": decided.pk, "change_pk": change.pk})
    assert apply_url in page

    response = client.post(apply_url)

    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == "applied"
    assert decided.notices.filter(notice_type="change").exists()


def test_the_applicant_may_not_apply_a_change(client, decided, applicant_user):
    change = services.report_change(
        application=decided,
        kind=kind("income"),
        facts={"annual_magi": "20000"},
        event_on=date(2026, 4, 15),
        acting_user=applicant_user,
        today=date(2026, 4, 20),
    )
    client.force_login(applicant_user)
    url = reverse("eligibility:apply_change", kwargs={"pk": decided.pk, "change_pk": change.pk})
    assert client.post(url).status_code == 403
    assert ReportedChange.objects.get().state == "reported"


def test_the_caseworker_records_a_correction_applied_at_once(client, decided, caseworker):
    client.force_login(caseworker)
    url = reverse("eligibility:report_change", kwargs={"pk": decided.pk})

    response = client.post(
        url,
        {
            "kind": kind("intake_correction").pk,
            "event_on": "2026-04-20",
            "household_size": "2",
            "why": "Intake typed 1; the application lists 2.",
        },
    )

    assert response.status_code == 302
    assert Application.objects.get(pk=decided.pk).household_size == 2
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "Intake typed 1; the application lists 2." in page
    assert "Household size: 1 → 2" in page


def test_seeded_kinds_read_in_spanish(client, decided, applicant_user):
    client.force_login(applicant_user)
    url = reverse("eligibility:report_change", kwargs={"pk": decided.pk})
    with translation.override("en"):  # the request's Spanish does not outlive it in this thread
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert "Cambio de ingresos" in response.content.decode()
