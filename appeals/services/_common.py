"""Shared steps of the appeal services: lock, transition with checks, save with history, event rows.

A service collects its transitions in a ``Change`` and saves once: the row with
``update_fields`` (only what changed) and simple-history's actor and reason, then
one ``AppealEvent`` per step.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import can_proceed, has_transition_perm

from hca_portal.calendar import holidays_between, reach
from hca_portal.dates import APPEAL_CURE, DISMISSAL_VACATE, FINAL_APPEAL_FILING

from .. import rules
from ..models import Appeal, AppealEvent, Level


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


# How far past its start any clock can end (and so how far past the earliest start holidays are
# read): the longest reach among the decision, cure, vacate and final-appeal periods.
HORIZON = max(
    reach(period)
    for period in (
        *(rules.decision_period(level, expedited) for level in Level.values for expedited in (False, True)),
        APPEAL_CURE,
        DISMISSAL_VACATE,
        FINAL_APPEAL_FILING,
    )
)


def clock_facts(appeal: Appeal) -> rules.ClockFacts:
    return rules.ClockFacts(
        level=appeal.level,
        state=appeal.state,
        expedited=appeal.is_expedited,
        clock_start=appeal.decision_clock_start,
        decision_due_on=appeal.decision_due_on,
        incomplete_on=appeal.incomplete_on,
        dismissed_on=appeal.dismissed_on,
        decided_on=appeal.decided_on,
        vendor_delayed_on=appeal.vendor_delayed_on,
        delay_notice_on=appeal.delay_notice_on,
    )


def holidays_for(facts: rules.ClockFacts) -> dict:
    """The holidays any clock of ``facts`` can cross (one query)."""
    starts = rules.clock_starts(facts)
    return holidays_between(min(starts), max(starts) + HORIZON) if starts else {}


def refresh_clocks(appeal: Appeal) -> None:
    """Set every clock column of ``appeal`` from its facts (rules.clock_fields, the one home)."""
    facts = clock_facts(appeal)
    for name, value in rules.clock_fields(facts, holidays_for(facts)).items():
        setattr(appeal, name, value)


def set_decision_clock(appeal: Appeal, *, start: date) -> None:
    """Start (or restart) the decision clock on ``appeal``: due date, its rule and the reminder day."""
    appeal.decision_clock_start = start
    refresh_clocks(appeal)


def require_perm(user, perm: str) -> None:
    if user is None or not user.has_perm(perm):
        raise PermissionDenied("You may not do this.")


def require_text(field: str, value: str, message: str) -> None:
    if not (value or "").strip():
        raise ValidationError({field: message})
