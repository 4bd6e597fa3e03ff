"""The steps between filing and decision: cure, good cause, expedite, assignment, dismissal, vacating.

Each is one transaction: lock the row, transition (permission checked through the
transition's own ``permission``), dates, notice, save with history, event rows.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .. import notifying, rules
from ..models import CLOCK_STATES, OPEN_STATES, Appeal, State
from ._common import Change, lock, refresh_clocks, require_text, set_decision_clock
from .filing import notify_dismissal, screen


@transaction.atomic
def cure_appeal(*, appeal: Appeal, received_on: date, acting_user, today: date) -> Appeal:
    """The missing items arrived: the appeal is complete on ``received_on`` and is screened again.

    Timeliness still counts from the original receipt; the decision clock runs from
    the day the complete appeal was received.
    """
    lock(appeal)
    if received_on > today:
        raise ValidationError({"received_on": "The day received cannot be in the future."})
    if not rules.is_within(received_on, appeal.cure_due_on):
        raise ValidationError(
            {"received_on": f"The last day to complete the appeal was {appeal.cure_due_on}."}
        )
    change = Change(appeal, user=acting_user, reason="Missing items received", today=today)
    change.apply("cure")
    appeal.decision_clock_start = received_on
    screen(change)
    return appeal


@transaction.atomic
def claim_good_cause(*, appeal: Appeal, statement: str, acting_user, today: date) -> Appeal:
    lock(appeal)
    require_text("statement", statement, "Explain why the appeal was filed late.")
    change = Change(appeal, user=acting_user, reason="Good cause claimed for a late appeal", today=today)
    change.apply("claim_good_cause", statement=statement.strip())
    change.save()
    return appeal


@transaction.atomic
def decide_good_cause(*, appeal: Appeal, granted: bool, reasons: str, acting_user, today: date) -> Appeal:
    """Grant: the late appeal is accepted (decision clock from receipt). Deny: dismissed as untimely."""
    lock(appeal)
    require_text("reasons", reasons, "Give the reasons for the decision on good cause.")
    change = Change(
        appeal, user=acting_user, reason=f"Good cause {'granted' if granted else 'denied'}", today=today
    )
    if granted:
        change.apply("grant_good_cause")
        set_decision_clock(appeal, start=appeal.decision_clock_start or appeal.received_on)
        decision = _("Your reason for appealing late was accepted; your appeal will be decided")
        extra = [appeal.decision_due_explain]
    else:
        change.apply("deny_good_cause", on=today)
        refresh_clocks(appeal)
        decision = _("Your reason for appealing late was not accepted; your appeal was dismissed")
        extra = [appeal.vacate_due_explain]
    notice = notifying.notify(
        appeal,
        code=notifying.GOOD_CAUSE_DECISION,
        decision=decision,
        reasons=[reasons, *extra],
        acting_user=acting_user,
        today=today,
    )
    change.save(notice=notice)
    return appeal


@transaction.atomic
def request_expedite(*, appeal: Appeal, reason: str, acting_user, today: date) -> Appeal:
    """Ask for a fast decision because of a risk of care disruption: the expedited clock applies
    until the request is decided."""
    lock(appeal)
    require_text("reason", reason, "Explain the risk to your care.")
    change = Change(appeal, user=acting_user, reason="Expedited appeal requested", today=today)
    change.apply("request_expedite", reason=reason.strip())
    if appeal.decision_clock_start is not None and appeal.state in CLOCK_STATES:
        set_decision_clock(appeal, start=appeal.decision_clock_start)
    change.save()
    return appeal


@transaction.atomic
def decide_expedite(*, appeal: Appeal, granted: bool, reasons: str, acting_user, today: date) -> Appeal:
    """Grant keeps the expedited clock; deny moves the appeal to the standard clock, with a prompt notice."""
    lock(appeal)
    require_text("reasons", reasons, "Give the reasons for the decision on the request.")
    change = Change(
        appeal, user=acting_user, reason=f"Expedited appeal {'granted' if granted else 'denied'}", today=today
    )
    change.apply("grant_expedite" if granted else "deny_expedite")
    if appeal.decision_clock_start is not None and appeal.state in CLOCK_STATES:
        set_decision_clock(appeal, start=appeal.decision_clock_start)
    if granted:
        decision = _("Your appeal will be decided on the fast (expedited) timeline")
    else:
        decision = _("Your request for a fast appeal was denied; your appeal follows the standard timeline")
    notice = notifying.notify(
        appeal,
        code=notifying.EXPEDITE_DECISION,
        decision=decision,
        reasons=[reasons, appeal.decision_due_explain] if appeal.decision_due_on else [reasons],
        acting_user=acting_user,
        today=today,
    )
    change.save(notice=notice)
    return appeal


@transaction.atomic
def assign_appeal(*, appeal: Appeal, assignee, acting_user, today: date) -> Appeal:
    """Assign to an officer (first level) or bureau reviewer (final) who took no part in the decision."""
    lock(appeal)
    if appeal.state not in OPEN_STATES:
        raise ValidationError({"state": "Only open appeals can be assigned."})
    if not appeal.may_assign(acting_user, assignee=assignee):
        raise PermissionDenied("You may not assign this appeal.")
    if assignee is None or not appeal.may_be_decided_by(assignee):
        raise ValidationError(
            {"assignee": "Assign to someone who may decide this level and took no part in the decision."}
        )
    change = Change(appeal, user=acting_user, reason=f"Assigned to {assignee.get_username()}", today=today)
    appeal.assigned_to = assignee
    change.note("assigned")
    if appeal.state == State.SCREENED:
        change.apply("start_review")
    change.save()
    return appeal


@transaction.atomic
def dismiss_appeal(*, appeal: Appeal, reason: str, acting_user, today: date) -> Appeal:
    """Dismiss a late appeal without good cause, or an incomplete one not completed by its cure date."""
    lock(appeal)
    if appeal.state == State.INCOMPLETE and rules.is_within(today, appeal.cure_due_on):
        raise ValidationError(
            {"state": f"The appellant has until {appeal.cure_due_on} to complete the appeal."}
        )
    name = "dismiss_uncured" if appeal.state == State.INCOMPLETE else "dismiss_untimely"
    change = Change(appeal, user=acting_user, reason=reason or "Dismissed", today=today)
    change.apply(name, on=today)
    return _dismissed(change)


@transaction.atomic
def withdraw_appeal(*, appeal: Appeal, acting_user, today: date, reason: str = "") -> Appeal:
    """The appellant (or staff on their behalf) withdraws: dismissed, with a notice."""
    lock(appeal)
    change = Change(appeal, user=acting_user, reason=reason or "Withdrawn by the appellant", today=today)
    change.apply("withdraw", on=today)
    return _dismissed(change)


def _dismissed(change: Change) -> Appeal:
    appeal = change.appeal
    refresh_clocks(appeal)
    notice = notify_dismissal(appeal, acting_user=change.user, today=change.today)
    change.save(notice=notice)
    return appeal


@transaction.atomic
def vacate_dismissal(*, appeal: Appeal, requested_on: date, reasons: str, acting_user, today: date) -> Appeal:
    """Good cause shown within 30 days of the dismissal: the appeal is reinstated and its decision
    clock restarts from the day it is reinstated."""
    lock(appeal)
    require_text("reasons", reasons, "Give the good cause shown.")
    if requested_on > today:
        raise ValidationError({"requested_on": "The day of the request cannot be in the future."})
    if not rules.is_within(requested_on, appeal.vacate_due_on):
        raise ValidationError({"requested_on": f"The last day to ask was {appeal.vacate_due_on}."})
    change = Change(appeal, user=acting_user, reason="Dismissal vacated on good cause", today=today)
    change.apply("vacate_dismissal")
    set_decision_clock(appeal, start=today)
    notice = notifying.notify(
        appeal,
        code=notifying.ACKNOWLEDGEMENT,
        decision=_("Your appeal was reopened"),
        reasons=[reasons, appeal.decision_due_explain],
        acting_user=acting_user,
        today=today,
        details={"decision_due_on": appeal.decision_due_on},
    )
    try:
        with transaction.atomic():
            change.save(notice=notice)
    except IntegrityError as exc:
        raise ValidationError(
            {"state": "Another appeal of this decision is open; it cannot be reopened."}
        ) from exc
    return appeal
