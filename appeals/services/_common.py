"""Shared steps of the appeal services: lock, transition with checks, save with history, event rows.

A service collects its transitions in a ``Change`` and saves once: the row with
``update_fields`` (only what changed) and simple-history's actor and reason, then
one ``AppealEvent`` per step.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import can_proceed, has_transition_perm

from hca_portal.calendar import holidays_between, holidays_for_period, reach

from .. import rules
from ..models import Appeal, AppealEvent


def lock(appeal: Appeal) -> Appeal:
    """Reload ``appeal`` in place under a row lock (the rest of the transaction sees one version)."""
    appeal.refresh_from_db(from_queryset=Appeal.objects.select_for_update())
    return appeal


def _snapshot(appeal: Appeal) -> dict:
    return {f.attname: f.value_from_object(appeal) for f in appeal._meta.concrete_fields}


class Change:
    """The steps one service takes on one appeal, saved together."""

    def __init__(self, appeal: Appeal, *, user, reason: str, today: date, new: bool = False):
        self.appeal = appeal
        self.user = user
        self.reason = reason
        self.today = today
        self.new = new
        self.before = {} if new else _snapshot(appeal)
        self.steps: list[tuple[str, str, str]] = []

    def apply(self, name: str, *, check_perm: bool = True, **kwargs) -> None:
        """Run transition ``name``: 400 when the state does not allow it, 403 when the user may not."""
        method = getattr(self.appeal, name)
        field = method._django_fsm.field
        if not can_proceed(method):
            label = self.appeal._meta.get_field(field.name).flatchoices
            current = dict(label).get(getattr(self.appeal, field.name), getattr(self.appeal, field.name))
            raise ValidationError(
                {field.name: f"Cannot {name.replace('_', ' ')} an appeal that is “{current}”."}
            )
        if check_perm and not has_transition_perm(method, self.user):
            raise PermissionDenied(f"You may not {name.replace('_', ' ')} this appeal.")
        before = getattr(self.appeal, field.name)
        method(**kwargs)
        self.steps.append((name, before, getattr(self.appeal, field.name)))

    def note(self, name: str) -> None:
        """A step that is not a transition (assignment, a recomputed date, a notice)."""
        state = self.appeal.state
        self.steps.append((name, state, state))

    def save(self, *, notice=None) -> list[AppealEvent]:
        appeal = self.appeal
        appeal._history_user = self.user
        appeal._change_reason = self.reason[:100]
        if self.new:
            appeal.save()
        else:
            after = _snapshot(appeal)
            changed = [appeal._meta.get_field(a).name for a, v in after.items() if self.before.get(a) != v]
            if changed:
                appeal.save(update_fields=[*changed, "updated_at"])
        self.before = _snapshot(appeal)
        self.new = False
        events = [
            AppealEvent(
                appeal=appeal,
                name=name,
                from_state=src,
                to_state=dst,
                actor=self.user,
                reason=self.reason,
                on=self.today,
                notice=notice if i == len(self.steps) - 1 else None,
            )
            for i, (name, src, dst) in enumerate(self.steps)
        ]
        self.steps = []
        return AppealEvent.objects.bulk_create(events)


def set_decision_clock(appeal: Appeal, *, start: date) -> None:
    """Start (or restart) the decision clock on ``appeal``: due date, its rule and the reminder day."""
    period = rules.decision_period(appeal.level, appeal.is_expedited)
    holidays = holidays_for_period(start, period)
    due = rules.decision_deadline(appeal.level, appeal.is_expedited, start, holidays)
    appeal.decision_clock_start = start
    appeal.decision_due_on = due.due
    appeal.decision_due_rule = period.code
    appeal.decision_due_explain = due.explain()
    appeal.remind_on = rules.reminder_date(due.due, holidays)


def set_vacate_window(appeal: Appeal, *, dismissed_on: date) -> None:
    from hca_portal.dates import DISMISSAL_VACATE

    window = rules.vacate_deadline(dismissed_on, holidays_for_period(dismissed_on, DISMISSAL_VACATE))
    appeal.vacate_due_on = window.due
    appeal.vacate_due_explain = window.explain()
    appeal.remind_on = None


def set_final_appeal_window(appeal: Appeal) -> None:
    """The window to file a final appeal, from the appeal's decision and, after a vendor delay,
    its missed due date (rules.final_appeal_window: the later wins)."""
    from hca_portal.dates import FINAL_APPEAL_FILING

    missed = appeal.decision_due_on if appeal.vendor_delayed_on else None
    starts = [d for d in (missed, appeal.decided_on) if d is not None]
    if not starts:
        return
    holidays = holidays_between(min(starts), max(starts) + reach(FINAL_APPEAL_FILING))
    window = rules.final_appeal_window(decided_on=appeal.decided_on, missed_due_on=missed, holidays=holidays)
    appeal.final_appeal_due_on = window.due
    appeal.final_appeal_due_explain = window.explain()


def require_perm(user, perm: str) -> None:
    if user is None or not user.has_perm(perm):
        raise PermissionDenied("You may not do this.")


def require_text(field: str, value: str, message: str) -> None:
    if not (value or "").strip():
        raise ValidationError({field: message})
