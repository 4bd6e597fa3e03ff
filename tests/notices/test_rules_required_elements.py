"""The pure validator and the service refusing an incomplete notice (nothing saved)."""

import pytest

from notices import rules
from notices.models import Notice, NoticeRecipient, Tagline
from notices.services import NoticeIncomplete, Recipient
from notices.types import get_type

COMPLETE = {
    "notice_date": "2026-03-05",
    "decision": "You are not eligible.",
    "effective_date": "2026-04-01",
    "reasons": ["Income above the limit."],
    "appeal": {"deadline": "2026-04-06", "how": ["File with the vendor."]},
    "taglines": [{"code": "en", "text": "Free help."}, {"code": "es", "text": "Ayuda gratuita."}],
    "rule_cited": "8.401.2.12 NMAC",
    "representation_right": "You may be represented.",
    "expedited_appeal_right": "You may ask for an expedited appeal.",
    "customer_service": {"phone": "1-800-555-0100", "address": "P.O. Box 2348"},
    "recipients": [{"role": "applicant"}],
}


def test_complete_content_lacks_nothing():
    assert rules.missing_elements(COMPLETE, get_type("denial")) == {}


@pytest.mark.parametrize(
    ("change", "element"),
    [
        ({"decision": "  "}, "decision"),
        ({"effective_date": None}, "effective_date"),
        ({"reasons": [""]}, "reasons"),
        ({"appeal": {"how": ["File with the vendor."]}}, "appeal_deadline"),
        ({"appeal": {"deadline": "2026-04-06", "how": []}}, "how_to_appeal"),
        ({"taglines": [{"code": "en", "text": "Free help."}]}, "taglines"),
        ({"rule_cited": ""}, "rule_cited"),
        ({"representation_right": ""}, "representation_right"),
        ({"expedited_appeal_right": None}, "expedited_appeal_right"),
        ({"customer_service": {"phone": "1-800-555-0100"}}, "customer_service"),
        ({"recipients": [{"role": "representative"}]}, "recipients"),
    ],
)
def test_each_missing_element_is_named(change, element):
    assert element in rules.missing_elements({**COMPLETE, **change}, get_type("denial"))


def test_appeal_elements_are_required_only_of_appealable_types():
    content = {
        **COMPLETE,
        "appeal": {},
        "reasons": [],
        "details": {"due_on": "2026-04-06"},
        # Issue 9 item 6: a request for information also says what happens without a reply, and how to send.
        "response": {"consequence": "Without it, we deny.", "how": ["Upload it."]},
    }

    assert rules.missing_elements(content, get_type("information_request")) == {}
    assert set(rules.missing_elements(content, get_type("denial"))) == {
        "appeal_deadline",
        "how_to_appeal",
        "reasons",
    }


def test_a_request_for_information_needs_its_due_date():
    assert "details.due_on" in rules.missing_elements(COMPLETE, get_type("information_request"))


@pytest.mark.django_db
def test_the_service_refuses_an_incomplete_notice_and_saves_nothing(issue):
    Tagline.objects.filter(language_code="es").delete()

    with pytest.raises(NoticeIncomplete) as raised:
        issue(
            decision="",
            effective_date=None,
            reasons=[],
            recipients=[Recipient(name="Rosa", role="representative", channel="mail", address="")],
        )

    named = set(raised.value.message_dict)
    assert {"decision", "effective_date", "reasons", "taglines", "recipients", "recipients[0]"} <= named
    assert Notice.objects.count() == 0
    assert NoticeRecipient.objects.count() == 0
    assert Notice.history.count() == 0


@pytest.mark.django_db
def test_unknown_type_and_bad_appeal_target_are_refused(issue):
    with pytest.raises(NoticeIncomplete) as raised:
        issue(notice_type="no_such_type")
    assert "notice_type" in raised.value.message_dict

    with pytest.raises(NoticeIncomplete) as raised:
        issue(appeal_to="court")
    assert "appeal_to" in raised.value.message_dict
    assert Notice.objects.count() == 0


@pytest.mark.django_db
def test_a_correction_must_belong_to_the_same_case(issue, application):
    from tests.factories import ApplicationFactory

    original = issue()

    with pytest.raises(NoticeIncomplete) as raised:
        issue(application=ApplicationFactory(), corrects=original)
    assert "corrects" in raised.value.message_dict
