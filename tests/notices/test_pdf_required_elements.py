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


RFI = {
    "notice_type": "information_request",
    "decision": "We need more information to decide your application.",
    "effective_date": None,
    "reasons": [],
    "details": {"items": "Proof of New Mexico residency", "due_on": "2026-03-19"},
}


@pytest.mark.django_db
def test_english_request_for_information_says_what_happens_without_a_reply_and_how_to_send_it(
    issue, django_capture_on_commit_callbacks
):
    # Issue 9 item 6 (PRODUCT P2): no reply by the due date leads to denial; where and how to send.
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue(**RFI)
    text = pdf_text(Notice.objects.get(pk=notice.pk))

    for element in [
        "Request for information",
        "Proof of New Mexico residency",
        "Send it by Thursday, March 19, 2026",
        "How to send what we need",
        "If we do not receive this information by Thursday, March 19, 2026, we will deny your application.",
        "notice of denial that tells you how to appeal",
        "upload them in the HCA Portal",
        "fax them to 1-800-555-0104",
        "mail them to DACA Coverage Program Documents, New Mexico Health Care Authority, P.O. Box 2348, "
        "Santa Fe, NM 87504-2348",
        "bring them in person to that address",
        f"Write your case reference, {notice.application.reference}, on every page you send.",
    ]:
        assert element in text, element


@pytest.mark.django_db
def test_spanish_request_for_information_says_what_happens_without_a_reply_and_how_to_send_it(
    issue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue(**{**RFI, "language": "es", "decision": "Necesitamos más información."})
    text = pdf_text(Notice.objects.get(pk=notice.pk))

    for element in [
        "Solicitud de información",
        "Cómo enviarnos lo que necesitamos",
        "Si no recibimos esta información a más tardar el jueves 19 de marzo de 2026, negaremos su "
        "solicitud.",
        "aviso de denegación que le indicará cómo apelar",
        "súbalas en el Portal de la HCA",
        "envíelas por fax al 1-800-555-0104",
        "llévelas en persona a esa dirección",
        f"Escriba la referencia de su caso, {notice.application.reference}, en cada página que envíe.",
    ]:
        assert element in text, element


def test_a_request_for_information_cannot_go_out_without_saying_what_happens_and_how_to_reply():
    from notices import rules
    from notices.types import get_type

    content = {"response": {"consequence": "", "how": []}}
    assert "response" in rules.missing_elements(content, get_type("information_request"))
    assert "response" not in rules.missing_elements(content, get_type("denial"))
