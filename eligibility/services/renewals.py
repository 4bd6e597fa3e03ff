"""Renewal for a new plan year (PRODUCT P11; 8.401.2.12 B, C).

When the program administrator has entered the next plan year's guidance, they start a renewal run
from the renewals page: every household with a member enrolled in the plan year before is
redetermined under the new guidance, effective the new year's first day, and sent a renewal notice
with the new figures. The run is rows, not a loop in memory:

- ``start_renewal_run`` writes one ``Renewal`` row per household (unique per household and plan
  year: a household is never renewed twice into the same year; starting again adds only the
  households enrolled since) and sends the dispatcher after the commit.
- ``renew_household`` is one household's job (``tasks.renew_household`` takes the row's id). It
  locks the row (``skip_locked``: a duplicate delivery of the same job returns at once), and
  redetermines inside a savepoint: the determinations, enrollments, notices and the row's new
  status commit together or not at all, so a worker killed mid-job leaves the row pending. A
  household that fails is recorded with a coded reason (no personal data), shown to supervisors,
  and retried with ``retry_renewals``; the run goes on with the others.
- ``claim_renewals`` picks rows to send (never sent, or sent long ago while the run has stalled):
  the dispatcher and the beat sweep use it, so a run resumes after any crash.
"""

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django_fsm import ConcurrentTransition

from hca_portal.celery import send_after_commit
from notices.services import NoticeIncomplete

from .. import selectors
from ..models import (
    Enrollment,
    EnrollmentState,
    PlanYear,
    Renewal,
    RenewalFailure,
    RenewalRun,
    RenewalStatus,
)
from ._common import _save
from .decisions import reevaluate
from .figures import governing_guidance

logger = logging.getLogger(__name__)

# A pending row sent this long ago, in a run where nothing finished for as long, is sent again.
STALLED_AFTER = timedelta(minutes=10)
CLAIM_BATCH = 1000


def _send_jobs(renewal_ids: list) -> None:
    """Send one job per renewal after the caller's commit (tasks import services, not the reverse)."""
    from .. import tasks

    if renewal_ids:
        ids = [str(pk) for pk in renewal_ids]
        transaction.on_commit(lambda: tasks.send_renewal_jobs(ids), robust=True)


@transaction.atomic
def start_renewal_run(*, plan_year: PlanYear, acting_user, today: date) -> RenewalRun:
    """Start (or extend) the run into ``plan_year``: a row per household enrolled the year before.

    Refused when there is no plan year before it, or when ``plan_year`` has no guidance in force
    on its first day (the figures would have nothing to come from).
    """
    from_year = selectors.previous_plan_year(plan_year)
    if from_year is None:
        raise ValidationError(
            {
                "plan_year": translation.gettext("There is no plan year before %(year)s to renew from.")
                % {"year": plan_year.year}
            }
        )
    governing_guidance(plan_year.starts_on)  # a clear error naming the missing guidance
    if today > plan_year.ends_on:
        raise ValidationError(
            {"plan_year": translation.gettext("Plan year %(year)s is over.") % {"year": plan_year.year}}
        )
    run = RenewalRun.objects.filter(plan_year=plan_year).first()
    if run is None:
        run = RenewalRun(
            plan_year=plan_year, from_plan_year=from_year, started_by=acting_user, started_on=today
        )
        _save(run, user=acting_user, reason=f"Renewals into {plan_year.year} started")
    households = selectors.households_to_renew(from_year, into=plan_year)
    Renewal.objects.bulk_create(
        (
            Renewal(run=run, application_id=pk, plan_year=plan_year, places=places)
            for pk, places in households.iterator()
        ),
        batch_size=CLAIM_BATCH,
        ignore_conflicts=True,  # a household added by a concurrent start is renewed once all the same
    )
    from .. import tasks

    send_after_commit(tasks.dispatch_renewals, str(run.pk))
    return run


def claim_renewals(*, run: RenewalRun, now: datetime, limit: int = CLAIM_BATCH) -> list:
    """Pending rows of ``run`` to send now, marked as sent: the ones never sent, and, when nothing in
    the run finished for ``STALLED_AFTER`` (a worker or the dispatcher died), the ones sent before
    that. Rows a job holds are skipped (``skip_locked``). Call inside a transaction."""
    stale = now - STALLED_AFTER
    pending = Renewal.objects.filter(run=run, status=RenewalStatus.PENDING)
    moving = Renewal.objects.filter(run=run, finished_at__gte=stale).exists()
    unsent = pending.filter(queued_at__isnull=True)
    rows = unsent if moving else unsent | pending.filter(queued_at__lt=stale)
    ids = list(
        rows.order_by("queued_at", "created_at", "id")
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)[:limit]
    )
    Renewal.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def dispatch_renewals(*, run: RenewalRun, now: datetime) -> int:
    """Send every job of the run that is due (see claim_renewals), a batch per transaction."""
    sent = 0
    while True:
        with transaction.atomic():
            ids = claim_renewals(run=run, now=now)
            _send_jobs(ids)
        sent += len(ids)
        if len(ids) < CLAIM_BATCH:
            return sent


def resume_stalled_renewals(*, now: datetime) -> int:
    """The beat sweep: every run with households still to renew sends the jobs it lost (safe to run
    twice: rows just sent are not due again for ``STALLED_AFTER``)."""
    runs = RenewalRun.objects.filter(renewals__status=RenewalStatus.PENDING).distinct()
    return sum(dispatch_renewals(run=run, now=now) for run in runs)


def _failure(exc: Exception) -> str:
    """The coded reason of a failed renewal (never the exception's text: it may name the person)."""
    if isinstance(exc, NoticeIncomplete):
        return RenewalFailure.NOTICE_INCOMPLETE
    if isinstance(exc, ValidationError):
        fields = set(getattr(exc, "error_dict", {}))
        if "effective_date" in fields:
            return RenewalFailure.GUIDANCE_MISSING
        if "findings" in fields:
            return RenewalFailure.CRITERIA_UNSETTLED
        if "state" in fields:
            return RenewalFailure.CASE_NOT_DETERMINED
    if isinstance(exc, ConcurrentTransition):
        return RenewalFailure.CONCURRENT_CHANGE
    if isinstance(exc, DatabaseError):
        return RenewalFailure.DATABASE_ERROR
    return RenewalFailure.UNEXPECTED


def _renew(renewal: Renewal, *, acting_user, today: date) -> str:
    application, plan_year = renewal.application, renewal.plan_year
    if not renewal.still_enrolled:
        return RenewalStatus.SKIPPED
    determinations = reevaluate(
        application=application,
        acting_user=acting_user,
        today=today,
        effective_date=plan_year.starts_on,
        reason=f"Renewed for plan year {plan_year.year}",
        notice_type="renewal",
        renewal=True,
    )
    guidance = determinations[0].guidance if determinations else None
    if guidance is not None and not guidance.renewals_hold_place:
        # Without a held place, a renewing enrollee waits as a new applicant would: from today.
        for enrollment in Enrollment.objects.filter(
            determination__in=[d for d in determinations if d.waitlisted], state=EnrollmentState.WAITLISTED
        ):
            enrollment.completed_at = timezone.now()
            _save(
                enrollment,
                user=acting_user,
                reason="Renewal waits as a new application",
                fields=["completed_at"],
            )
    return RenewalStatus.RENEWED


def renew_household(*, renewal_id, today: date) -> Renewal | None:
    """One household's renewal, once: None when the row is done, failed (awaiting a retry) or held by
    another job. A failure is recorded on the row with its code; it never raises for the household's
    own faults, so the run goes on. Database errors that also break the recording propagate (the
    task retries; the row stays pending for the sweep)."""
    with transaction.atomic():
        # The household is still enrolled in the year renewed from (read with the lock: one statement).
        enrolled = Enrollment.objects.filter(
            member__application=OuterRef("application"),
            plan_year=OuterRef("run__from_plan_year"),
            state=EnrollmentState.ENROLLED,
        )
        renewal = (
            Renewal.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("application", "plan_year", "run__started_by")
            .annotate(still_enrolled=Exists(enrolled))
            .filter(pk=renewal_id, status=RenewalStatus.PENDING)
            .first()
        )
        if renewal is None:
            return None
        renewal.attempts += 1
        try:
            with transaction.atomic():
                renewal.status = _renew(renewal, acting_user=renewal.run.started_by, today=today)
                renewal.reason_code = ""
        except Exception as exc:  # noqa: BLE001 - one household's failure never stops the run
            renewal.status, renewal.reason_code = RenewalStatus.FAILED, _failure(exc)
            logger.warning("renewal %s failed: %s (%s)", renewal.pk, renewal.reason_code, type(exc).__name__)
        renewal.finished_at = timezone.now()
        renewal.save(update_fields=["status", "reason_code", "attempts", "finished_at", "updated_at"])
    return renewal


@transaction.atomic
def retry_renewals(*, run: RenewalRun, acting_user, renewal_ids: list | None = None) -> int:
    """Send the run's failed renewals again (after the cases were fixed): those of ``renewal_ids``,
    or every one. One UPDATE here; the dispatcher sends their jobs after the commit, in batches, so
    retrying 100,000 failures holds no request. Returns how many go again."""
    failed = Renewal.objects.filter(run=run, status=RenewalStatus.FAILED)
    if renewal_ids is not None:
        failed = failed.filter(pk__in=renewal_ids)
    count = failed.update(status=RenewalStatus.PENDING, reason_code="", queued_at=None, finished_at=None)
    logger.info(
        "%d renewals of run %s sent again by user %s", count, run.pk, getattr(acting_user, "pk", None)
    )
    if count:
        from .. import tasks

        send_after_commit(tasks.dispatch_renewals, str(run.pk))
    return count
