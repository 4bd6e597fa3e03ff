"""Coverage after a decision: offers answered, coverage ended and reinstated (P4, P11).

Ends follow ``rules.coverage_end`` (coded reasons, advance notice for adverse ends); every end
offers the freed place to the next in line at once (``cap.promote_waitlist``). Answers to an offer
follow ``rules.reply_on_time`` and keep the channel they came through.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from hca_portal.calendar import holidays_between

from .. import rules, selectors
from ..models import (
    Decision,
    Determination,
    Enrollment,
    EnrollmentState,
    PlanYear,
    ReplyChannel,
)
from ._common import _notify, _save, _transition, first_of_next_month
from .cap import promote_waitlist
from .decisions import _decision_notice, _end_date
from .figures import _money, determination_inputs, member_figures


def _reply(enrollment: Enrollment, *, channel: str, received_on: date | None, today: date) -> date:
    """Check an answer to ``enrollment``'s offer and note it on the row; returns the day received."""
    received_on = received_on or today
    if channel not in ReplyChannel.values:
        raise ValidationError({"channel": translation.gettext("Choose how the answer reached us.")})
    if received_on > today:
        raise ValidationError(
            {"received_on": translation.gettext("The answer cannot be received after today.")}
        )
    if enrollment.offered_on and received_on < enrollment.offered_on:
        raise ValidationError(
            {"received_on": translation.gettext("The answer cannot be received before the offer was made.")}
        )
    if enrollment.reply_by and not rules.reply_on_time(received_on, enrollment.reply_by):
        raise ValidationError(
            {
                "received_on": translation.gettext("The reply-by date of this offer, %(date)s, has passed.")
                % {"date": enrollment.reply_by.isoformat()}
            }
        )
    enrollment.replied_on, enrollment.reply_channel = received_on, channel
    return received_on


@transaction.atomic
def accept_offer(
    *,
    enrollment: Enrollment,
    acting_user,
    today: date,
    channel: str = ReplyChannel.ONLINE,
    received_on: date | None = None,
) -> Enrollment:
    """The member takes the offered slot: coverage starts, under a new determination with the figures
    of the guidance in force on its first day, and an approval notice with appeal rights goes out.

    ``channel`` is how the answer came (online from the person's page, or by phone, mail or in person,
    recorded by staff with ``received_on``); an answer received after the reply-by date is refused.
    Coverage starts on the first of the month after the answer is recorded (never retroactively).
    """
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("member__application", "plan_year", "determination")
        .get(pk=enrollment.pk)
    )
    if enrollment.state != EnrollmentState.OFFERED:
        raise ValidationError({"state": translation.gettext("There is no open offer to answer.")})
    _reply(enrollment, channel=channel, received_on=received_on, today=today)
    effective = max(first_of_next_month(today), enrollment.plan_year.starts_on)
    enrollment.effective_date = effective
    _transition(
        enrollment,
        "accept",
        user=acting_user,
        reason=f"Offer accepted ({channel})",
        extra_fields=("effective_date", "replied_on", "reply_channel"),
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
def decline_offer(
    *,
    enrollment: Enrollment,
    acting_user,
    today: date,
    channel: str = ReplyChannel.ONLINE,
    received_on: date | None = None,
) -> Enrollment:
    """The member turns the offered slot down; it is offered to the next in line at once."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.state != EnrollmentState.OFFERED:
        raise ValidationError({"state": translation.gettext("There is no open offer to answer.")})
    _reply(enrollment, channel=channel, received_on=received_on, today=today)
    enrollment.ended_on = today
    _transition(
        enrollment,
        "decline",
        user=acting_user,
        reason=f"Offer declined ({channel})",
        extra_fields=("ended_on", "replied_on", "reply_channel"),
    )
    promote_waitlist(plan_year=enrollment.plan_year, acting_user=acting_user, today=today)
    return enrollment


def _end_notice_details(application, member, end: rules.CoverageEnd) -> dict:
    details = {"member": str(member), "last_day_of_coverage": end.last_day.isoformat()}
    if end.advance is not None:
        # The count in the notice's language (its holidays were named in it: _notice_language).
        details["advance_notice"] = end.advance.explain(_notice_language(application))
    return details


def _notice_language(application) -> str:
    return "es" if application.preferred_language == "es" else "en"


@transaction.atomic
def terminate_enrollment(
    *,
    enrollment: Enrollment,
    reason_code: str,
    acting_user,
    today: date,
    last_day: date | None = None,
) -> Enrollment:
    """End an enrollment for a coded reason, with its notice, and offer the freed slot at once.

    The last day of coverage is ``rules.coverage_end``'s: after the advance notice period of the
    guidance in force for an adverse end, or the day asked for (a request) or of death. The notice
    dated today carries the appeal rights; who ended it and why is kept in the history and on the row.
    """
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("member__application", "plan_year")
        .get(pk=enrollment.pk)
    )
    if enrollment.state != EnrollmentState.ENROLLED:
        raise ValidationError(
            {
                "state": translation.gettext(
                    "Only coverage in force can be ended (this place is “%(state)s”)."
                )
                % {"state": enrollment.get_state_display()}
            }
        )
    guidance = selectors.guidance_in_force(enrollment.plan_year, today, details=False)
    horizon = today + timedelta(days=2 * guidance.adverse_notice_days + 14)
    with translation.override(_notice_language(enrollment.member.application)):
        holidays = holidays_between(today, horizon)  # named in the notice's language
    end = rules.coverage_end(
        reason=reason_code,
        notice_date=today,
        adverse_notice_days=guidance.adverse_notice_days,
        holidays=holidays,
        last_day=last_day,
        nonpayment_ends_coverage=guidance.nonpayment_ends_coverage,
    )
    # An end before the coverage's first day means it never starts; the row keeps both dates.
    enrollment.ended_on, enrollment.end_reason, enrollment.end_notice_on = end.last_day, reason_code, today
    enrollment.end_rule = end.to_data()
    _transition(
        enrollment,
        "terminate",
        user=acting_user,
        reason=f"Coverage ended: {reason_code}",
        extra_fields=("ended_on", "end_reason", "end_notice_on", "end_rule"),
    )
    application, member = enrollment.member.application, enrollment.member
    _notify(
        application,
        notice_type="termination",
        decision=translation.gettext_lazy(
            "Your coverage through the program ends. The last day you are covered is %(date)s."
        ),
        decision_params={"date": end.last_day},
        effective_date=end.last_day,
        reason_codes=[reason_code],
        acting_user=acting_user,
        today=today,
        details=_end_notice_details(application, member, end),
    )
    promote_waitlist(plan_year=enrollment.plan_year, acting_user=acting_user, today=today)
    return enrollment


@transaction.atomic
def reinstate_enrollment(*, enrollment: Enrollment, reason_code: str, acting_user, today: date) -> Enrollment:
    """Undo an end of coverage: coverage continues with no gap, and a reinstatement notice goes out.

    The person gets their place back even when the freed slot was offered to (or taken by) the next in
    line meanwhile: that offer stands, and the plan year is over its cap until places free up again
    (``promote_waitlist`` offers nothing while slots held reach the cap). A wrong end is not the next
    person's fault, nor the reinstated person's (docs/decisions/2026-12-01-coverage-ends-and-offers.md).
    """
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("member__application", "plan_year")
        .get(pk=enrollment.pk)
    )
    if reason_code not in rules.REINSTATE_REASON_CODES:
        raise ValidationError({"reason_code": translation.gettext("Choose a reason from the list.")})
    if enrollment.state != EnrollmentState.TERMINATED:
        raise ValidationError({"state": translation.gettext("Only ended coverage can be reinstated.")})
    other = (
        Enrollment.objects.filter(member=enrollment.member, plan_year=enrollment.plan_year)
        .exclude(pk=enrollment.pk)
        .exclude(
            state__in=[
                EnrollmentState.DECLINED,
                EnrollmentState.TERMINATED,
                EnrollmentState.WITHDRAWN,
                EnrollmentState.LAPSED,
            ]
        )
    )
    if other.exists():
        raise ValidationError(
            {"state": translation.gettext("This person already has another place this plan year.")}
        )
    plan_year = PlanYear.objects.select_for_update().get(pk=enrollment.plan_year_id)
    cap = selectors.guidance_in_force(plan_year, today, details=False).enrollment_cap
    over_cap = cap is not None and selectors.slots_held(plan_year) >= cap
    ended_on = enrollment.ended_on
    enrollment.ended_on, enrollment.end_reason, enrollment.end_notice_on = None, "", None
    enrollment.end_rule, enrollment.reinstated_on = {}, today
    _transition(
        enrollment,
        "reinstate",
        user=acting_user,
        reason=f"Reinstated: {reason_code}"
        + (" (over the cap: the place offered meanwhile stands)" if over_cap else ""),
        extra_fields=("ended_on", "end_reason", "end_notice_on", "end_rule", "reinstated_on"),
    )
    application, member = enrollment.member.application, enrollment.member
    continues = ended_on + timedelta(days=1) if ended_on else today
    _notify(
        application,
        notice_type="reinstatement",
        decision=translation.gettext_lazy(
            "Your coverage through the program continues. The end of your coverage we told you about "
            "(%(date)s) is cancelled, and there is no gap in your coverage."
        ),
        decision_params={"date": ended_on or today},
        effective_date=continues,
        reason_codes=[reason_code],
        acting_user=acting_user,
        today=today,
        details={"member": str(member)},
    )
    return enrollment
