"""The words of a notice: builds the JSON snapshot that is rendered, validated and kept.

Everything a notice states (8.401.2.12 E(2) NMAC; PRODUCT P5) is fixed here, in
the notice's language, when the notice is created; the template only lays it
out. Pure apart from translation: no database, no clock.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import dateformat, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from hca_portal.dates import (
    APPEAL_FILING,
    FINAL_APPEAL_FILING,
    FINAL_DECISION_EXPEDITED,
    FIRST_LEVEL_DECISION_EXPEDITED,
)

from . import contact
from .types import NoticeType

# The period to file an appeal, by where it goes: the vendor (first level) or the bureau (final).
APPEAL_TO = {"vendor": APPEAL_FILING, "bureau": FINAL_APPEAL_FILING}

CONTENT_VERSION = 1
# Languages with notice templates and translations; any other preference gets English plus the taglines.
NOTICE_LANGUAGES = ("en", "es")

_DATE_FORMATS = {"en": "F j, Y", "es": r"j \d\e F \d\e Y"}
_LONG_DATE_FORMATS = {"en": "l, F j, Y", "es": r"l j \d\e F \d\e Y"}
_DATE_KEYS = {
    "due_on",
    "respond_by",
    "received_on",
    "decided_on",
    "filed_on",
    "decision_due_on",
    "last_day_to_ask_to_reopen",
    "last_day_of_coverage",
}


def render_language_for(language: str) -> str:
    return language if language in NOTICE_LANGUAGES else "en"


def format_date(d: date, *, long: bool = False) -> str:
    """A legal date as words in the active language, e.g. 'April 2, 2026' / '2 de abril de 2026'."""
    lang = translation.get_language() or "en"
    formats = _LONG_DATE_FORMATS if long else _DATE_FORMATS
    return dateformat.format(d, formats.get(lang[:2], formats["en"]))


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def json_safe(value):
    """``details`` as JSON: dates as ISO strings, decimals and lazy strings as text."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Decimal, Promise)):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _one_line(address: str) -> str:
    return ", ".join(part.strip() for part in address.splitlines() if part.strip())


# Keys that tie a notice to what it is about (a determination's id): kept with the notice, never printed.
LINK_KEYS = frozenset({"determination"})


def _detail_rows(details: dict) -> list[dict]:
    labels = {
        "member": _("Household member"),
        "items": _("What we need from you"),
        "due_on": _("Send it by"),
        "due_rule": _("How we counted the days"),
        "fpl_pct": _("Household income as a percent of the federal poverty level"),
        "premium_assistance": _("Monthly premium assistance"),
        "oop_tier": _("Out-of-pocket assistance level"),
        "respond_by": _("Answer this offer by"),
        "how_to_accept": _("How to accept"),
        "appeal_reference": _("Appeal reference"),
        "received_on": _("Date we received your appeal"),
        "decision_due_on": _("Decision due on"),
        "outcome": _("Outcome"),
        "last_day_to_ask_to_reopen": _("Last day to ask to reopen"),
        "how_to_ask_to_reopen": _("How to ask to reopen"),
        "what_changed": _("What changed"),
        "last_day_of_coverage": _("Last day of coverage"),
        "advance_notice": _("Advance notice we counted"),
        "computation": _("How we worked out these figures"),
        "replaces": _("This decision replaces"),
    }
    rows = []
    for key, value in details.items():
        if value in (None, "", [], {}) or key in LINK_KEYS:
            continue
        label = labels.get(key) or key.replace("_", " ").capitalize()
        if key in _DATE_KEYS and (d := _as_date(value)) is not None:
            text = format_date(d, long=True)
        elif key == "fpl_pct":
            text = f"{value}%"
        elif key == "premium_assistance":
            text = f"${value}"
        elif isinstance(value, list):
            text = "\n".join(str(v) for v in value)
        else:
            text = str(value)
        rows.append({"key": key, "label": label, "value": text})
    return rows


def _response_section(notice_type: NoticeType, details: dict, case_reference: str) -> dict | None:
    """For a request for information: what happens without a reply by the due date, and where and how
    to send what is asked (PRODUCT P2)."""
    if not notice_type.requests_information:
        return None
    due = _as_date(details.get("due_on"))
    if due is None:
        return None
    service, documents = contact.CUSTOMER_SERVICE, contact.DOCUMENTS
    return {
        "consequence": _(
            "If we do not receive this information by %(date)s, we will deny your application. You will "
            "then get a notice of denial that tells you how to appeal."
        )
        % {"date": format_date(due, long=True)},
        "how": [
            _(
                "Send copies, not originals, in any one of these ways: upload them in the HCA Portal "
                "(sign in and choose Upload documents on your case); fax them to %(fax)s; mail them to "
                "%(address)s; or bring them in person to that address, %(hours)s."
            )
            % {
                "fax": documents["fax"],
                "address": _one_line(documents["address"]),
                "hours": str(service["hours"]),
            },
            _("Write your case reference, %(case)s, on every page you send.") % {"case": case_reference},
            _("If you have questions about what to send, call %(phone)s (TTY %(tty)s).")
            % {"phone": service["phone"], "tty": service["tty"]},
        ],
    }


def _appeal_section(
    notice_type: NoticeType, appeal_to: str, deadline: date | None, deadline_rule: str
) -> dict:
    if not notice_type.appealable:
        return {"appealable": False, "to": "", "deadline": None, "deadline_text": "", "rule": "", "how": []}
    office = contact.APPEAL_OFFICES.get(appeal_to, {})
    deadline_text = format_date(deadline, long=True) if deadline else ""
    how = []
    if office:
        if appeal_to == "bureau":
            how.append(
                _(
                    "If you disagree with this appeal decision, you can file a final appeal with %(office)s. "
                    "The bureau's decision is the final administrative action."
                )
                % {"office": office["name"]}
            )
        else:
            how.append(
                _(
                    "If you disagree with this decision, you can file an appeal with %(office)s. "
                    "An impartial reviewer who did not take part in the decision will decide it."
                )
                % {"office": office["name"]}
            )
        how.append(
            _(
                "You can appeal online in the HCA Portal, by phone at %(phone)s, by fax to %(fax)s, "
                "by mail to %(address)s, or in person at that address."
            )
            % {"phone": office["phone"], "fax": office["fax"], "address": _one_line(office["address"])}
        )
        how.append(_("If you file late, tell us why: a late appeal is accepted when there is good cause."))
    return {
        "appealable": True,
        "to": appeal_to,
        "deadline": deadline.isoformat() if deadline else None,
        "deadline_text": deadline_text,
        "deadline_sentence": _("Your appeal must be filed by %(date)s.") % {"date": deadline_text}
        if deadline
        else "",
        # Only when notices counted the days itself (the caller may pass a deadline counted otherwise).
        "count_sentence": _(
            "That is %(days)d calendar days after the date of this notice; when the last day is a weekend "
            "or a state holiday, the deadline moves to the next business day."
        )
        % {"days": APPEAL_TO[appeal_to].days}
        if deadline and deadline_rule
        else "",
        "rule": deadline_rule,
        "how": how,
    }


def build_content(
    *,
    notice_type: NoticeType,
    language: str,
    reference: str,
    case_reference: str,
    notice_date: date,
    decision: str,
    effective_date: date,
    reasons: list[str],
    details: dict,
    appeal_to: str,
    appeal_deadline: date | None,
    appeal_deadline_rule: str,
    taglines: list[dict],
    recipients: list[dict],
    corrects: dict | None,
) -> dict:
    """The snapshot of a notice, written in ``render_language_for(language)``."""
    render_language = render_language_for(language)
    with translation.override(render_language):
        service = contact.CUSTOMER_SERVICE
        details = json_safe(details)
        content = {
            "version": CONTENT_VERSION,
            "notice_type": notice_type.code,
            "title": str(notice_type.title),
            "language": language,
            "render_language": render_language,
            "reference": reference,
            "case_reference": case_reference,
            "notice_date": notice_date.isoformat(),
            "notice_date_text": format_date(notice_date),
            "decision": str(decision).strip(),
            "effective_date": effective_date.isoformat() if effective_date else None,
            "effective_date_text": format_date(effective_date) if effective_date else "",
            "reasons": [str(r).strip() for r in reasons if str(r).strip()],
            "details": details,
            "detail_rows": _detail_rows(details),
            "appeal": _appeal_section(notice_type, appeal_to, appeal_deadline, appeal_deadline_rule),
            "response": _response_section(notice_type, details, case_reference),
            "not_appealable": ""
            if notice_type.appealable or notice_type.final_action
            else _(
                "This notice is not a decision you can appeal. Any decision about your case comes with its "
                "own notice that tells you how to appeal it."
            ),
            "final_action": _(
                "This decision is the final administrative action of the New Mexico Health Care Authority "
                "on your appeal."
            )
            if notice_type.final_action
            else "",
            "expedited_appeal_right": _(
                "If waiting for a standard appeal decision could seriously harm your health or interrupt "
                "your care, you can ask for an expedited (faster) appeal when you file. If we agree, a "
                "first-level appeal is decided within %(first)d business days and a final appeal within "
                "%(final)d business days. If we do not agree, we will tell you why and decide your appeal "
                "on the standard schedule."
            )
            % {"first": FIRST_LEVEL_DECISION_EXPEDITED.days, "final": FINAL_DECISION_EXPEDITED.days},
            "representation_right": _(
                "You have the right to be represented. You can speak for yourself or name someone to help "
                "you, such as a navigator, an attorney, a relative or a friend. You can name an authorized "
                "representative at any time by telling us in writing."
            ),
            "rule_cited": contact.RULE_CITED,
            "rule_sentence": _("This notice is issued under %(rule)s, the rule of the DACA Coverage Program.")
            % {"rule": contact.RULE_CITED},
            "customer_service": {
                "name": str(service["name"]),
                "phone": service["phone"],
                "tty": service["tty"],
                "hours": str(service["hours"]),
                "address": service["address"],
                "sentence": _(
                    "If you have questions, call %(phone)s (TTY %(tty)s), %(hours)s, or write to us:"
                )
                % {"phone": service["phone"], "tty": service["tty"], "hours": str(service["hours"])},
            },
            "taglines": taglines,
            "recipients": recipients,
            "corrects": None,
        }
        if corrects:
            content["corrects"] = {
                **corrects,
                "sentence": _("This notice corrects and replaces notice %(reference)s dated %(date)s.")
                % {
                    "reference": corrects["reference"],
                    "date": format_date(date.fromisoformat(corrects["notice_date"])),
                },
            }
    return content


def tagline_entries(taglines, *, language: str) -> list[dict]:
    """Tagline rows as snapshot entries: the reader's language first, then the administrators' order."""
    service = contact.CUSTOMER_SERVICE
    entries = [
        {
            "code": t.language_code,
            "name": t.language_name,
            "text": t.text.replace("{phone}", service["phone"]).replace("{tty}", service["tty"]),
        }
        for t in taglines
    ]
    return sorted(entries, key=lambda e: e["code"] != language)
