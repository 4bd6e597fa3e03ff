"""Writes for eligibility: every verb here is one transaction (8.401.2.12 B, C; PRODUCT P2, P4).

Each service changes state through the model's transitions, saves the rows it
touched with a history reason, and leaves side effects (notice rendering) to
`transaction.on_commit` through notices.services.issue_notice.
"""

import hashlib
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django_fsm import can_proceed

from hca_portal.calendar import holidays_for_period
from hca_portal.dates import INFORMATION_RESPONSE, deadline
from hca_portal.db import pipeline
from hca_portal.history import create_with_history
from notices.services import Recipient, issue_notice

from . import rules, selectors
from .models import (
    Application,
    ApplicationState,
    Criterion,
    CriterionFinding,
    Decision,
    Determination,
    Enrollment,
    EnrollmentState,
    EvidenceDocument,
    FindingStatus,
    InformationRequest,
    Member,
    PlanYear,
    Representation,
)


def _save(obj, *, user, reason: str, fields: list[str] | None = None) -> None:
    """Save with simple-history's actor and reason (PRODUCT P7)."""
    obj._history_user = user
    obj._change_reason = reason
    if fields is None:
        obj.save()
    else:
        obj.save(update_fields=[*fields, "updated_at"] if hasattr(obj, "updated_at") else fields)


def _transition(obj, name: str, *, user, reason: str, extra_fields: tuple[str, ...] = ()) -> None:
    method = getattr(obj, name)
    if not can_proceed(method):
        raise ValidationError({"state": f"Cannot {name.replace('_', ' ')} from “{obj.get_state_display()}”."})
    method()
    _save(obj, user=user, reason=reason, fields=["state", *extra_fields])


def first_of_next_month(day: date) -> date:
    last = monthrange(day.year, day.month)[1]
    return day.replace(day=last) + timedelta(days=1)


# --- Notices ------------------------------------------------------------------------------------


def notice_recipients(application: Application, *, day: date) -> list[Recipient]:
    """The applicant by mail, and a copy to the active representative through the portal."""
    address = (
        f"{application.address_line}\n{application.city}, {application.state_code} {application.zip_code}"
    )
    first = application.members.first()
    name = str(first) if first else "Applicant"
    recipients = [
        Recipient(
            name=name, role="applicant", channel="mail", user=application.applicant_user, address=address
        )
    ]
    representation = selectors.active_representation(application, day)
    if representation is not None:
        rep = representation.representative
        recipients.append(
            Recipient(
                name=rep.get_full_name() or rep.username, role="representative", channel="portal", user=rep
            )
        )
    return recipients


def _notify(
    application: Application,
    *,
    notice_type: str,
    decision: str,
    effective_date: date | None,
    reason_codes: list[str],
    acting_user,
    today: date,
    details: dict | None = None,
    recipients: list[Recipient] | None = None,
):
    with translation.override(application.preferred_language):
        reasons = [str(rules.reason_text(code)) for code in reason_codes]
        decision_text = str(decision)
    return issue_notice(
        application=application,
        notice_type=notice_type,
        language=application.preferred_language,
        notice_date=today,
        decision=decision_text,
        effective_date=effective_date,
        reasons=reasons,
        recipients=recipients if recipients is not None else notice_recipients(application, day=today),
        acting_user=acting_user,
        details=details or {},
    )


# --- Intake -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    first_name: str
    last_name: str
    date_of_birth: date
    is_applying: bool = True
    ead_category: str = ""
    daca_valid_from: date | None = None
    daca_valid_to: date | None = None
    has_other_coverage: bool | None = None
    is_incarcerated: bool | None = None


def create_application(
    *,
    plan_year: PlanYear,
    received_on: date,
    household_size: int,
    annual_magi: Decimal,
    address_line: str,
    city: str,
    zip_code: str,
    members: list[MemberInput],
    acting_user,
    state_code: str = "NM",
    preferred_language: str = "en",
    email: str = "",
    phone: str = "",
    channel: str = "online",
    applicant_user=None,
) -> Application:
    """Take an application: the household, its members, and the system's first look at every criterion."""
    errors = rules.household_errors(household_size=household_size, applying=[m.is_applying for m in members])
    if errors:
        raise ValidationError(errors)
    application = Application(
        plan_year=plan_year,
        received_on=received_on,
        household_size=household_size,
        annual_magi=annual_magi,
        address_line=address_line,
        city=city,
        state_code=state_code.upper(),
        zip_code=zip_code,
        preferred_language=preferred_language,
        email=email,
        phone=phone,
        channel=channel,
        applicant_user=applicant_user,
    )
    # Field checks only: the plan year is an instance already and the new UUID is unique.
    application.full_clean(
        exclude=["state", "plan_year", "applicant_user", "assigned_to"], validate_unique=False
    )
    # One transaction in four round trips on PostgreSQL (psycopg's pipeline): BEGIN and the guidance;
    # the application and its members (their ids come back); the findings; COMMIT. Each table's rows
    # and their history rows (actor and reason) are one statement.
    with transaction.atomic(), pipeline():
        # Every criterion is evaluated before anything is written (pure rules on the limit in force).
        limit = selectors.income_limit_in_force(plan_year, received_on)
        findings = [
            _system_findings(application, m, limit, received_on) if m.is_applying else [] for m in members
        ]
        reason = f"Application received ({channel})"
        create_with_history([application], user=acting_user, reason=reason)
        created = create_with_history(
            [Member(application=application, **m.__dict__) for m in members],
            user=acting_user,
            reason="Application received",
        )
        create_with_history(
            [
                CriterionFinding(
                    member=member, criterion=f.criterion, status=f.status, reason_code=f.reason_code
                )
                for member, member_findings in zip(created, findings, strict=True)
                for f in member_findings
            ],
            user=acting_user,
            reason="Criteria evaluated at intake",
        )
    return application


def _system_findings(
    application: Application, member: Member | MemberInput, limit: rules.IncomeLimit, today: date
) -> list[rules.Finding]:
    """The system's finding on each of the five criteria for one applying member (pure)."""
    facts = rules.MemberFacts(
        ead_category=member.ead_category,
        daca_valid_from=member.daca_valid_from,
        daca_valid_to=member.daca_valid_to,
        has_other_coverage=member.has_other_coverage,
        is_incarcerated=member.is_incarcerated,
        state_code=application.state_code,
        annual_magi=application.annual_magi,
        household_size=application.household_size,
    )
    return list(rules.evaluate_criteria(facts, limit, today).values())


@transaction.atomic
def add_evidence(
    *, application: Application, kind: str, uploaded_file, acting_user, member: Member | None = None
):
    """Store an evidence document: a PDF, JPEG or PNG that opens, at most 10 MB (every upload door)."""
    content_type = rules.check_evidence_file(uploaded_file, uploaded_file.size, settings.EVIDENCE_MAX_BYTES)
    if kind not in EvidenceDocument.Kind.values:
        raise ValidationError({"kind": "Choose the kind of document."})
    if member is not None and member.application_id != application.pk:
        raise ValidationError({"member": "That member is not on this application."})
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    doc = EvidenceDocument(
        application=application,
        member=member,
        kind=kind,
        file=uploaded_file,
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=acting_user,
    )
    _save(doc, user=acting_user, reason="Evidence uploaded")
    return doc


# --- Review -------------------------------------------------------------------------------------


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
    if status not in FindingStatus.values:
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


# --- Decisions and the cap ----------------------------------------------------------------------


def _member_outcome(application: Application, member: Member, guidance, today: date):
    findings = [rules.Finding(f.criterion, f.status, f.reason_code) for f in member.findings.all()]
    decision, codes = rules.decide(findings)
    return decision, codes


def _money(application: Application, guidance) -> tuple[Decimal, Decimal, str]:
    fpl_pct = rules.fpl_percent(
        application.annual_magi,
        application.household_size,
        guidance.fpl_first_person,
        guidance.fpl_each_additional,
    )
    applicable = rules.applicable_percentage(fpl_pct, selectors.scale_of(guidance))
    benchmark = selectors.benchmark_premium(guidance)
    assistance = (
        rules.monthly_premium_assistance(
            annual_magi=application.annual_magi,
            applicable_pct=applicable,
            benchmark_monthly_premium=benchmark,
        )
        if benchmark is not None
        else Decimal("0.00")
    )
    tier = rules.out_of_pocket_tier(fpl_pct, selectors.tiers_of(guidance))
    return fpl_pct, assistance, tier.name if tier else ""


@transaction.atomic
def decide_application(*, application: Application, acting_user, today: date) -> list[Determination]:
    """Decide every applying member; place the eligible under the cap or on the waitlist; send notices.

    The plan year's row lock (place_enrollment) is taken last: everything that does not depend on a
    slot (the determinations, the denials' notices, who the notices go to) is written before it, so it
    is held only for the slot count, the enrollments and their notices, up to the commit.
    """
    # Only the application's row: the plan year's is locked by the placement, as late as possible.
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("plan_year").get(pk=application.pk)
    )
    if not can_proceed(application.determine):
        raise ValidationError(
            {"state": f"Cannot decide an application that is “{application.get_state_display()}”."}
        )
    guidance = selectors.guidance_in_force(application.plan_year, today)
    members = list(application.members.filter(is_applying=True).prefetch_related("findings"))
    outcomes = []
    for member in members:
        decision, codes = _member_outcome(application, member, guidance, today)
        if decision is None:
            raise ValidationError(
                {
                    "findings": f"{member}: some criteria still need information; "
                    "request it or record a finding."
                }
            )
        outcomes.append((member, decision, codes))
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
    recipients = notice_recipients(application, day=today)
    determinations = []
    for member, decision, codes in outcomes:
        eligible = decision == Decision.ELIGIBLE
        determination = _new_determination(
            application,
            member,
            guidance=guidance,
            decision=decision,
            codes=codes,
            fpl_pct=fpl_pct,
            assistance=assistance if eligible else Decimal("0.00"),
            tier=tier if eligible else "",
            effective_date=max(first_of_next_month(today), application.plan_year.starts_on),
            acting_user=acting_user,
            today=today,
        )
        determinations.append(determination)
        if not eligible:
            _notify_determination(determination, "denial", acting_user=acting_user, recipients=recipients)
    for determination in determinations:
        if determination.decision == Decision.ELIGIBLE:
            enrollment = place_enrollment(determination=determination, acting_user=acting_user, today=today)
            notice_type = "approval" if enrollment.state == EnrollmentState.ENROLLED else "waitlist"
            _notify_determination(determination, notice_type, acting_user=acting_user, recipients=recipients)
    return determinations


def _new_determination(
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
) -> Determination:
    determination = Determination(
        application=application,
        member=member,
        guidance=guidance,
        decision=decision,
        effective_date=effective_date,
        reason_codes=codes,
        fpl_pct=fpl_pct,
        premium_assistance=assistance,
        oop_tier=tier,
        decided_on=today,
        decided_by=acting_user,
        supersedes=supersedes,
    )
    _save(determination, user=acting_user, reason=reason)
    return determination


def _notify_determination(determination: Determination, notice_type: str, *, acting_user, recipients=None):
    _notify(
        determination.application,
        notice_type=notice_type,
        decision=Decision(determination.decision).label,
        effective_date=determination.effective_date,
        reason_codes=determination.reason_codes,
        acting_user=acting_user,
        today=determination.decided_on,
        details={
            "member": str(determination.member),
            "fpl_pct": str(determination.fpl_pct),
            "premium_assistance": str(determination.premium_assistance),
            "oop_tier": determination.oop_tier,
        },
        recipients=recipients,
    )


def _determine(application, member, *, decision, acting_user, today, **fields) -> Determination:
    """A new determination, its slot or waitlist place when eligible, and its notice."""
    determination = _new_determination(
        application, member, decision=decision, acting_user=acting_user, today=today, **fields
    )
    if decision == Decision.ELIGIBLE:
        enrollment = place_enrollment(determination=determination, acting_user=acting_user, today=today)
        notice_type = "approval" if enrollment.state == EnrollmentState.ENROLLED else "waitlist"
    else:
        notice_type = "denial"
    _notify_determination(determination, notice_type, acting_user=acting_user)
    return determination


def place_enrollment(*, determination: Determination, acting_user, today: date) -> Enrollment:
    """Give an eligible member a slot if the cap allows, else a waitlist place (P4).

    The plan year's row is locked first, so concurrent approvals are counted one
    after another: two caseworkers approving the last slot yield one enrollment
    and one waitlist entry.
    """
    plan_year = PlanYear.objects.select_for_update().get(pk=determination.application.plan_year_id)
    # Read after the lock (a cap raised meanwhile counts); only the cap and threshold are needed.
    guidance = selectors.guidance_in_force(plan_year, today, details=False)
    threshold = guidance.priority_threshold_pct
    cap = guidance.enrollment_cap
    held = selectors.slots_held(plan_year)
    waiting = selectors.waitlist(plan_year).exists()
    enrollment = Enrollment.objects.filter(
        member=determination.member,
        plan_year=plan_year,
        state__in=[*selectors.SLOT_HOLDING, EnrollmentState.WAITLISTED],
    ).first()
    if enrollment is not None:
        enrollment.determination = determination
        _save(enrollment, user=acting_user, reason="Determination updated", fields=["determination"])
        return enrollment
    has_slot = cap is None or (held < cap and not waiting)
    # A new row starts in its first state: enrolled within the cap, else waitlisted.
    enrollment = Enrollment(
        member=determination.member,
        plan_year=plan_year,
        determination=determination,
        state=EnrollmentState.ENROLLED if has_slot else EnrollmentState.WAITLISTED,
        effective_date=determination.effective_date if has_slot else None,
        priority_group=rules.priority_group(determination.fpl_pct, threshold),
        completed_at=determination.application.completed_at or timezone.now(),
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
    """Offer every open slot to the next in line (priority group, then completion), with a notice each."""
    plan_year = PlanYear.objects.select_for_update().get(pk=plan_year.pk)
    guidance = selectors.guidance_in_force(plan_year, today, details=False)
    if guidance.enrollment_cap is None:
        free = selectors.waitlist(plan_year).count()
    else:
        free = guidance.enrollment_cap - selectors.slots_held(plan_year)
    if free <= 0:
        return []
    offered = list(selectors.waitlist(plan_year).select_for_update(of=("self",))[:free])
    for enrollment in offered:
        _transition(enrollment, "offer", user=acting_user, reason="Slot freed: offered to the next in line")
        _notify(
            enrollment.member.application,
            notice_type="slot_offer",
            decision=translation.gettext_lazy("A place in the program is now open for you."),
            effective_date=first_of_next_month(today),
            reason_codes=[],
            acting_user=acting_user,
            today=today,
            details={"member": str(enrollment.member)},
        )
    return offered


@transaction.atomic
def accept_offer(*, enrollment: Enrollment, acting_user, today: date) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    enrollment.effective_date = first_of_next_month(today)
    _transition(
        enrollment, "accept", user=acting_user, reason="Offer accepted", extra_fields=("effective_date",)
    )
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


@transaction.atomic
def withdraw_application(
    *, application: Application, acting_user, reason: str = "Withdrawn by the applicant"
):
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.next_due_on = None
    _transition(application, "withdraw", user=acting_user, reason=reason, extra_fields=("next_due_on",))
    return application


@transaction.atomic
def guidance_changed(*, plan_year: PlanYear, acting_user, today: date) -> list[Enrollment]:
    """After guidance changes (a raised cap), offer any slots that opened."""
    return promote_waitlist(plan_year=plan_year, acting_user=acting_user, today=today)


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
    """Carry out an appeal decision that reverses or modifies a determination: a new one supersedes it."""
    # Only the application's row (a bare FOR UPDATE would lock the joined plan year's row too).
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("plan_year").get(pk=application.pk)
    )
    current = selectors.current_determination(member)
    guidance = selectors.guidance_in_force(application.plan_year, today)
    fpl_pct, assistance, tier = _money(application, guidance)
    _transition(application, "redetermine", user=acting_user, reason=reason)
    if decision != Decision.ELIGIBLE:
        assistance, tier = Decimal("0.00"), ""
        live = Enrollment.objects.filter(
            member=member, plan_year=application.plan_year, state=EnrollmentState.ENROLLED
        ).first()
        if live is not None:
            live.ended_on = effective_date
            _transition(live, "terminate", user=acting_user, reason=reason, extra_fields=("ended_on",))
    return _determine(
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
        supersedes=current,
        reason=reason,
    )


# --- Sweeps -------------------------------------------------------------------------------------


def expire_information_requests(*, today: date) -> int:
    """Deny applications whose request for information went unanswered past its due date.

    Set-based and idempotent: rows are claimed with skip_locked, so two sweeps
    running at once never handle the same request; a second run finds none.
    """
    count = 0
    while True:
        with transaction.atomic():
            batch = list(
                InformationRequest.objects.select_for_update(skip_locked=True)
                .filter(status=InformationRequest.Status.OPEN, due_on__lt=today)
                .order_by("due_on")[:200]
            )
            if not batch:
                return count
            for rfi in batch:
                _deny_for_no_response(rfi, today=today)
                count += 1


def _deny_for_no_response(rfi: InformationRequest, *, today: date) -> None:
    rfi.status = InformationRequest.Status.EXPIRED
    _save(rfi, user=None, reason="No response by the due date", fields=["status"])
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


# --- Assignment and representatives -------------------------------------------------------------


@transaction.atomic
def assign_applications(*, applications, assignee, acting_user) -> int:
    """Assign (or reassign) several applications at once, with history for each."""
    if assignee is not None and not assignee.has_perm("eligibility.decide_application"):
        raise ValidationError({"assignee": "Assign work only to caseworkers."})
    rows = list(Application.objects.select_for_update().filter(pk__in=[a.pk for a in applications]))
    for application in rows:
        application.assigned_to = assignee
        _save(application, user=acting_user, reason="Assigned", fields=["assigned_to"])
    return len(rows)


@transaction.atomic
def designate_representative(
    *,
    application: Application,
    representative,
    kind: str,
    starts_on: date,
    acting_user,
    scope: str = Representation.Scope.FULL,
    ends_on: date | None = None,
    written_designation: EvidenceDocument | None = None,
) -> Representation:
    """Designate an authorized representative (any time, 8.401.2.12 E(3)); one active at a time."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date is before the start date."})
    for current in application.representations.filter(revoked_on__isnull=True):
        if current.is_active_on(starts_on) or current.starts_on >= starts_on:
            current.revoked_on = starts_on
            _save(current, user=acting_user, reason="Replaced by a new designation", fields=["revoked_on"])
    representation = Representation(
        application=application,
        representative=representative,
        kind=kind,
        scope=scope,
        starts_on=starts_on,
        ends_on=ends_on,
        designated_by=acting_user,
        written_designation=written_designation,
    )
    representation.full_clean()
    _save(representation, user=acting_user, reason="Representative designated")
    return representation


@transaction.atomic
def revoke_representation(*, representation: Representation, revoked_on: date, acting_user) -> Representation:
    representation = Representation.objects.select_for_update().get(pk=representation.pk)
    if representation.revoked_on is not None:
        raise ValidationError({"revoked_on": "This designation was already revoked."})
    if revoked_on < representation.starts_on:
        raise ValidationError({"revoked_on": "A designation cannot be revoked before it starts."})
    representation.revoked_on = revoked_on
    _save(representation, user=acting_user, reason="Designation revoked", fields=["revoked_on"])
    return representation
