"""Filing an appeal, online or logged by staff, and screening it (8.401.2.12 E(1), (3), (5)).

- Online: the applicant or their active representative; received today.
- Logged: staff holding ``appeals.log_appeal`` record a mailed, faxed, phoned or
  in-person appeal with the day it was received.

Timeliness counts from the notice date of the notice appealed (first level) or from
the first-level decision / vendor delay (final). Only adverse decisions can be
appealed: an online filing about a decision that is not adverse is refused with
a field error; a logged paper appeal is recorded and dismissed with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from hca_portal.calendar import holidays_for_period

from .. import notifying, rules, selectors
from ..choices import FINAL_APPEALABLE_STATES
from ..models import (
    Appeal,
    AppealChannel,
    AppellantKind,
    DismissalReason,
    Issue,
    Level,
    State,
)
from ._common import Change, lock, refresh_clocks, require_perm, set_decision_clock


@dataclass(frozen=True)
class AppealRequest:
    """What the appellant asks: the same for every channel and both levels."""

    issues: list[str]
    statement: str = ""
    expedite_reason: str = ""
    good_cause_statement: str = ""
    missing_items: str = ""
    extra: dict = field(default_factory=dict)


def _clean_issues(issues) -> list[str]:
    valid = set(Issue.values)
    chosen = list(dict.fromkeys(issues or []))
    if not chosen:
        raise ValidationError({"issues": "Choose at least one thing the appeal is about."})
    unknown = [i for i in chosen if i not in valid]
    if unknown:
        raise ValidationError({"issues": f"Unknown issue: {', '.join(unknown)}."})
    return chosen


def _check_case_objects(application, determination, notice) -> None:
    if determination.application_id != application.pk:
        raise ValidationError({"determination": "This decision is not on this case."})
    if notice is None:
        raise ValidationError({"notice_appealed": "Choose the notice of the decision appealed."})
    if notice.application_id != application.pk:
        raise ValidationError({"notice_appealed": "This notice is not on this case."})
    if not notifying.is_appealable_notice(notice):
        raise ValidationError({"notice_appealed": "This notice is not a decision that can be appealed."})
    if not notifying.is_notice_of(notice, determination):
        raise ValidationError(
            {
                "notice_appealed": _(
                    "This is not the notice of the decision appealed: choose that decision's notice."
                )
            }
        )


@transaction.atomic
def file_appeal(
    *,
    application,
    determination,
    notice_appealed,
    request: AppealRequest,
    acting_user,
    today: date,
) -> Appeal:
    """A first-level appeal filed online by the applicant or their active representative."""
    kind = _online_appellant_kind(acting_user, application, today)
    issues = _clean_issues(request.issues)
    _check_case_objects(application, determination, notice_appealed)
    if rules.not_adverse_issues(issues, determination_is_adverse=determination.is_adverse):
        raise ValidationError(
            {
                "issues": "The decision appealed found you eligible: you can appeal the assistance amount, "
                "tier, findings or effective date, not the eligibility status."
            }
        )
    appeal = _new_first_level(
        application,
        determination,
        notice_appealed,
        issues,
        request,
        kind,
        acting_user,
        AppealChannel.ONLINE,
        today,
    )
    appeal.appellant_user = acting_user
    return _file(appeal, request, acting_user=acting_user, today=today, not_adverse=False)


@transaction.atomic
def log_appeal(
    *,
    application,
    determination,
    notice_appealed,
    request: AppealRequest,
    channel: str,
    received_on: date,
    appellant_kind: str,
    appellant_name: str,
    acting_user,
    today: date,
) -> Appeal:
    """A first-level appeal received by mail, fax, phone or in person, logged by staff."""
    require_perm(acting_user, "appeals.log_appeal")
    _check_channel(channel, received_on, today)
    issues = _clean_issues(request.issues)
    _check_case_objects(application, determination, notice_appealed)
    if appellant_kind not in AppellantKind.values:
        raise ValidationError({"appellant_kind": "Choose applicant or representative."})
    appeal = _new_first_level(
        application,
        determination,
        notice_appealed,
        issues,
        request,
        appellant_kind,
        acting_user,
        channel,
        received_on,
    )
    appeal.appellant_name = appellant_name
    not_adverse = bool(rules.not_adverse_issues(issues, determination_is_adverse=determination.is_adverse))
    return _file(appeal, request, acting_user=acting_user, today=today, not_adverse=not_adverse)


@transaction.atomic
def file_final_appeal(*, parent: Appeal, request: AppealRequest, acting_user, today: date) -> Appeal:
    """A final appeal to the bureau filed online by the appellant."""
    lock(parent)
    kind = _online_appellant_kind(acting_user, parent.application, today)
    _check_parent(parent, online=True)
    appeal = _new_final(parent, request, kind, acting_user, AppealChannel.ONLINE, today)
    appeal.appellant_user = acting_user
    return _file_final(parent, appeal, request, acting_user=acting_user, today=today)


@transaction.atomic
def log_final_appeal(
    *,
    parent: Appeal,
    request: AppealRequest,
    channel: str,
    received_on: date,
    appellant_kind: str,
    appellant_name: str,
    acting_user,
    today: date,
) -> Appeal:
    """A final appeal received on paper or by phone, logged by staff."""
    require_perm(acting_user, "appeals.log_appeal")
    lock(parent)
    _check_channel(channel, received_on, today)
    _check_parent(parent, online=False)
    appeal = _new_final(parent, request, appellant_kind, acting_user, channel, received_on)
    appeal.appellant_name = appellant_name
    return _file_final(parent, appeal, request, acting_user=acting_user, today=today)


# --- Building and screening ------------------------------------------------------------------


def _online_appellant_kind(user, application, today: date) -> str:
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to file an appeal.")
    if application.applicant_user_id == user.pk:
        return AppellantKind.APPLICANT
    if selectors.may_file_online(user, application, day=today):
        return AppellantKind.REPRESENTATIVE
    raise PermissionDenied("Only the applicant or their authorized representative can file online.")


def _check_channel(channel: str, received_on: date, today: date) -> None:
    if channel not in AppealChannel.values or channel == AppealChannel.ONLINE:
        raise ValidationError({"channel": "Choose mail, fax, phone or in person."})
    if received_on > today:
        raise ValidationError({"received_on": "The day received cannot be in the future."})


def _new_first_level(application, determination, notice, issues, request, kind, user, channel, received_on):
    printed = getattr(notice, "appeal_deadline", None)
    holidays = holidays_for_period(notice.notice_date, rules.filing_period(Level.FIRST))
    due, count = rules.filing_deadline(notice.notice_date, holidays, printed=printed)
    if received_on < notice.notice_date:
        raise ValidationError({"received_on": "The appeal cannot be received before the notice date."})
    return Appeal(
        level=Level.FIRST,
        application=application,
        determination=determination,
        notice_appealed=notice,
        appellant_kind=kind,
        channel=channel,
        received_on=received_on,
        filed_by=user,
        issues=issues,
        statement=request.statement,
        filing_deadline=due,
        filing_deadline_rule=rules.filing_period(Level.FIRST).code,
        filing_deadline_count=count,
    )


def _check_parent(parent: Appeal, *, online: bool) -> None:
    if parent.level != Level.FIRST:
        raise ValidationError({"parent": "A final appeal follows a first-level appeal."})
    if parent.state not in FINAL_APPEALABLE_STATES:
        raise ValidationError(
            {"parent": "A final appeal can be filed once the first-level appeal is decided or overdue."}
        )
    if online and not selectors.can_file_final_appeal(parent):
        raise ValidationError(
            {"parent": "The first-level decision was in your favor, or a final appeal exists."}
        )


def _new_final(parent: Appeal, request: AppealRequest, kind, user, channel, received_on) -> Appeal:
    if received_on < (parent.decided_on or parent.vendor_delayed_on or parent.received_on):
        raise ValidationError(
            {"received_on": "The final appeal cannot be received before the first-level step."}
        )
    return Appeal(
        level=Level.FINAL,
        parent=parent,
        application=parent.application,
        determination=parent.determination,
        notice_appealed=parent.decision_notice or parent.delay_notice,
        appellant_kind=kind,
        channel=channel,
        received_on=received_on,
        filed_by=user,
        issues=_clean_issues(request.issues or parent.issues),
        statement=request.statement,
        filing_deadline=parent.final_appeal_due_on,
        filing_deadline_rule=rules.filing_period(Level.FINAL).code,
        filing_deadline_count=parent.final_appeal_due_count,
    )


def _file_final(parent: Appeal, appeal: Appeal, request: AppealRequest, *, acting_user, today) -> Appeal:
    not_adverse = not rules.final_appeal_is_adverse(parent.outcome, parent.state == State.VENDOR_DELAYED)
    if parent.state == State.VENDOR_DELAYED:
        change = Change(
            parent, user=acting_user, reason="A final appeal was filed after the vendor delay", today=today
        )
        change.apply("escalate", check_perm=False)
        change.save()
    return _file(appeal, request, acting_user=acting_user, today=today, not_adverse=not_adverse)


def _insert(appeal: Appeal, change: Change) -> None:
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError as exc:
        field = "parent" if appeal.level == Level.FINAL else "determination"
        raise ValidationError({field: "An appeal of this decision is already open."}) from exc


def _file(appeal: Appeal, request: AppealRequest, *, acting_user, today: date, not_adverse: bool) -> Appeal:
    """Insert the appeal, then screen it: not adverse, incomplete, timely or late."""
    change = Change(
        appeal,
        user=acting_user,
        reason=f"Appeal received ({appeal.get_channel_display()})",
        today=today,
        new=True,
    )
    change.note("received")
    _insert(appeal, change)
    change.reason = "Screened"
    if request.expedite_reason.strip():
        change.apply("request_expedite", check_perm=False, reason=request.expedite_reason.strip())
    if not_adverse:
        change.apply("dismiss_not_adverse", check_perm=False, on=today)
        refresh_clocks(appeal)
        change.reason = "Dismissed: not about an adverse decision"
        notice = notify_dismissal(appeal, acting_user=acting_user, today=today)
        change.save(notice=notice)
        return appeal
    if request.missing_items.strip():
        return mark_incomplete_in(change, missing=request.missing_items.strip())
    screen(change, good_cause_statement=request.good_cause_statement)
    return appeal


def mark_incomplete_in(change: Change, *, missing: str) -> Appeal:
    """Incomplete: say what is missing and give the appellant until the cure date to send it."""
    appeal, today = change.appeal, change.today
    change.apply("mark_incomplete", check_perm=False, missing=missing, on=today)
    refresh_clocks(appeal)
    change.reason = "Incomplete: notice of what is missing sent"
    notice = notifying.notify(
        appeal,
        code=notifying.INCOMPLETE,
        decision=_("Your appeal is missing information"),
        reasons=[missing, appeal.cure_due_explain],
        acting_user=change.user,
        today=today,
        details={"items": missing, "due_on": appeal.cure_due_on, "due_rule": appeal.cure_due_explain},
    )
    change.save(notice=notice)
    return appeal


def screen(change: Change, *, good_cause_statement: str = "") -> None:
    """Timely: accept (decision clock from the day the complete appeal was received) and acknowledge.
    Late: hold for good cause, claimed now or later."""
    appeal, today = change.appeal, change.today
    if rules.is_timely(appeal.received_on, appeal.filing_deadline):
        change.apply("screen_timely", check_perm=False)
        set_decision_clock(appeal, start=appeal.decision_clock_start or appeal.received_on)
        change.reason = f"Filed on time (last day {appeal.filing_deadline.isoformat()})"
        notice = notifying.notify(
            appeal,
            code=notifying.ACKNOWLEDGEMENT,
            decision=_("Your appeal was received and accepted"),
            reasons=[_("Your appeal was filed on time."), appeal.decision_due_explain],
            acting_user=change.user,
            today=today,
            details={"decision_due_on": appeal.decision_due_on},
        )
        change.save(notice=notice)
        return
    change.apply("screen_late", check_perm=False)
    if appeal.level == Level.FIRST:
        # E(4): the vendor's decision is due counted from receipt, good cause pending or not.
        set_decision_clock(appeal, start=appeal.decision_clock_start or appeal.received_on)
    change.reason = f"Filed after the last day ({appeal.filing_deadline.isoformat()})"
    if good_cause_statement.strip():
        change.apply("claim_good_cause", check_perm=False, statement=good_cause_statement.strip())
        change.reason += "; good cause claimed"
    change.save()


def notify_dismissal(appeal: Appeal, *, acting_user, today: date):
    """The dismissal, why, the last day to ask to reopen and how to ask (a written request showing
    good cause, within 30 days, to whoever dismissed it: 45 CFR 155.530(d); PRODUCT P6)."""
    return notifying.notify(
        appeal,
        code=notifying.DISMISSAL,
        decision=_("Your appeal was dismissed"),
        reasons=[DismissalReason(appeal.dismissal_reason).label, appeal.vacate_due_explain],
        acting_user=acting_user,
        today=today,
        details={
            "last_day_to_ask_to_reopen": appeal.vacate_due_on,
            "how_to_ask_to_reopen": notifying.reopen_instructions(appeal.level, appeal.vacate_due_on),
        },
    )
