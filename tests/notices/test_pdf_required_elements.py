"""Every required element of P5 is in the PDF's text, in English and in Spanish (one render each)."""

import pytest

from notices.models import Notice, NoticeRecipient

from .conftest import pdf_text


@pytest.mark.django_db
def test_english_pdf_states_every_required_element(issue, django_capture_on_commit_callbacks):
    # given / when
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue()
    notice = Notice.objects.get(pk=notice.pk)

    # then
    assert notice.is_issued and notice.page_count >= 1 and len(notice.sha256) == 64
    text = pdf_text(notice)
    for element in [
        "Notice of denial",
        "Notice date March 5, 2026",
        notice.reference,
        "You are not eligible for the DACA Coverage Program.",  # the decision
        "Effective date: April 1, 2026",
        "Your household income is above the program's limit",  # the reasons
        "How to appeal",
        "Deadline to file an appeal: Monday, April 6, 2026",  # Saturday 4/4 moved to Monday
        "by phone at 1-800-555-0100",
        "ATTENTION: If you speak a language other than English, free language assistance",  # taglines
        "ATENCIÓN: Si habla español",
        "disabilities",
        "8.401.2.12 NMAC",  # the rule cited
        "You have the right to be represented",
        "expedited (faster) appeal",
        "If you have questions, call 1-800-555-0100 (TTY 711)",  # customer service
        "Santa Fe, NM 87504-2348",
        "Copy sent to your representative: Rosa Navigator",
    ]:
        assert element in text, element
    assert set(notice.recipients.values_list("status", flat=True)) == {NoticeRecipient.Status.READY}


@pytest.mark.django_db
def test_spanish_pdf_states_every_required_element(issue, django_capture_on_commit_callbacks):
    # given / when
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue(
            language="es",
            decision="Usted no es elegible para el Programa de Cobertura DACA.",
            reasons=["Los ingresos de su hogar superan el límite del programa para un hogar de 1 persona."],
        )
    notice = Notice.objects.get(pk=notice.pk)

    # then
    assert notice.is_issued and notice.render_language == "es"
    text = pdf_text(notice)
    for element in [
        "Aviso de denegación",
        "Fecha del aviso 5 de marzo de 2026",
        "Usted no es elegible para el Programa de Cobertura DACA.",
        "Fecha de vigencia: 1 de abril de 2026",
        "Los ingresos de su hogar superan el límite",
        "Cómo apelar",
        "Plazo para presentar una apelación: lunes 6 de abril de 2026",
        "por teléfono al 1-800-555-0100",
        "ATENCIÓN: Si habla español",
        "ATTENTION: If you speak a language other than English",
        "discapacidad",
        "8.401.2.12 NMAC",
        "Usted tiene derecho a que lo representen",
        "apelación acelerada",
        "Si tiene preguntas, llame al 1-800-555-0100 (TTY 711)",
        "Santa Fe, NM 87504-2348",
    ]:
        assert element in text, element
    # The reader's own tagline comes first.
    assert text.index("ATENCIÓN") < text.index("ATTENTION")
