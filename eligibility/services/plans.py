"""The plan each member chose, which their assistance is figured against (8.401.2.12 A; PRODUCT P11).

Assistance is per member, against the plan that member chose from the plan year's eligible plans,
and never more than its premium. Without a choice it is figured on the benchmark plan.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import rules, selectors
from ..models import Application, Decision, Determination, EligiblePlan, Member
from ._common import _save, _transition, first_of_next_month
from .decisions import _determine
from .figures import _money, governing_guidance


@transaction.atomic
def choose_plan(
    *, member: Member, plan: EligiblePlan | None, acting_user, today: date
) -> Determination | None:
    """Record the plan a member chose (``None``: no choice, the benchmark plan).

    A member covered now (eligible, with a place) gets a new determination with the figures against
    that plan, effective the first of next month (or when coverage starts, if later); it supersedes
    the one in force and a change notice goes out. Otherwise (not covered, or the coverage in force
    ends with its plan year before then) the choice waits for the next decision, which uses it.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("plan_year")
        .get(pk=member.application_id)
    )
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.is_applying:
        raise ValidationError({"member": "Only a member who applies has a plan."})
    current = selectors.current_determination(member)
    plan_year = current.guidance.plan_year if current is not None else application.plan_year
    if plan is not None and plan.guidance.plan_year_id != plan_year.pk:
        raise ValidationError({"plan": f"Choose one of the eligible plans of plan year {plan_year.year}."})
    if (member.chosen_plan_id or None) == (plan.pk if plan else None):
        return None
    member.chosen_plan = plan
    _save(member, user=acting_user, reason="Plan chosen", fields=["chosen_plan"])
    if current is None or current.decision != Decision.ELIGIBLE or current.waitlisted:
        return None
    effective = max(first_of_next_month(today), current.effective_date)
    if effective > current.guidance.plan_year.ends_on:
        return None  # the coverage in force ends first: the next plan year's decision uses the choice
    _plan_year, guidance = governing_guidance(effective)
    fpl_pct, assistance, tier = _money(application, guidance)
    if current.assistance_rule == rules.ASSISTANCE_SET_ON_APPEAL:
        assistance = current.premium_assistance  # an appeal decision's amount stands
    if current.tier_rule == rules.TIER_SET_ON_APPEAL:
        tier = current.oop_tier
    _transition(application, "redetermine", user=acting_user, reason="Plan chosen")
    return _determine(
        application,
        member,
        guidance=guidance,
        decision=Decision.ELIGIBLE,
        codes=[c for c in current.reason_codes if c not in rules.WAITLIST_CODES],
        fpl_pct=fpl_pct,
        assistance=assistance,
        tier=tier,
        effective_date=effective,
        acting_user=acting_user,
        today=today,
        supersedes=current,
        reason="Plan chosen: figures against the plan",
        notice_type="change",
    )
