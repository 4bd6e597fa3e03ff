"""Coverage after a decision: offers accepted or declined, and enrollments ended (P4)."""

from datetime import date

from django.db import transaction
from django.utils import translation

from .. import rules, selectors
from ..models import (
    Decision,
    Determination,
    Enrollment,
)
from ._common import _notify, _save, _transition, first_of_next_month
from .cap import promote_waitlist
from .decisions import _decision_notice, _end_date
from .figures import _money, determination_inputs, member_figures


@transaction.atomic
def accept_offer(*, enrollment: Enrollment, acting_user, today: date) -> Enrollment:
    """The member takes the offered slot: coverage starts, under a new determination with the figures
    of the guidance in force on its first day, and an approval notice with appeal rights goes out."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("member__application", "plan_year", "determination")
        .get(pk=enrollment.pk)
    )
    effective = max(first_of_next_month(today), enrollment.plan_year.starts_on)
    enrollment.effective_date = effective
    _transition(
        enrollment, "accept", user=acting_user, reason="Offer accepted", extra_fields=("effective_date",)
    )
    application, member = enrollment.member.application, enrollment.member
    guidance = selectors.guidance_in_force(enrollment.plan_year, effective)
    _fpl_pct, assistance, tier = _money(application, guidance)
    figures, plan = member_figures(application, member, guidance)
    previous = enrollment.determination
    current = selectors.current_determination(member)
    determination = Determination(
        application=application,
        member=member,
        guidance=guidance,
        decision=Decision.ELIGIBLE,
        effective_date=effective,
        reason_codes=[c for c in previous.reason_codes if c not in rules.WAITLIST_REASONS],
        decided_on=today,
        decided_by=acting_user,
        supersedes=current,
        **determination_inputs(
            figures,
            plan,
            guidance,
            eligible=True,
            waitlisted=False,
            assistance=assistance,
            tier=tier,
            acting_user=acting_user,
        ),
    )
    if current is not None:
        _end_date(current, replaced_by=determination, acting_user=acting_user, reason="Offer accepted")
    _save(determination, user=acting_user, reason="Offer accepted: coverage starts")
    enrollment.determination = determination
    _save(enrollment, user=acting_user, reason="Offer accepted: coverage starts", fields=["determination"])
    _decision_notice(determination, enrollment, acting_user=acting_user, today=today)
    return enrollment


@transaction.atomic
def decline_offer(*, enrollment: Enrollment, acting_user, today: date) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    enrollment.ended_on = today
    _transition(enrollment, "decline", user=acting_user, reason="Offer declined", extra_fields=("ended_on",))
    promote_waitlist(plan_year=enrollment.plan_year, acting_user=acting_user, today=today)
    return enrollment


@transaction.atomic
def terminate_enrollment(
    *, enrollment: Enrollment, reason_codes: list[str], acting_user, today: date
) -> Enrollment:
    """End an enrollment (with a notice) and offer the freed slot to the next in line."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("member__application").get(pk=enrollment.pk)
    )
    ends = first_of_next_month(today)
    enrollment.ended_on = ends
    _transition(
        enrollment, "terminate", user=acting_user, reason="Enrollment terminated", extra_fields=("ended_on",)
    )
    _notify(
        enrollment.member.application,
        notice_type="termination",
        decision=translation.gettext_lazy("Your coverage through the program ends."),
        effective_date=ends,
        reason_codes=reason_codes,
        acting_user=acting_user,
        today=today,
        details={"member": str(enrollment.member)},
    )
    promote_waitlist(plan_year=enrollment.plan_year, acting_user=acting_user, today=today)
    return enrollment
