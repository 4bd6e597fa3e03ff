"""Decisions and redeterminations: one determination per member, each with its notice (P2, P4)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django_fsm import can_proceed

from notices.content import format_date

from .. import explanations, rules, selectors
from ..models import (
    Application,
    Decision,
    Determination,
    EnrollmentState,
    Member,
    PlanYear,
)
from ._common import _notify, _save, _transition, first_of_next_month
from .cap import _end_member_places, _live_enrollment, _slot_open, place_enrollment, promote_waitlist
from .figures import _money, _settled_findings, determination_inputs, governing_guidance, member_figures


def decision_summary(*, application: Application, today: date) -> dict:
    """What deciding today would decide, for the caseworker to confirm (nothing is written)."""
    effective = max(first_of_next_month(today), application.plan_year.starts_on)
    plan_year, guidance = governing_guidance(effective)
    fpl_pct, assistance, tier = _money(application, guidance)
    members = []
    for member in application.members.filter(is_applying=True).prefetch_related("findings"):
        settled = _settled_findings(application, member, guidance, effective)
        decision, codes = rules.decide(settled.values())
        members.append({"member": member, "findings": list(settled.values()), "decision": decision})
    return {
        "effective_date": effective,
        "plan_year": plan_year,
        "guidance": guidance,
        "fpl_pct": fpl_pct,
        "premium_assistance": assistance,
        "oop_tier": tier,
        "income_limit_pct": guidance.income_limit_pct,
        "members": members,
        "decidable": all(m["decision"] is not None for m in members),
    }


@transaction.atomic
def decide_application(*, application: Application, acting_user, today: date) -> list[Determination]:
    """Decide every applying member; place the eligible under the cap or on the waitlist; send notices.

    Every criterion is evaluated again here, on the facts on file and the guidance that governs the
    coverage the decision starts (in force on the effective date, in that date's plan year); DACA
    validity must hold on the effective date. Findings made at intake are only a first look.
    """
    # Only the application's row: a bare FOR UPDATE would lock the joined plan year from the first
    # statement; the cap's lock on the plan year is taken as late as possible (_determine).
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("plan_year").get(pk=application.pk)
    )
    if not can_proceed(application.determine):
        raise ValidationError(
            {"state": f"Cannot decide an application that is “{application.get_state_display()}”."}
        )
    effective = max(first_of_next_month(today), application.plan_year.starts_on)
    _plan_year, guidance = governing_guidance(effective)
    outcomes = _decide_members(application, guidance, effective, acting_user=acting_user)
    fpl_pct, assistance, tier = _money(application, guidance)
    application.completed_at = application.completed_at or timezone.now()
    application.next_due_on = None
    _transition(
        application,
        "determine",
        user=acting_user,
        reason="Eligibility decided",
        extra_fields=("completed_at", "next_due_on"),
    )
    determinations = {}
    # Members found ineligible first: their determinations and notices need no slot, so they are
    # written before the eligible take the plan year's lock (held to the commit).
    for member, decision, codes in sorted(outcomes, key=lambda outcome: outcome[1] == Decision.ELIGIBLE):
        determinations[member.pk] = _determine(
            application,
            member,
            guidance=guidance,
            decision=decision,
            codes=codes,
            fpl_pct=fpl_pct,
            assistance=assistance if decision == Decision.ELIGIBLE else Decimal("0.00"),
            tier=tier if decision == Decision.ELIGIBLE else "",
            effective_date=effective,
            acting_user=acting_user,
            today=today,
        )
    return [determinations[member.pk] for member, _decision, _codes in outcomes]


def _decide_members(application: Application, guidance, effective: date, *, acting_user) -> list[tuple]:
    """(member, decision, reason codes) for every applying member, each criterion evaluated again on
    the facts on file (a first decision and every redetermination). A member with a criterion still
    open stops the whole decision; the system's own findings are brought up to date."""
    outcomes = []
    for member in application.members.filter(is_applying=True).prefetch_related("findings"):
        settled = _settled_findings(application, member, guidance, effective)
        decision, codes = rules.decide(settled.values())
        if decision is None:
            raise ValidationError(
                {
                    "findings": f"{member}: some criteria are not verified yet or still need information; "
                    "record a finding with its evidence or attestation, or request the information."
                }
            )
        _record_system_findings(member, settled, acting_user=acting_user)
        outcomes.append((member, decision, codes))
    return outcomes


def _record_system_findings(member: Member, settled: dict, *, acting_user) -> None:
    """Bring the system's own findings (not a caseworker's) up to what the decision found."""
    for finding in member.findings.all():
        if finding.recorded_by_id is not None:
            continue
        fresh = settled.get(finding.criterion)
        if fresh is None or (fresh.status, fresh.reason_code) == (finding.status, finding.reason_code):
            continue
        finding.status, finding.reason_code = fresh.status, fresh.reason_code
        _save(
            finding,
            user=acting_user,
            reason="Criterion evaluated again at decision",
            fields=["status", "reason_code"],
        )


def _determine(
    application,
    member,
    *,
    guidance,
    decision,
    codes,
    fpl_pct,
    assistance,
    tier,
    effective_date,
    acting_user,
    today,
    supersedes=None,
    reason="Eligibility decided",
    notice_type: str | None = None,
    notice_details: dict | None = None,
    renewal: bool = False,
):
    """Record a determination and send its notice. An eligible member beyond the cap is placed on
    the waitlist: that placement is an adverse decision (E(1)), effective the day it is made, with
    no assistance or tier in force until an accepted offer starts coverage. A ``renewal`` into a new
    plan year asks the cap for a renewing enrollee's slot (cap._slot_open).

    The determination keeps every input of its figures (``determination_inputs``): the member's
    assistance is figured against their own plan and never exceeds its premium. It supersedes the
    one in force (``supersedes``, else the member's current one), which is end-dated, never edited.
    ``fpl_pct`` is recomputed from the same inputs and kept for callers' compatibility.
    """
    if supersedes is None:
        supersedes = selectors.current_determination(member)
    waitlisted = False
    if decision == Decision.ELIGIBLE:
        # The plan year's row is the cap's lock: whether a slot is open is read after taking it.
        plan_year = PlanYear.objects.select_for_update().get(pk=guidance.plan_year_id)
        existing = _live_enrollment(member, plan_year)
        if existing is None:
            waitlisted = not _slot_open(plan_year, effective_date, renewal=renewal)
        else:
            waitlisted = existing.state == EnrollmentState.WAITLISTED
    figures, plan = member_figures(application, member, guidance)
    determination = Determination(
        application=application,
        member=member,
        guidance=guidance,
        decision=decision,
        effective_date=today if waitlisted else effective_date,
        reason_codes=[*codes, *rules.WAITLIST_REASONS] if waitlisted else codes,
        decided_on=today,
        decided_by=acting_user,
        supersedes=supersedes,
        waitlisted=waitlisted,
        **determination_inputs(
            figures,
            plan,
            guidance,
            eligible=decision == Decision.ELIGIBLE,
            waitlisted=waitlisted,
            assistance=assistance,
            tier=tier,
            acting_user=acting_user,
        ),
    )
    if supersedes is not None:
        _end_date(supersedes, replaced_by=determination, acting_user=acting_user, reason=reason)
    _save(determination, user=acting_user, reason=reason)
    enrollment = None
    if decision == Decision.ELIGIBLE:
        enrollment = place_enrollment(determination=determination, acting_user=acting_user, today=today)
    _decision_notice(
        determination,
        enrollment,
        acting_user=acting_user,
        today=today,
        notice_type=notice_type,
        notice_details=notice_details,
    )
    return determination


def _end_date(current: Determination, *, replaced_by: Determination, acting_user, reason: str) -> None:
    """End-date the determination in force: the only change a determination ever gets (P11)."""
    locked = Determination.objects.select_for_update().get(pk=current.pk)
    if locked.superseded_on is not None:
        raise ValidationError(
            {"supersedes": "That determination was already replaced by a newer one; reload the case."}
        )
    locked.superseded_on = replaced_by.decided_on
    locked.ended_on = rules.last_day_in_force(replaced_by.effective_date)
    _save(locked, user=acting_user, reason=f"Superseded: {reason}", fields=["superseded_on", "ended_on"])
    current.superseded_on, current.ended_on = locked.superseded_on, locked.ended_on


def _decision_notice(
    determination: Determination,
    enrollment,
    *,
    acting_user,
    today: date,
    notice_type: str | None = None,
    notice_details: dict | None = None,
):
    """The notice of a determination: approval, waitlist placement or denial, with what is in force.

    ``notice_type`` names the notice of a determination that follows another (``change``,
    ``renewal``): it goes out instead of the approval or denial; a waitlist placement keeps its own.
    ``notice_details`` adds to its details (a change notice: what changed).
    """
    application, member = determination.application, determination.member
    explained = _explained(determination)
    if determination.decision != Decision.ELIGIBLE:
        return _notify(
            application,
            notice_type=notice_type or "denial",
            decision=Decision.INELIGIBLE.label,
            effective_date=determination.effective_date,
            reason_codes=determination.reason_codes,
            acting_user=acting_user,
            today=today,
            details={
                "member": str(member),
                "fpl_pct": str(determination.fpl_pct),
                "determination": str(determination.pk),
                **explained,
                **(notice_details or {}),
            },
        )
    if determination.waitlisted:
        group = enrollment.priority_group if enrollment is not None else 2
        return _notify(
            application,
            notice_type="waitlist",
            decision=translation.gettext_lazy(
                "You are eligible for the program, but you are placed on the waitlist: the enrollment cap "
                "for plan year %(year)s has been reached. You have no coverage or assistance from the "
                "program until you accept an offer of a place."
            ),
            decision_params={"year": determination.guidance.plan_year.year},
            effective_date=determination.effective_date,
            reason_codes=[
                *determination.reason_codes,
                rules.PRIORITY_REASONS[group],
                "waitlist_order",
                "waitlist_next_offer",
            ],
            acting_user=acting_user,
            today=today,
            details={
                "member": str(member),
                "fpl_pct": str(determination.fpl_pct),
                "determination": str(determination.pk),
                **explained,
            },
        )
    return _notify(
        application,
        notice_type=notice_type or "approval",
        decision=Decision.ELIGIBLE.label,
        effective_date=determination.effective_date,
        reason_codes=determination.reason_codes,
        acting_user=acting_user,
        today=today,
        details={
            "member": str(member),
            "fpl_pct": str(determination.fpl_pct),
            "premium_assistance": str(determination.premium_assistance),
            "oop_tier": determination.oop_tier,
            "determination": str(determination.pk),
            **explained,
            **(notice_details or {}),
        },
    )


def _explained(determination: Determination) -> dict:
    """The computation and what the decision replaces, in words in the reader's language when the
    notice is issued (notices stores what it is given: it never reads a determination)."""
    with translation.override(determination.application.preferred_language):
        details = {"computation": explanations.explain(determination)}
        previous = determination.supersedes
        if previous is not None:
            details["replaces"] = translation.gettext(
                "The decision of %(decided)s, in force from %(start)s. This decision takes its place "
                "from %(date)s."
            ) % {
                "decided": format_date(previous.decided_on),
                "start": format_date(previous.effective_date),
                "date": format_date(determination.effective_date),
            }
    return details


@transaction.atomic
def redetermine(
    *,
    application: Application,
    member: Member,
    decision: str,
    reason_codes: list[str],
    effective_date: date,
    acting_user,
    today: date,
    reason: str,
    premium_assistance: Decimal | None = None,
    oop_tier: str | None = None,
) -> Determination:
    """Carry out an appeal decision that reverses or modifies a determination: a new one supersedes it.

    Found ineligible, the member's enrollment ends and any waitlist place or offer is withdrawn;
    the slots so freed are offered to the next in line at once (promote_waitlist).
    """
    # Only the application's row: a bare FOR UPDATE would lock the joined plan year from the first
    # statement; the cap's lock on the plan year is taken as late as possible (_determine).
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("plan_year").get(pk=application.pk)
    )
    _plan_year, guidance = governing_guidance(effective_date)
    fpl_pct, assistance, tier = _money(application, guidance)
    _transition(application, "redetermine", user=acting_user, reason=reason)
    freed: set[int] = set()
    if decision != Decision.ELIGIBLE:
        assistance, tier = Decimal("0.00"), ""
        freed = _end_member_places(member, ends_on=effective_date, acting_user=acting_user, reason=reason)
    determination = _determine(
        application,
        member,
        guidance=guidance,
        decision=decision,
        codes=reason_codes,
        fpl_pct=fpl_pct,
        assistance=premium_assistance if premium_assistance is not None else assistance,
        tier=oop_tier if oop_tier is not None else tier,
        effective_date=effective_date,
        acting_user=acting_user,
        today=today,
        reason=reason,
    )
    for plan_year in PlanYear.objects.filter(pk__in=freed):
        promote_waitlist(plan_year=plan_year, acting_user=acting_user, today=today)
    return determination


@transaction.atomic
def reevaluate(
    *,
    application: Application,
    acting_user,
    today: date,
    effective_date: date,
    reason: str,
    notice_type: str = "change",
    notice_details: dict | None = None,
    renewal: bool = False,
) -> list[Determination]:
    """Redetermine every applying member on the facts now on file (PRODUCT P11).

    The one path for a reported change, a correction, an appeal decision on the facts and a renewal:
    every criterion is evaluated again under the guidance governing ``effective_date`` (in that
    date's plan year), each new determination supersedes the one in force, a member found
    ineligible loses their place (the slot is offered at once), and one notice of ``notice_type``
    goes out per member.

    A ``renewal`` (services.renewals) redetermines under the next plan year: an enrollee keeps
    their place before new applicants when its guidance says so (``renewals_hold_place``), and one
    found ineligible keeps the old year's coverage to that year's end (only new-year places end).
    """
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("plan_year").get(pk=application.pk)
    )
    _plan_year, guidance = governing_guidance(effective_date)
    outcomes = _decide_members(application, guidance, effective_date, acting_user=acting_user)
    fpl_pct, assistance, tier = _money(application, guidance)
    _transition(application, "redetermine", user=acting_user, reason=reason)
    freed: set[int] = set()
    determinations = {}
    for member, decision, codes in sorted(outcomes, key=lambda outcome: outcome[1] == Decision.ELIGIBLE):
        if decision != Decision.ELIGIBLE:
            freed |= _end_member_places(
                member,
                ends_on=effective_date,
                acting_user=acting_user,
                reason=reason,
                plan_year=_plan_year if renewal else None,
            )
        determinations[member.pk] = _determine(
            application,
            member,
            guidance=guidance,
            decision=decision,
            codes=codes,
            fpl_pct=fpl_pct,
            assistance=assistance if decision == Decision.ELIGIBLE else Decimal("0.00"),
            tier=tier if decision == Decision.ELIGIBLE else "",
            effective_date=effective_date,
            acting_user=acting_user,
            today=today,
            reason=reason,
            notice_type=notice_type,
            notice_details=notice_details,
            renewal=renewal,
        )
    for plan_year in PlanYear.objects.filter(pk__in=freed):
        promote_waitlist(plan_year=plan_year, acting_user=acting_user, today=today)
    return [determinations[member.pk] for member, _decision, _codes in outcomes]
