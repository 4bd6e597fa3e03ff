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
from hca_portal.dates import INFORMATION_RESPONSE, OFFER_REPLY, deadline
from hca_portal.db import pipeline
from hca_portal.history import create_with_history
from notices.content import format_date
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
    Guidance,
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
    decision_params: dict | None = None,
):
    with translation.override(application.preferred_language):
        reasons = [str(rules.reason_text(code)) for code in reason_codes]
        decision_text = str(decision)
        if decision_params:
            decision_text %= {
                key: format_date(value, long=True) if isinstance(value, date) else value
                for key, value in decision_params.items()
            }
    return issue_notice(
        application=application,
        notice_type=notice_type,
        language=application.preferred_language,
        notice_date=today,
        decision=decision_text,
        effective_date=effective_date,
        reasons=reasons,
        recipients=notice_recipients(application, day=today),
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
    """The system's first look at each of the five criteria for one applying member (pure).

    What the application reports is never enough to meet a criterion: a criterion the reported
    facts would meet is recorded as not yet verified (rules.first_look).
    """
    return list(rules.first_look(rules.evaluate_criteria(_facts(application, member), limit, today)).values())


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


# --- Decisions and the cap ----------------------------------------------------------------------


def _facts(application: Application, member) -> rules.MemberFacts:
    return rules.MemberFacts(
        ead_category=member.ead_category,
        daca_valid_from=member.daca_valid_from,
        daca_valid_to=member.daca_valid_to,
        has_other_coverage=member.has_other_coverage,
        is_incarcerated=member.is_incarcerated,
        state_code=application.state_code,
        annual_magi=application.annual_magi,
        household_size=application.household_size,
    )


def _limit_of(guidance) -> rules.IncomeLimit:
    return rules.IncomeLimit(
        guidance.fpl_first_person, guidance.fpl_each_additional, guidance.income_limit_pct
    )


def governing_guidance(effective_date: date):
    """The plan year and guidance that govern coverage starting on ``effective_date`` (issue 9 item 3).

    A December decision starts coverage on January 1: it is made under the next plan year's
    guidance and counted against that year's cap. When that plan year or its guidance does not
    exist yet, nothing can be decided: the caseworker is told to wait for the guidance.
    """
    plan_year = selectors.plan_year_for(effective_date)
    try:
        if plan_year is None:
            raise Guidance.DoesNotExist
        return plan_year, selectors.guidance_in_force(plan_year, effective_date)
    except Guidance.DoesNotExist:
        raise ValidationError(
            {
                "effective_date": translation.gettext(
                    "Coverage would start on %(date)s, in plan year %(year)s, whose guidance is not "
                    "entered yet. Decide once the program administrator has entered it."
                )
                % {"date": effective_date.isoformat(), "year": effective_date.year}
            }
        ) from None


def _settled_findings(application: Application, member: Member, guidance, effective_date: date):
    """Every criterion evaluated again on the facts on file and the governing guidance, on the
    effective date, combined with what the caseworker verified (rules.settle_criteria)."""
    fresh = rules.evaluate_criteria(_facts(application, member), _limit_of(guidance), effective_date)
    verified = {
        f.criterion: rules.Finding(f.criterion, f.status, f.reason_code)
        for f in member.findings.all()
        if f.recorded_by_id is not None
    }
    return rules.settle_criteria(fresh, verified)


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
    members = list(application.members.filter(is_applying=True).prefetch_related("findings"))
    outcomes = []
    for member in members:
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
):
    """Record a determination and send its notice. An eligible member beyond the cap is placed on
    the waitlist: that placement is an adverse decision (E(1)), effective the day it is made, with
    no assistance or tier in force until an accepted offer starts coverage."""
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
    enrollment = None
    if decision == Decision.ELIGIBLE:
        # The plan year's row is the cap's lock: whether a slot is open is read after taking it.
        plan_year = PlanYear.objects.select_for_update().get(pk=guidance.plan_year_id)
        existing = _live_enrollment(member, plan_year)
        if existing is None:
            waitlisted = not _slot_open(plan_year, effective_date)
        else:
            waitlisted = existing.state == EnrollmentState.WAITLISTED
        if waitlisted:
            determination.waitlisted = True
            determination.effective_date = today
            determination.premium_assistance, determination.oop_tier = Decimal("0.00"), ""
            determination.reason_codes = [*codes, *rules.WAITLIST_REASONS]
    _save(determination, user=acting_user, reason=reason)
    if decision == Decision.ELIGIBLE:
        enrollment = place_enrollment(determination=determination, acting_user=acting_user, today=today)
    _decision_notice(determination, enrollment, acting_user=acting_user, today=today)
    return determination


def _decision_notice(determination: Determination, enrollment, *, acting_user, today: date):
    """The notice of a determination: approval, waitlist placement or denial, with what is in force."""
    application, member = determination.application, determination.member
    if determination.decision != Decision.ELIGIBLE:
        return _notify(
            application,
            notice_type="denial",
            decision=Decision.INELIGIBLE.label,
            effective_date=determination.effective_date,
            reason_codes=determination.reason_codes,
            acting_user=acting_user,
            today=today,
            details={"member": str(member), "fpl_pct": str(determination.fpl_pct)},
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
            details={"member": str(member), "fpl_pct": str(determination.fpl_pct)},
        )
    return _notify(
        application,
        notice_type="approval",
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
        },
    )


def _live_enrollment(member: Member, plan_year: PlanYear) -> Enrollment | None:
    return Enrollment.objects.filter(
        member=member, plan_year=plan_year, state__in=[*selectors.SLOT_HOLDING, EnrollmentState.WAITLISTED]
    ).first()


def _slot_open(plan_year: PlanYear, day: date) -> bool:
    """Whether a new eligible member gets a slot now (call with the plan year's row locked)."""
    cap = selectors.guidance_in_force(plan_year, day, details=False).enrollment_cap
    return cap is None or (
        selectors.slots_held(plan_year) < cap and not selectors.waitlist(plan_year).exists()
    )


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
    Each offer has a reply-by date (hca_portal.dates.OFFER_REPLY from the notice date).
    """
    plan_year = PlanYear.objects.select_for_update().get(pk=plan_year.pk)
    guidance = selectors.guidance_in_force(plan_year, today, details=False)
    if guidance.enrollment_cap is None:
        free = selectors.waitlist(plan_year).count()
    else:
        free = guidance.enrollment_cap - selectors.slots_held(plan_year)
    if free <= 0:
        return []
    offered = list(selectors.waitlist(plan_year).select_for_update(of=("self",))[:free])
    reply_by = deadline(today, OFFER_REPLY, holidays_for_period(today, OFFER_REPLY)).due
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
    fpl_pct, assistance, tier = _money(application, guidance)
    previous = enrollment.determination
    determination = Determination(
        application=application,
        member=member,
        guidance=guidance,
        decision=Decision.ELIGIBLE,
        effective_date=effective,
        reason_codes=[c for c in previous.reason_codes if c not in rules.WAITLIST_REASONS],
        fpl_pct=fpl_pct,
        premium_assistance=assistance,
        oop_tier=tier,
        decided_on=today,
        decided_by=acting_user,
        supersedes=selectors.current_determination(member),
    )
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


def _end_member_places(member: Member, *, ends_on: date, acting_user, reason: str) -> set[int]:
    """End every live place of a member found ineligible: an enrollment is terminated, a waitlist
    place or an offer is withdrawn. Returns the plan years whose slots are to be offered again."""
    freed = set()
    for enrollment in Enrollment.objects.select_for_update().filter(
        member=member, state__in=[*selectors.SLOT_HOLDING, EnrollmentState.WAITLISTED]
    ):
        if enrollment.state == EnrollmentState.ENROLLED:
            enrollment.ended_on = ends_on
            _transition(enrollment, "terminate", user=acting_user, reason=reason, extra_fields=("ended_on",))
        else:
            enrollment.ended_on = ends_on
            _transition(enrollment, "withdraw", user=acting_user, reason=reason, extra_fields=("ended_on",))
        freed.add(enrollment.plan_year_id)
    return freed


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
    """Carry out an appeal decision that reverses or modifies a determination: a new one supersedes it.

    Found ineligible, the member's enrollment ends and any waitlist place or offer is withdrawn;
    the slots so freed are offered to the next in line at once (promote_waitlist).
    """
    # Only the application's row: a bare FOR UPDATE would lock the joined plan year from the first
    # statement; the cap's lock on the plan year is taken as late as possible (_determine).
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("plan_year").get(pk=application.pk)
    )
    current = selectors.current_determination(member)
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
        supersedes=current,
        reason=reason,
    )
    for plan_year in PlanYear.objects.filter(pk__in=freed):
        promote_waitlist(plan_year=plan_year, acting_user=acting_user, today=today)
    return determination


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
