"""Pure rules for the workspaces (PRODUCT P1, P9): which date is a row's next deadline, days left,
and the report arithmetic (enrollment against the cap over time, appeal timeliness).

No database and no clock: callers pass rows (model instances or plain tuples) and ``today``.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from appeals.choices import FINAL_APPEALABLE_STATES, FIRST_LEVEL_DECIDABLE, State
from appeals.rules import is_timely
from eligibility.models import ApplicationState
from eligibility.rules import in_force

# How far ahead "due soon" looks, in calendar days (today included).
DUE_SOON_DAYS = 7

# Appeal states grouped by whose move it is: accepted and waiting for a decision, or still being screened.
APPEAL_DECISION_CLOCK = FIRST_LEVEL_DECIDABLE
APPEAL_SCREENING = (State.RECEIVED, State.LATE, State.GOOD_CAUSE_CLAIMED)


@dataclass(frozen=True)
class Due:
    """A row's next deadline: what is due, and the last day for it."""

    label: str
    on: date


def days_left(due: date | None, today: date) -> int | None:
    """Calendar days from today to the due date: 0 on the day itself, negative once it has passed."""
    return None if due is None else (due - today).days


def urgency(due: date | None, today: date) -> str:
    """'overdue', 'today', 'soon' (within DUE_SOON_DAYS), 'later' or 'none'."""
    left = days_left(due, today)
    if left is None:
        return "none"
    if left < 0:
        return "overdue"
    if left == 0:
        return "today"
    if left < DUE_SOON_DAYS:
        return "soon"
    return "later"


def application_due(application) -> Due | None:
    """A case's next deadline as the caseworker sees it: the response date of an open request."""
    if application.next_due_on is None:
        return None
    if application.state == ApplicationState.AWAITING_INFORMATION:
        return Due(str(_("Information due")), application.next_due_on)
    if application.state == ApplicationState.DETERMINED:  # a reported change to act on (PRODUCT P11)
        return Due(str(_("Reported change to be acted on by")), application.next_due_on)
    return Due(str(_("Next due")), application.next_due_on)


def appeal_staff_due(appeal) -> Due | None:
    """An appeal's next deadline for whoever decides it (the stored due dates, P6)."""
    if appeal.state == State.INCOMPLETE and appeal.cure_due_on:
        return Due(str(_("Appellant to complete the appeal")), appeal.cure_due_on)
    if appeal.decision_due_on and appeal.state in APPEAL_DECISION_CLOCK + APPEAL_SCREENING:
        return Due(str(_("Decision due")), appeal.decision_due_on)
    return None


def appeal_appellant_due(appeal, today: date) -> Due | None:
    """The next date that matters to the appellant: what they must do by when, else the decision due."""
    candidates = []
    if appeal.state == State.INCOMPLETE and appeal.cure_due_on:
        candidates.append(Due(str(_("Complete the appeal by")), appeal.cure_due_on))
    if appeal.state == State.DISMISSED and appeal.vacate_due_on:
        candidates.append(Due(str(_("Ask to reopen by")), appeal.vacate_due_on))
    if appeal.state in FINAL_APPEALABLE_STATES and appeal.final_appeal_due_on:
        candidates.append(Due(str(_("File a final appeal by")), appeal.final_appeal_due_on))
    if appeal.decision_due_on and appeal.state in APPEAL_DECISION_CLOCK + APPEAL_SCREENING:
        candidates.append(Due(str(_("Decision due")), appeal.decision_due_on))
    upcoming = [c for c in candidates if c.on >= today]
    if upcoming:
        return min(upcoming, key=lambda c: c.on)
    return candidates[0] if candidates else None


def earliest(dues: Iterable[Due | None], today: date) -> Due | None:
    """The nearest deadline still ahead (today counts), else the most recently passed one."""
    present = [d for d in dues if d is not None]
    upcoming = [d for d in present if d.on >= today]
    if upcoming:
        return min(upcoming, key=lambda d: d.on)
    return max(present, key=lambda d: d.on) if present else None


# --- Reports -------------------------------------------------------------------------------------


def median(values: Sequence[float | int]) -> float | None:
    return float(statistics.median(values)) if values else None


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal, None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Timeliness:
    level: str
    decided: int
    on_time: int
    median_days: float | None
    open_overdue: int

    @property
    def on_time_pct(self) -> Decimal | None:
        return share(self.on_time, self.decided)


def timeliness(
    level: str, decided: Iterable[tuple[date, date | None, date]], *, open_overdue: int = 0
) -> Timeliness:
    """Share decided on time and median days for one level.

    ``decided`` holds (clock start, decision due, decided on) per decided appeal. A decision
    on the due date is on time; an appeal with no due date (decided before one was set)
    counts as on time. Days are calendar days from the start of the clock.
    """
    count = on_time = 0
    days = []
    for start, due, decided_on in decided:
        count += 1
        if due is None or is_timely(decided_on, due):
            on_time += 1
        days.append((decided_on - start).days)
    return Timeliness(level, count, on_time, median(days), open_overdue)


@dataclass(frozen=True)
class CapPoint:
    day: date
    held: int
    cap: int | None


def enrollment_over_time(
    changes: Iterable[tuple[date, object, str]],
    cap_versions: Iterable[tuple[date, date, int | None]],
    *,
    slot_states: Iterable[str],
) -> list[CapPoint]:
    """Slots held at the end of each day on which something changed, with the cap in force that day.

    ``changes``: (day recorded, enrollment id, state after the change) from the enrollments'
    history, in the order recorded. ``cap_versions``: (day recorded, effective date, cap) for
    every recorded version of the plan year's guidance, in the order recorded; the cap in force
    on a day is the latest-effective version known by the end of that day (the earliest when
    none is effective yet).
    """
    slot_states = set(slot_states)
    by_day: dict[date, list[tuple[object, str]]] = {}
    for day, key, state in changes:
        by_day.setdefault(day, []).append((key, state))
    if not by_day:
        return []
    versions = list(cap_versions)
    first_change = min(by_day)
    days = sorted(
        d for d in set(by_day) | {recorded for recorded, _eff, _cap in versions} if d >= first_change
    )
    state_of: dict[object, str] = {}
    points = []
    for day in days:
        for key, state in by_day.get(day, []):
            state_of[key] = state
        held = sum(1 for s in state_of.values() if s in slot_states)
        points.append(CapPoint(day, held, cap_on(day, versions)))
    # Keep only days where the picture changed.
    kept: list[CapPoint] = []
    for point in points:
        if not kept or (kept[-1].held, kept[-1].cap) != (point.held, point.cap):
            kept.append(point)
    return kept


def cap_on(day: date, versions: Sequence[tuple[date, date, int | None]]) -> int | None:
    known: dict[date, int | None] = {}
    for recorded, effective, cap in versions:
        if recorded <= day:
            known[effective] = cap
    return known[effective] if (effective := in_force(known, day)) is not None else None
