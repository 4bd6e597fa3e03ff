"""Every transition of both state machines from every state, at both levels: allowed or forbidden."""

from datetime import date

import pytest
from django.db import transaction
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from appeals.models import OPEN_STATES, Appeal, Expedite, Level, State

S = State
OPEN = set(OPEN_STATES)

# transition -> (source states, levels it exists at, keyword arguments, target)
STATE_TRANSITIONS = {
    "screen_timely": ({S.RECEIVED}, {"first", "final"}, {}, S.SCREENED),
    "screen_late": ({S.RECEIVED}, {"first", "final"}, {}, S.LATE),
    "mark_incomplete": (
        {S.RECEIVED},
        {"first", "final"},
        {"missing": "signature", "on": date(2026, 3, 20)},
        S.INCOMPLETE,
    ),
    "cure": ({S.INCOMPLETE}, {"first", "final"}, {}, S.RECEIVED),
    "claim_good_cause": ({S.LATE}, {"first", "final"}, {"statement": "hospital"}, S.GOOD_CAUSE_CLAIMED),
    "grant_good_cause": ({S.GOOD_CAUSE_CLAIMED}, {"first", "final"}, {}, S.SCREENED),
    "deny_good_cause": ({S.GOOD_CAUSE_CLAIMED}, {"first", "final"}, {"on": date(2026, 4, 1)}, S.DISMISSED),
    "dismiss_untimely": ({S.LATE}, {"first", "final"}, {"on": date(2026, 4, 1)}, S.DISMISSED),
    "dismiss_not_adverse": ({S.RECEIVED}, {"first", "final"}, {"on": date(2026, 4, 1)}, S.DISMISSED),
    "dismiss_uncured": ({S.INCOMPLETE}, {"first", "final"}, {"on": date(2026, 4, 1)}, S.DISMISSED),
    "withdraw": (OPEN, {"first", "final"}, {"on": date(2026, 4, 1)}, S.DISMISSED),
    "vacate_dismissal": ({S.DISMISSED}, {"first", "final"}, {}, S.SCREENED),
    "start_review": ({S.SCREENED}, {"first", "final"}, {}, S.UNDER_REVIEW),
    "mark_vendor_delayed": (
        {S.LATE, S.GOOD_CAUSE_CLAIMED, S.SCREENED, S.UNDER_REVIEW},
        {"first"},
        {"on": date(2026, 4, 10)},
        S.VENDOR_DELAYED,
    ),
    "escalate": ({S.VENDOR_DELAYED}, {"first"}, {}, S.ESCALATED),
    "decide_first_level": (
        {S.SCREENED, S.UNDER_REVIEW, S.VENDOR_DELAYED},
        {"first"},
        {"outcome": "upheld", "reasons": "r", "on": date(2026, 4, 1), "by": None},
        S.DECIDED,
    ),
    "decide_final": (
        {S.SCREENED, S.UNDER_REVIEW},
        {"final"},
        {"outcome": "upheld", "reasons": "r", "on": date(2026, 5, 1), "by": None},
        S.CLOSED,
    ),
}

EXPEDITE_TRANSITIONS = {
    "request_expedite": (Expedite.NONE, {"reason": "surgery next week"}, Expedite.REQUESTED),
    "grant_expedite": (Expedite.REQUESTED, {}, Expedite.GRANTED),
    "deny_expedite": (Expedite.REQUESTED, {}, Expedite.DENIED),
}

STATE_CASES = [
    (name, level, state) for name in STATE_TRANSITIONS for level in Level.values for state in State.values
]


def _appeal(level, state, expedite=Expedite.NONE) -> Appeal:
    return Appeal(level=level, state=state, expedite=expedite)


@pytest.mark.parametrize(("name", "level", "state"), STATE_CASES)
def test_state_transition_table(name, level, state):
    sources, levels, kwargs, target = STATE_TRANSITIONS[name]
    appeal = _appeal(level, state)
    method = getattr(appeal, name)
    allowed = state in sources and level in levels

    assert can_proceed(method) is allowed
    if allowed:
        method(**kwargs)
        assert appeal.state == target
    else:
        with pytest.raises(TransitionNotAllowed):
            method(**kwargs)
        assert appeal.state == state


EXPEDITE_CASES = [
    (name, expedite, state)
    for name in EXPEDITE_TRANSITIONS
    for expedite in Expedite.values
    for state in State.values
]


@pytest.mark.parametrize(("name", "expedite", "state"), EXPEDITE_CASES)
def test_expedite_transition_table(name, expedite, state):
    source, kwargs, target = EXPEDITE_TRANSITIONS[name]
    appeal = _appeal(Level.FIRST, state, expedite)
    method = getattr(appeal, name)
    allowed = expedite == source and state in OPEN

    assert can_proceed(method) is allowed
    if allowed:
        method(**kwargs)
        assert appeal.expedite == target
    else:
        with pytest.raises(TransitionNotAllowed):
            method(**kwargs)


def test_transitions_change_only_the_row_fields():
    appeal = _appeal(Level.FIRST, S.UNDER_REVIEW)
    appeal.decide_first_level(outcome="reversed", reasons="Income recounted", on=date(2026, 4, 1), by=None)
    assert (appeal.outcome, appeal.decision_reasons, appeal.decided_on) == (
        "reversed",
        "Income recounted",
        date(2026, 4, 1),
    )


def test_vacating_clears_the_dismissal():
    appeal = _appeal(Level.FIRST, S.LATE)
    appeal.dismiss_untimely(on=date(2026, 4, 20))
    appeal.vacate_dismissal()
    assert (appeal.state, appeal.dismissal_reason, appeal.dismissed_on) == (S.SCREENED, "", None)


def test_state_is_protected():
    appeal = _appeal(Level.FIRST, S.RECEIVED)
    with pytest.raises(AttributeError):
        appeal.state = S.DECIDED
    with pytest.raises(AttributeError):
        appeal.expedite = Expedite.GRANTED


@pytest.mark.django_db
def test_concurrent_transitions_fail_loudly():
    from .factories import AppealFactory

    row = AppealFactory(state=S.UNDER_REVIEW)
    first, second = Appeal.objects.get(pk=row.pk), Appeal.objects.get(pk=row.pk)
    first.withdraw(on=date(2026, 4, 1))
    first.save()
    second.decide_first_level(outcome="upheld", reasons="r", on=date(2026, 4, 1), by=None)
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        second.save()
    row.refresh_from_db()
    assert row.state == S.DISMISSED
