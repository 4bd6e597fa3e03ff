"""Approval and change notices state the computation in the reader's language (PRODUCT P5, P11)."""

from datetime import date

import pytest

from eligibility import services
from eligibility.models import Application
from tests.factories import verify_reported
from tests.notices.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _approved(new_application, caseworker, language, capture):
    application = new_application(magi="50000", size=2, preferred_language=language)
    verify_reported(application, caseworker)
    with capture(execute=True):
        services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
    return application


def test_the_approval_notice_states_the_computation_in_english(
    new_application, caseworker, django_capture_on_commit_callbacks
):
    application = _approved(new_application, caseworker, "en", django_capture_on_commit_callbacks)

    text = pdf_text(application.notices.get(notice_type="approval"))

    assert "How we worked out these figures" in text
    assert (
        "Household of 2 people, income counted $50,000 a year = 236.41% of the 2026 poverty level of $21,150"
        in text
    )
    assert "Expected contribution: 3.4564% of $50,000 a year ÷ 12 = $144.02 a month." in text
    assert "Premium assistance: benchmark plan premium $520 − expected contribution $144.02 = $375.98" in text
    assert "Out-of-pocket level: Silver 73 (73% actuarial value)" in text


def test_the_approval_notice_states_the_computation_in_spanish(
    new_application, caseworker, django_capture_on_commit_callbacks
):
    application = _approved(new_application, caseworker, "es", django_capture_on_commit_callbacks)

    text = pdf_text(application.notices.get(notice_type="approval"))

    assert "Cómo calculamos estas cifras" in text
    assert (
        "Hogar de 2 personas, ingresos contados de $50,000 al año = 236.41% del nivel de pobreza de 2026, "
        "que es de $21,150" in text
    )
    assert "Contribución esperada: 3.4564% de $50,000 al año ÷ 12 = $144.02 al mes." in text
    assert "Decidida por una persona el 10 de marzo de 2026." in text
    assert "Household of" not in text and "Expected contribution" not in text


def test_a_change_notice_says_what_it_replaces_and_the_new_computation(
    new_application, caseworker, django_capture_on_commit_callbacks
):
    application = _approved(new_application, caseworker, "en", django_capture_on_commit_callbacks)
    Application.objects.filter(pk=application.pk).update(annual_magi=40000)

    with django_capture_on_commit_callbacks(execute=True):
        services.reevaluate(
            application=application,
            acting_user=caseworker,
            today=date(2026, 4, 15),
            effective_date=date(2026, 5, 1),
            reason="Income reported",
        )

    text = pdf_text(application.notices.get(notice_type="change"))
    assert "This decision replaces" in text
    assert "The decision of March 10, 2026, in force from April 1, 2026." in text
    assert "This decision takes its place from May 1, 2026." in text
    assert "income counted $40,000 a year = 189.13% of the 2026 poverty level of $21,150" in text
