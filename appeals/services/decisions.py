"""Deciding appeals (8.401.2.12 E(4), (5)).

First level: the vendor's impartial member (``appeals.decide_first_level_appeal``)
who took no part in the determination appealed. Final: a bureau reviewer
(``appeals.decide_final_appeal``), equally impartial; the final decision is the
final administrative action. A reversal or modification is carried out on the
case through ``eligibility.services.redetermine`` (a new determination and its notice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eligibility.models import Decision

from .. import notifying
from ..models import Appeal, Level, Outcome
from ._common import Change, lock, refresh_clocks, require_text


@dataclass(frozen=True)
class DeterminationChange:
    """How a reversal or modification changes the determination appealed."""

    decision: str
    effective_date: date
    premium_assistance: Decimal | None = None
    oop_tier: str | None = None
    # A decision on the facts (income, household, residency): the corrected facts, by field
    # (annual_magi, household_size, state_code). They are recorded as a correction with the appeal as
    # its cause, and the new determination's figures are computed from them.
    corrected_facts: dict | None = None


def _check_outcome(outcome: str, change: DeterminationChange | None) -> None:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose upheld, reversed or modified."})
    if outcome == Outcome.UPHELD and change is not None:
        raise ValidationError({"outcome": "An upheld decision does not change the determination."})
    if outcome != Outcome.UPHELD and change is None:
        raise ValidationError({"decision": "Say how the determination changes."})
    if change is not None and change.decision not in Decision.values:
        raise ValidationError({"decision": "Choose eligible or not eligible."})
    if change is not None and change.corrected_facts and change.premium_assistance is not None:
        raise ValidationError(
            {"premium_assistance": "Leave the assistance empty: it is computed from the corrected facts."}
        )


@transaction.atomic
def decide_appeal(
    *,
    appeal: Appeal,
    outcome: str,
    reasons: str,
    acting_user,
    today: date,
    change: DeterminationChange | None = None,
) -> Appeal:
    """Decide the appeal at its level; carry out a reversal or modification; send the decision notice."""
    lock(appeal)
    require_text("reasons", reasons, "Give the reasons for the decision.")
    _check_outcome(outcome, change)
    transition = "decide_first_level" if appeal.level == Level.FIRST else "decide_final"
    if acting_user is None or not appeal.may_be_decided_by(acting_user):
        if acting_user is not None and acting_user.has_perm(appeal.decide_permission):
            raise PermissionDenied(
                "You took part in the decision appealed, so you cannot decide this appeal."
            )
        raise PermissionDenied("You may not decide this appeal.")
    step = Change(appeal, user=acting_user, reason=f"Appeal decided: {Outcome(outcome).label}", today=today)
    step.apply(transition, outcome=outcome, reasons=reasons.strip(), on=today, by=acting_user)

    if change is not None:
        appeal.new_determination = _carry_out(
            appeal, outcome, change, reasons=reasons.strip(), acting_user=acting_user, today=today
        )
    effective = change.effective_date if change else appeal.determination.effective_date

    if appeal.level == Level.FIRST:
        refresh_clocks(appeal)
        notice = notifying.notify(
            appeal,
            code=notifying.FIRST_LEVEL_DECISION,
            decision=format_lazy(_("Your appeal was decided: {outcome}"), outcome=Outcome(outcome).label),
            reasons=[reasons.strip()],
            acting_user=acting_user,
            today=today,
            effective_date=effective,
            details={"outcome": Outcome(outcome).label},
            appeal_deadline=appeal.final_appeal_due_on,
            appeal_to="bureau",
        )
    else:
        notice = notifying.notify(
            appeal,
            code=notifying.FINAL_DECISION,
            decision=format_lazy(
                _("Final decision on your appeal: {outcome}. This is the final administrative action."),
                outcome=Outcome(outcome).label,
            ),
            reasons=[reasons.strip()],
            acting_user=acting_user,
            today=today,
            effective_date=effective,
            details={"outcome": Outcome(outcome).label},
        )
    appeal.decision_notice = notice
    appeal.remind_on = None
    step.save(notice=notice)
    return appeal


def _carry_out(
    appeal: Appeal, outcome: str, change: DeterminationChange, *, reasons: str, acting_user, today: date
):
    from eligibility.services import correct_facts_for_appeal, link_determination, redetermine

    code = "appeal_reversed" if outcome == Outcome.REVERSED else "appeal_modified"
    correction = None
    if change.corrected_facts:
        correction = correct_facts_for_appeal(
            application=appeal.application,
            facts=change.corrected_facts,
            why=reasons,
            appeal_id=appeal.pk,
            acting_user=acting_user,
            today=today,
        )
    determination = redetermine(
        application=appeal.application,
        member=appeal.determination.member,
        decision=change.decision,
        reason_codes=[code],
        effective_date=change.effective_date,
        acting_user=acting_user,
        today=today,
        reason=f"{appeal.get_level_display()} appeal {appeal.reference}: {Outcome(outcome).label}",
        premium_assistance=change.premium_assistance,
        oop_tier=change.oop_tier,
    )
    if correction is not None:
        link_determination(change=correction, determination=determination)
    return determination
