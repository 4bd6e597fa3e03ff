"""The written notices of each appeal step (8.401.2.12 E(2); PRODUCT P5, P6).

Appeals registers its notice types with ``notices`` (from ``AppealsConfig.ready``)
and issues every notice through ``notices.services.issue_notice`` here, so the
rest of the app never builds notice arguments itself.
"""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACKNOWLEDGEMENT = "appeal_acknowledgement"
INCOMPLETE = "appeal_incomplete"
EXPEDITE_DECISION = "appeal_expedite_decision"
GOOD_CAUSE_DECISION = "appeal_good_cause_decision"
DISMISSAL = "appeal_dismissal"
FIRST_LEVEL_DECISION = "appeal_first_level_decision"
VENDOR_DELAY = "appeal_vendor_delay"
FINAL_DECISION = "appeal_final_decision"

# code -> (title, appealable, adverse, final administrative action)
NOTICE_TYPES: dict[str, tuple] = {
    ACKNOWLEDGEMENT: (_("We received your appeal"), False, False, False),
    INCOMPLETE: (_("Your appeal is missing information"), False, False, False),
    EXPEDITE_DECISION: (_("Decision on your request for a fast appeal"), False, False, False),
    GOOD_CAUSE_DECISION: (_("Decision on your reason for appealing late"), False, False, False),
    DISMISSAL: (_("Your appeal was dismissed"), False, True, False),
    FIRST_LEVEL_DECISION: (_("Decision on your appeal"), True, False, False),
    VENDOR_DELAY: (_("Your appeal was not decided in time: you may file a final appeal"), True, False, False),
    FINAL_DECISION: (_("Final decision on your appeal"), False, False, True),
}


def _reopen_instructions(level: str, last_day: date) -> str:
    from notices.contact import APPEAL_OFFICES
    from notices.content import format_date

    office = APPEAL_OFFICES["vendor" if level == "first" else "bureau"]
    address = ", ".join(line.strip() for line in office["address"].splitlines() if line.strip())
    return gettext(
        "Write to %(office)s by %(date)s asking to reopen your appeal, and say why you have good cause "
        "(a good reason) for what led to the dismissal. Send it by fax to %(fax)s, by mail to %(address)s, "
        "or bring it in person to that address. If you need help writing it, call %(phone)s."
    ) % {
        "office": office["name"],
        "date": format_date(last_day, long=True),
        "fax": office["fax"],
        "address": address,
        "phone": office["phone"],
    }


# Rendered when turned into text: in the notice's language.
reopen_instructions = lazy(_reopen_instructions, str)


def register_notice_types() -> None:
    """Register the appeal notice types with the notices app (idempotent)."""
    from notices.types import NoticeType, register

    for code, (title, appealable, adverse, final) in NOTICE_TYPES.items():
        register(
            NoticeType(code=code, title=title, appealable=appealable, adverse=adverse, final_action=final)
        )


def is_appealable_notice(notice) -> bool:
    """Whether the notice is of a type that can be appealed (a decision, not a request or a receipt)."""
    from notices.types import get_type

    try:
        return get_type(notice.notice_type).appealable
    except KeyError:
        return False


def is_notice_of(notice, determination) -> bool:
    """Whether ``notice`` is a notice of ``determination`` (the decision an appeal names).

    A decision notice keeps its determination's id in its details; a notice written before it
    did is matched by its household member and effective date.
    """
    if notice.application_id != determination.application_id:
        return False
    details = (notice.content or {}).get("details") or {}
    if details.get("determination"):
        return details["determination"] == str(determination.pk)
    return details.get("member") == str(determination.member) and (
        notice.effective_date == determination.effective_date
    )


def notify(
    appeal,
    *,
    code: str,
    decision,
    reasons: list,
    acting_user,
    today: date,
    effective_date: date | None = None,
    details: dict | None = None,
    appeal_deadline: date | None = None,
    appeal_to: str = "vendor",
):
    """Issue one notice about ``appeal`` to the applicant (and the active representative's copy).

    ``decision`` and ``reasons`` may be lazy translations: they are rendered in the
    applicant's language. Details carry the appeal reference, never personal data.
    """
    from eligibility.services import notice_recipients
    from notices.services import issue_notice

    application = appeal.application
    language = application.preferred_language
    with translation.override(language):
        decision_text = str(decision)
        reason_texts = [str(r) for r in reasons]
    return issue_notice(
        application=application,
        notice_type=code,
        language=language,
        notice_date=today,
        decision=decision_text,
        effective_date=effective_date or today,
        reasons=reason_texts,
        recipients=notice_recipients(application, day=today),
        acting_user=acting_user,
        details={"appeal_reference": appeal.reference, "received_on": appeal.received_on, **(details or {})},
        appeal_deadline=appeal_deadline,
        appeal_to=appeal_to,
    )
