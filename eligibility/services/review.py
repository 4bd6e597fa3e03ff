"""Review: findings, requests for information, their sweep, and withdrawal (8.401.2.12 C; P2)."""

import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone, translation

from hca_portal.calendar import holidays_for_period
from hca_portal.dates import INFORMATION_RESPONSE, deadline
from hca_portal.failures import reason_of

from .. import rules, selectors
from ..models import (
    Application,
    ApplicationState,
    Criterion,
    CriterionFinding,
    Decision,
    EvidenceDocument,
    FindingStatus,
    InformationRequest,
    Member,
)
from ._common import _notify, _save, _transition
from .decisions import _determine
from .figures import _money

log = logging.getLogger(__name__)


@transaction.atomic
def start_review(*, application: Application, acting_user) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.assigned_to_id is None:
        application.assigned_to = acting_user
    _transition(
        application, "start_review", user=acting_user, reason="Review started", extra_fields=("assigned_to",)
    )
    return application


@transaction.atomic
def record_finding(
    *,
    member: Member,
    criterion: str,
    status: str,
    reason_code: str,
    acting_user,
    evidence: EvidenceDocument | None = None,
    note: str = "",
) -> CriterionFinding:
    """A caseworker settles one criterion with a coded reason and, where there is one, its evidence."""
    if status not in FindingStatus.values or status == FindingStatus.UNVERIFIED:
        raise ValidationError({"status": "Choose met, not met or needs information."})
    if criterion not in Criterion.values:
        raise ValidationError({"criterion": "Choose one of the five criteria."})
    reason = rules.REASONS.get(reason_code)
    fits = reason is not None and (
        (reason.criterion == criterion and reason.status == status) or reason_code == "caseworker_other"
    )
    if not fits:
        raise ValidationError({"reason_code": "Choose a reason that belongs to this criterion and status."})
    if evidence is not None and evidence.application_id != member.application_id:
        raise ValidationError({"evidence": "That document is not on this application."})
    basis_error = rules.basis_error(
        criterion=criterion,
        status=status,
        reason_code=reason_code,
        evidence_kind=evidence.kind if evidence is not None else None,
    )
    if basis_error:
        field = "evidence" if rules.REASONS[reason_code].basis == rules.EVIDENCE else "reason_code"
        raise ValidationError({field: basis_error})
    state = Application.objects.values_list("state", flat=True).get(pk=member.application_id)
    if state not in (ApplicationState.IN_REVIEW, ApplicationState.AWAITING_INFORMATION):
        raise ValidationError({"status": "Start the review before recording findings."})
    finding, _ = CriterionFinding.objects.get_or_create(
        member=member, criterion=criterion, defaults={"status": status, "reason_code": reason_code}
    )
    finding.status, finding.reason_code = status, reason_code
    finding.evidence, finding.note, finding.recorded_by = evidence, note, acting_user
    _save(finding, user=acting_user, reason=f"Finding recorded: {criterion} {status}")
    return finding


@transaction.atomic
def request_information(
    *, application: Application, items: str, acting_user, today: date
) -> InformationRequest:
    """Ask the applicant for what is missing; unanswered by the due date, the application is denied."""
    if not items.strip():
        raise ValidationError({"items": "Say what the applicant must send."})
    application = Application.objects.select_for_update().get(pk=application.pk)
    due = deadline(today, INFORMATION_RESPONSE, holidays_for_period(today, INFORMATION_RESPONSE))
    application.next_due_on = due.due
    _transition(
        application,
        "request_information",
        user=acting_user,
        reason="Information requested",
        extra_fields=("next_due_on",),
    )
    rfi = InformationRequest(
        application=application,
        items=items,
        requested_on=today,
        due_on=due.due,
        due_rule=due.explain(),
        requested_by=acting_user,
    )
    _save(rfi, user=acting_user, reason="Information requested")
    _notify(
        application,
        notice_type="information_request",
        decision=translation.gettext_lazy("We need more information to decide your application."),
        effective_date=today,
        reason_codes=[],
        acting_user=acting_user,
        today=today,
        details={
            "items": items,
            "due_on": due.due.isoformat(),
            "due_rule": due.explain(
                application.preferred_language if application.preferred_language in ("en", "es") else "en"
            ),
        },
    )
    return rfi


@transaction.atomic
def receive_information(*, request: InformationRequest, acting_user, today: date) -> InformationRequest:
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != InformationRequest.Status.OPEN:
        raise ValidationError({"status": "This request is no longer open."})
    request.status, request.answered_on = InformationRequest.Status.ANSWERED, today
    _save(request, user=acting_user, reason="Information received", fields=["status", "answered_on"])
    application = Application.objects.select_for_update().get(pk=request.application_id)
    if not application.information_requests.filter(status=InformationRequest.Status.OPEN).exists():
        application.next_due_on = None
        _transition(
            application,
            "receive_information",
            user=acting_user,
            reason="Information received",
            extra_fields=("next_due_on",),
        )
    return request


@transaction.atomic
def withdraw_application(
    *, application: Application, acting_user, reason: str = "Withdrawn by the applicant"
):
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.next_due_on = None
    _transition(application, "withdraw", user=acting_user, reason=reason, extra_fields=("next_due_on",))
    return application


SWEEP_BATCH = 200


def expire_information_requests(*, today: date) -> int:
    """Deny applications whose request for information went unanswered past its due date.

    Set-based and idempotent: rows are claimed with skip_locked, so two sweeps
    running at once never handle the same request; a second run finds none.
    Each request is handled in its own savepoint: one that fails is recorded on its row
    (``sweep_error``, shown to supervisors), left for the next sweep, and never stops the
    others; those that failed before go last. A database outage stops the sweep (the task retries).
    """
    count, failed = 0, set()
    while True:
        with transaction.atomic():
            batch = list(
                InformationRequest.objects.select_for_update(skip_locked=True)
                .filter(status=InformationRequest.Status.OPEN, due_on__lt=today)
                .exclude(pk__in=failed)
                .order_by(F("sweep_error_at").asc(nulls_first=True), "due_on", "pk")[:SWEEP_BATCH]
            )
            if not batch:
                return count
            for rfi in batch:
                try:
                    with transaction.atomic():
                        _deny_for_no_response(rfi, today=today)
                except (OperationalError, InterfaceError):
                    raise
                except Exception as exc:  # noqa: BLE001 - one request's failure is recorded, not fatal
                    failed.add(rfi.pk)
                    _record_sweep_failure(rfi, exc)
                else:
                    count += 1


def _record_sweep_failure(rfi: InformationRequest, error: Exception) -> None:
    log.warning("request for information %s not expired: %s", rfi.pk, type(error).__name__)
    InformationRequest.objects.filter(pk=rfi.pk).update(
        sweep_error=reason_of(error), sweep_error_at=timezone.now()
    )


def _deny_for_no_response(rfi: InformationRequest, *, today: date) -> None:
    rfi.status = InformationRequest.Status.EXPIRED
    rfi.sweep_error, rfi.sweep_error_at = "", None
    _save(
        rfi,
        user=None,
        reason="No response by the due date",
        fields=["status", "sweep_error", "sweep_error_at"],
    )
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("plan_year")
        .get(pk=rfi.application_id)
    )
    if application.state != ApplicationState.AWAITING_INFORMATION:
        return
    guidance = selectors.guidance_in_force(application.plan_year, today)
    fpl_pct, _assistance, _tier = _money(application, guidance)
    application.completed_at = application.completed_at or timezone.now()
    application.next_due_on = None
    _transition(
        application,
        "determine",
        user=None,
        reason="Denied: no response to the request for information",
        extra_fields=("completed_at", "next_due_on"),
    )
    for member in application.members.filter(is_applying=True):
        _determine(
            application,
            member,
            guidance=guidance,
            decision=Decision.INELIGIBLE,
            codes=["no_response_to_request"],
            fpl_pct=fpl_pct,
            assistance=Decimal("0.00"),
            tier="",
            effective_date=today,
            acting_user=None,
            today=today,
            reason="Denied: no response to the request for information",
        )
