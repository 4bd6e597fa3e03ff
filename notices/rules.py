"""What every notice must say (8.401.2.12 E(2) NMAC; PRODUCT P5), as a pure check of its content.

``missing_elements`` reads a notice's content snapshot (built by
``notices.content``) and names each required element that is absent or blank.
No database, no clock: the service calls it before anything is saved.
"""

from __future__ import annotations

from collections.abc import Mapping

from .types import NoticeType

# Element name -> what a caseworker or developer is told when it is missing.
ELEMENTS = {
    "notice_date": "the notice date",
    "decision": "the decision",
    "effective_date": "the decision's effective date",
    "reasons": "the reasons, in plain language",
    "appeal_deadline": "the date by which an appeal must be filed",
    "how_to_appeal": "how to appeal",
    "final_action": "the statement that this is the final administrative action",
    "taglines": "the taglines on free language services and disability accommodations",
    "rule_cited": "the rule cited (8.401.2.12 NMAC)",
    "representation_right": "the right to be represented",
    "expedited_appeal_right": "the right to ask for an expedited appeal",
    "customer_service": "how to reach customer service",
    "recipients": "an applicant recipient",
    "response": "what happens without a reply by the due date, and where and how to send the information",
}

# Taglines every notice must carry, whatever else the administrators add.
REQUIRED_TAGLINES = ("en", "es")


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return not value
    return False


def missing_elements(content: Mapping, notice_type: NoticeType) -> dict[str, str]:
    """Each required element the content lacks, mapped to a message naming it."""
    missing: dict[str, str] = {}

    def need(name: str, value) -> None:
        if _blank(value):
            missing[name] = f"The notice lacks {ELEMENTS[name]}."

    need("notice_date", content.get("notice_date"))
    need("decision", content.get("decision"))
    need("effective_date", content.get("effective_date"))
    if notice_type.is_decision:
        reasons = [r for r in content.get("reasons") or [] if not _blank(r)]
        need("reasons", reasons)
    appeal = content.get("appeal") or {}
    if notice_type.appealable:
        need("appeal_deadline", appeal.get("deadline"))
        need("how_to_appeal", appeal.get("how"))
    if notice_type.final_action:
        need("final_action", content.get("final_action"))
    taglines = {t.get("code"): t.get("text") for t in content.get("taglines") or []}
    if any(_blank(taglines.get(code)) for code in REQUIRED_TAGLINES):
        missing["taglines"] = (
            f"The notice lacks {ELEMENTS['taglines']} (needed at least in: {', '.join(REQUIRED_TAGLINES)})."
        )
    need("rule_cited", content.get("rule_cited"))
    need("representation_right", content.get("representation_right"))
    need("expedited_appeal_right", content.get("expedited_appeal_right"))
    service = content.get("customer_service") or {}
    need("customer_service", service.get("phone") and service.get("address"))
    applicants = [r for r in content.get("recipients") or [] if r.get("role") == "applicant"]
    need("recipients", applicants)
    if getattr(notice_type, "requests_information", False):
        response = content.get("response") or {}
        need("response", response.get("consequence") and response.get("how"))
    for key in notice_type.required_details:
        if _blank((content.get("details") or {}).get(key)):
            missing[f"details.{key}"] = (
                f"The notice lacks the detail {key!r} a {notice_type.code} notice needs."
            )
    return missing
