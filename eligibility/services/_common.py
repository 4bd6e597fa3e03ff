"""What every eligibility service shares: saving with history, transitions, and notices."""

from calendar import monthrange
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import translation
from django_fsm import can_proceed

from hca_portal.history import fitting_reason
from notices.content import format_date
from notices.services import Recipient, issue_notice

from .. import rules, selectors
from ..models import (
    Application,
)


def _save(obj, *, user, reason: str, fields: list[str] | None = None) -> None:
    """Save with simple-history's actor and reason (PRODUCT P7)."""
    obj._history_user = user
    obj._change_reason = fitting_reason(type(obj), reason)
    if fields is None:
        obj.save()
    else:
        obj.save(update_fields=[*fields, "updated_at"] if hasattr(obj, "updated_at") else fields)


def _transition(obj, name: str, *, user, reason: str, extra_fields: tuple[str, ...] = ()) -> None:
    method = getattr(obj, name)
    if not can_proceed(method):
        raise ValidationError({"state": f"Cannot {name.replace('_', ' ')} from “{obj.get_state_display()}”."})
    method()
    _save(obj, user=user, reason=reason, fields=["state", *extra_fields])


def first_of_next_month(day: date) -> date:
    last = monthrange(day.year, day.month)[1]
    return day.replace(day=last) + timedelta(days=1)


# --- Notices ------------------------------------------------------------------------------------


def notice_recipients(application: Application, *, day: date) -> list[Recipient]:
    """The applicant by mail, and a copy to the active representative through the portal."""
    address = (
        f"{application.address_line}\n{application.city}, {application.state_code} {application.zip_code}"
    )
    first = application.members.first()
    name = str(first) if first else "Applicant"
    recipients = [
        Recipient(
            name=name, role="applicant", channel="mail", user=application.applicant_user, address=address
        )
    ]
    representation = selectors.active_representation(application, day)
    if representation is not None:
        rep = representation.representative
        recipients.append(
            Recipient(
                name=rep.get_full_name() or rep.username, role="representative", channel="portal", user=rep
            )
        )
    return recipients


def _notify(
    application: Application,
    *,
    notice_type: str,
    decision: str,
    effective_date: date | None,
    reason_codes: list[str],
    acting_user,
    today: date,
    details: dict | None = None,
    decision_params: dict | None = None,
):
    with translation.override(application.preferred_language):
        reasons = [str(rules.reason_text(code)) for code in reason_codes]
        decision_text = str(decision)
        if decision_params:
            decision_text %= {
                key: format_date(value, long=True) if isinstance(value, date) else value
                for key, value in decision_params.items()
            }
    return issue_notice(
        application=application,
        notice_type=notice_type,
        language=application.preferred_language,
        notice_date=today,
        decision=decision_text,
        effective_date=effective_date,
        reasons=reasons,
        recipients=notice_recipients(application, day=today),
        acting_user=acting_user,
        details=details or {},
    )
