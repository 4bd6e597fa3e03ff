"""The enrollment cap and its waitlist: slots, places and offers (8.401.2.12 B; PRODUCT P4)."""

import dataclasses
import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from hca_portal.calendar import holidays_for_period
from hca_portal.dates import OFFER_REPLY, Period, deadline

from .. import rules, selectors
from ..models import (
    Determination,
    Enrollment,
    EnrollmentState,
    Member,
    PlanYear,
)
from ._common import _notify, _save, _transition

log = logging.getLogger(__name__)


def offer_reply_period(days: int) -> Period:
    """The reply window of an offer under the guidance in force (``Guidance.offer_reply_days``)."""
    return dataclasses.replace(
        OFFER_REPLY, days=days, label=f"{days} calendar days from the offer notice to accept a slot"
    )


def _live_enrollment(member: Member, plan_year: PlanYear) -> Enrollment | None:
    return Enrollment.objects.filter(
        member=member, plan_year=plan_year, state__in=[*selectors.SLOT_HOLDING, EnrollmentState.WAITLISTED]
    ).first()


def _slot_open(plan_year: PlanYear, day: date, *, renewal: bool = False) -> bool:
    """Whether a new eligible member gets a slot now (call with the plan year's row locked).

    When the guidance holds renewing enrollees' places (``renewals_hold_place``), a renewal needs
    only a slot under the cap (those waiting do not go first), and the places of households still
    to renew count as held for everyone else. Otherwise a renewal is asked as a new applicant is.
    """
    guidance = selectors.guidance_in_force(plan_year, day, details=False)
    cap = guidance.enrollment_cap
    if cap is None:
        return True
    held = selectors.slots_held(plan_year)
    if guidance.renewals_hold_place:
        if renewal:
            return held < cap
        held += selectors.places_held_for_renewal(plan_year)
    return held < cap and not selectors.waitlist(plan_year).exists()


def place_enrollment(*, determination: Determination, acting_user, today: date) -> Enrollment:
    """Give an eligible member a slot if the cap allows, else a waitlist place (P4).

    The plan year is the one of the determination's guidance (the year the coverage starts in).
    Its row is locked first, so concurrent approvals are counted one after another: two
    caseworkers approving the last slot yield one enrollment and one waitlist entry.
    """
    plan_year = PlanYear.objects.select_for_update().get(pk=determination.guidance.plan_year_id)
    enrollment = _live_enrollment(determination.member, plan_year)
    if enrollment is not None:
        enrollment.determination = determination
        _save(enrollment, user=acting_user, reason="Determination updated", fields=["determination"])
        return enrollment
    # _determine read the cap under this same lock and recorded the outcome on the determination.
    has_slot = not determination.waitlisted
    guidance = determination.guidance
    application = determination.application
    # A new row starts in its first state: enrolled within the cap, else waitlisted.
    enrollment = Enrollment(
        member=determination.member,
        plan_year=plan_year,
        determination=determination,
        state=EnrollmentState.ENROLLED if has_slot else EnrollmentState.WAITLISTED,
        effective_date=determination.effective_date if has_slot else None,
        priority_group=rules.priority_group(
            application.annual_magi,
            application.household_size,
            guidance.fpl_first_person,
            guidance.fpl_each_additional,
            guidance.priority_threshold_pct,
        ),
        completed_at=application.completed_at or timezone.now(),
        fpl_pct=determination.fpl_pct,
    )
    _save(
        enrollment,
        user=acting_user,
        reason="Enrolled within the cap" if has_slot else "Waitlisted: cap reached",
    )
    return enrollment


@transaction.atomic
def promote_waitlist(*, plan_year: PlanYear, acting_user, today: date) -> list[Enrollment]:
    """Offer every open slot to the next in line (priority group, then completion), with a notice each.

    The one function every path that frees or opens a slot calls (a termination, a declined or
    withdrawn offer, a redetermination to ineligible, a raised cap): a freed slot is offered at once.
    Each offer has a reply-by date: ``Guidance.offer_reply_days`` calendar days from the notice date,
    counted by hca_portal.dates (a last day on a weekend or holiday runs to the next business day).
    """
    plan_year = PlanYear.objects.select_for_update().get(pk=plan_year.pk)
    guidance = selectors.guidance_in_force(plan_year, today, details=False)
    if guidance.enrollment_cap is None:
        free = selectors.waitlist(plan_year).count()
    else:
        free = guidance.enrollment_cap - selectors.slots_held(plan_year)
        if guidance.renewals_hold_place:
            free -= selectors.places_held_for_renewal(plan_year)
    if free <= 0:
        return []
    offered = list(selectors.waitlist(plan_year).select_for_update(of=("self",))[:free])
    period = offer_reply_period(guidance.offer_reply_days)
    reply_by = deadline(today, period, holidays_for_period(today, period)).due
    for enrollment in offered:
        enrollment.offered_on, enrollment.reply_by = today, reply_by
        _transition(
            enrollment,
            "offer",
            user=acting_user,
            reason="Slot freed: offered to the next in line",
            extra_fields=("offered_on", "reply_by"),
        )
        _notify(
            enrollment.member.application,
            notice_type="slot_offer",
            decision=translation.gettext_lazy(
                "A place in the program is now open for you. Accept it by %(date)s to start your coverage."
            ),
            decision_params={"date": reply_by},
            effective_date=today,
            reason_codes=[],
            acting_user=acting_user,
            today=today,
            details={
                "member": str(enrollment.member),
                "respond_by": reply_by.isoformat(),
                "how_to_accept": translation.gettext_lazy(
                    "Accept or decline online from your page in the HCA Portal, or call us or write to us "
                    "(the phone number and address are under Questions). Give the reference of this "
                    "notice. If you accept, your coverage starts on the first day of the next month. If "
                    "we do not hear from you by this date, the place may go to the next person waiting."
                ),
            },
        )
    return offered


def _end_member_places(
    member: Member, *, ends_on: date, acting_user, reason: str, plan_year: PlanYear | None = None
) -> set[int]:
    """End every live place of a member found ineligible (only those in ``plan_year`` when given: a
    renewal leaves the old year's coverage to that year's end): an enrollment is terminated, a
    waitlist place or an offer is withdrawn. Returns the plan years whose slots are to be offered
    again."""
    freed = set()
    places = Enrollment.objects.select_for_update().filter(
        member=member, state__in=[*selectors.SLOT_HOLDING, EnrollmentState.WAITLISTED]
    )
    for enrollment in places.filter(plan_year=plan_year) if plan_year is not None else places:
        if enrollment.state == EnrollmentState.ENROLLED:
            enrollment.ended_on = ends_on
            _transition(enrollment, "terminate", user=acting_user, reason=reason, extra_fields=("ended_on",))
        else:
            enrollment.ended_on = ends_on
            _transition(enrollment, "withdraw", user=acting_user, reason=reason, extra_fields=("ended_on",))
        freed.add(enrollment.plan_year_id)
    return freed


@transaction.atomic
def guidance_changed(*, plan_year: PlanYear, acting_user, today: date) -> list[Enrollment]:
    """After guidance changes (a raised cap), offer any slots that opened."""
    return promote_waitlist(plan_year=plan_year, acting_user=acting_user, today=today)


# --- Offers nobody answered (PRODUCT P11) ----------------------------------------------------------


@dataclass(frozen=True)
class LapseResult:
    lapsed: list
    failed: list


def lapse_offers(*, today: date) -> LapseResult:
    """The daily sweep: every offer whose reply-by date has passed unanswered lapses, with its notice
    (``offer_lapsed``, appealable), and the place goes to the next in line at once.

    Found by the (state, reply_by) index; each offer in its own transaction, locked with
    ``skip_locked`` (two sweeps at once split the work; an offer answered meanwhile is skipped), so
    running it twice lapses nothing twice. One failing offer is logged by id, marked on its row and
    retried on the next run, after the others: it never stops the batch.
    """
    ids = list(
        Enrollment.objects.filter(state=EnrollmentState.OFFERED, reply_by__lt=today)
        .order_by(F("sweep_failed_at").asc(nulls_first=True), "reply_by", "pk")
        .values_list("pk", flat=True)
    )
    lapsed, failed = [], []
    for pk in ids:
        try:
            if _lapse_offer(pk, today=today):
                lapsed.append(pk)
        except Exception:  # one failing record never stops the batch: record it, retry it next run
            log.exception("offer lapse sweep: enrollment %s failed", pk)
            failed.append(pk)
            try:
                Enrollment.objects.filter(pk=pk).update(sweep_failed_at=timezone.now())
            except Exception:  # the mark is for the case page; the log line already names the row
                log.exception("offer lapse sweep: could not mark enrollment %s", pk)
    log.info("offer lapse sweep %s: %d lapsed, %d failed", today.isoformat(), len(lapsed), len(failed))
    return LapseResult(lapsed, failed)


@transaction.atomic
def _lapse_offer(pk, *, today: date) -> bool:
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("member__application", "plan_year")
        .filter(pk=pk, state=EnrollmentState.OFFERED, reply_by__lt=today)
        .first()
    )
    if enrollment is None or not rules.offer_lapsed(enrollment.reply_by, today):
        return False  # answered, lapsed by another sweep, or locked by one now
    enrollment.ended_on, enrollment.sweep_failed_at = today, None
    _transition(
        enrollment,
        "lapse",
        user=None,
        reason="Offer lapsed: no answer by the reply-by date",
        extra_fields=("ended_on", "sweep_failed_at"),
    )
    _notify(
        enrollment.member.application,
        notice_type="offer_lapsed",
        decision=translation.gettext_lazy(
            "The place in the program we offered you is no longer held for you: we did not receive your "
            "answer by %(date)s. It has been offered to the next person waiting."
        ),
        decision_params={"date": enrollment.reply_by},
        effective_date=today,
        reason_codes=[rules.OFFER_LAPSED_REASON],
        acting_user=None,
        today=today,
        details={"member": str(enrollment.member), "respond_by": enrollment.reply_by.isoformat()},
    )
    promote_waitlist(plan_year=enrollment.plan_year, acting_user=None, today=today)
    return True
