"""Reported changes and corrections, and the redetermination they lead to (PRODUCT P11).

A household (the applicant, their representative, or a caseworker for them) reports a change of a
kind from the catalogue (``ChangeKind``, kept in the admin); it opens work with its own due date
(``hca_portal.dates.CHANGE_PROCESSING``). Applying it writes the new facts (history: who and why),
settles again the criteria those facts decide, and redetermines the case through ``reevaluate``
with a change notice. A correction of what intake got wrong is a change too, applied at once; an
appeal decided on the facts records its corrected facts as a correction with the appeal as cause.

The effective date follows the kind's rule (``rules.change_effective_date``); a change that lowers
assistance or ends eligibility waits for the advance-notice window of the governing guidance
(``Guidance.adverse_notice_days``).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django_fsm import can_proceed

from hca_portal.calendar import holidays_between, holidays_for_period
from hca_portal.dates import CHANGE_PROCESSING, add_calendar_days, deadline, is_late

from .. import access, rules, selectors
from ..models import (
    Application,
    ApplicationState,
    ChangeKind,
    ChangeState,
    CriterionFinding,
    Decision,
    Determination,
    FindingStatus,
    Member,
    ReportedChange,
)
from ._common import _save
from .decisions import redetermine, reevaluate
from .figures import _facts, _limit_of, _money, _settled_findings, governing_guidance
from .intake import add_evidence

CORRECTION_KIND = "intake_correction"
RECORD = "eligibility.change_application"
APPLY = "eligibility.decide_application"
# What a caseworker's finding on a criterion rests on when a change is applied and the new facts meet it:
# the person's report (an attestation) or, for DACA, the document sent with the change.
ATTESTED = {
    rules.NO_OTHER_COVERAGE: "other_coverage_attested",
    rules.RESIDENCY: "resident_attested",
    rules.NOT_INCARCERATED: "not_incarcerated_attested",
    rules.INCOME: "income_attested",
    rules.DACA: "daca_verified",
}


# --- Who may do what (every door asks these) ------------------------------------------------------


def reporter_source(user, application: Application) -> str | None:
    """Who ``user`` reports for on ``application``: a caseworker, the applicant, their active
    representative; None when they may not report a change on it."""
    if user.has_perm(RECORD):
        return ReportedChange.Source.CASEWORKER
    if application.applicant_user_id is not None and application.applicant_user_id == user.pk:
        return ReportedChange.Source.APPLICANT
    if access.is_representative_of(user, application):
        return ReportedChange.Source.REPRESENTATIVE
    return None


def may_apply(user) -> bool:
    """Applying a change redetermines the case: only those who may decide eligibility."""
    return user.has_perm(APPLY)


def active_kinds():
    return ChangeKind.objects.filter(is_active=True)


# --- Reporting ---------------------------------------------------------------------------------------


def _json(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _typed(field: str, value):
    """A stored fact (JSON) as the model field's type."""
    if value is None:
        return None
    if field == "annual_magi":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    if field == "household_size":
        return int(value)
    if field in ("daca_valid_from", "daca_valid_to"):
        return value if isinstance(value, date) else date.fromisoformat(value)
    if field == "state_code":
        return str(value).strip().upper()
    return value


@transaction.atomic
def report_change(
    *,
    application: Application,
    kind: ChangeKind,
    facts: dict,
    event_on: date,
    acting_user,
    today: date,
    member: Member | None = None,
    why: str = "",
    uploads: tuple = (),
    source: str | None = None,
) -> ReportedChange:
    """Record a reported change with its documents; it opens work due by CHANGE_PROCESSING from today.

    ``uploads`` are (document kind, uploaded file) pairs, checked like any evidence (add_evidence);
    ``facts`` the new values by field. Bad input names its field and nothing is saved.
    """
    if source is None:
        source = reporter_source(acting_user, application)
        if source is None:
            raise PermissionDenied("You may not report a change on this case.")
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    errors = _report_errors(application, kind, facts, event_on, member, why, today)
    if errors:
        raise ValidationError(errors)
    group = rules.FACT_GROUPS[kind.facts]
    kept = {f: _json(_typed(f, facts.get(f))) for f in group.fields if facts.get(f) not in (None, "")}
    window_due = add_calendar_days(
        event_on,
        kind.report_within_days,
        holidays_between(event_on, event_on + timedelta(days=kind.report_within_days + 14)),
    ).due
    due = deadline(today, CHANGE_PROCESSING, holidays_for_period(today, CHANGE_PROCESSING))
    change = ReportedChange(
        application=application,
        kind=kind,
        member=member if group.member else None,
        source=source,
        event_on=event_on,
        reported_on=today,
        reported_by=acting_user,
        facts=kept,
        why=why.strip(),
        reported_late=is_late(today, window_due),
        due_on=due.due,
        due_rule=due.to_data(),
    )
    _save(change, user=acting_user, reason=f"Change reported: {kind.code}")
    for document_kind, uploaded in uploads:
        document = add_evidence(
            application=application,
            kind=document_kind,
            uploaded_file=uploaded,
            acting_user=acting_user,
            member=change.member,
        )
        change.documents.add(document)
    _refresh_next_due(application, user=acting_user, reason="Change reported")
    return change


def _report_errors(application, kind, facts, event_on, member, why, today) -> dict:
    if application.state != ApplicationState.DETERMINED:
        return {
            "kind": translation.gettext(
                "This application is not decided yet: the caseworker updates the application itself."
            )
        }
    if not kind.is_active:
        return {"kind": translation.gettext("Choose a kind of change.")}
    group = rules.FACT_GROUPS[kind.facts]
    errors = {}
    if group.member and (member is None or member.application_id != application.pk or not member.is_applying):
        errors["member"] = translation.gettext("Choose the household member the change is about.")
    if error := rules.event_date_error(event_on, today):
        errors["event_on"] = error
    typed = {f: _typed(f, facts.get(f)) if facts.get(f) not in (None, "") else None for f in group.fields}
    errors.update(
        rules.change_facts_errors(
            kind.facts,
            typed,
            today=today,
            members_listed=application.members.filter(is_applying=True).count(),
        )
    )
    if kind.is_correction and not why.strip():
        errors["why"] = translation.gettext("Say what intake got wrong and how you know.")
    return errors


def _refresh_next_due(application: Application, *, user, reason: str) -> None:
    """The case's next due date: the earliest change still to act on (a decided case has no other)."""
    if application.state != ApplicationState.DETERMINED:
        return
    due = (
        application.reported_changes.filter(state=ChangeState.REPORTED)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    if application.next_due_on != due:
        application.next_due_on = due
        _save(application, user=user, reason=reason, fields=["next_due_on"])


# --- Applying --------------------------------------------------------------------------------------


def _write_facts(change: ReportedChange, application: Application, *, acting_user, reason: str) -> dict:
    """Write the change's facts on the application or member; return the values they replace."""
    previous: dict = {}
    app_fields, member_fields = [], []
    member = Member.objects.select_for_update().get(pk=change.member_id) if change.member_id else None
    for field, value in change.facts.items():
        target = member if field in rules.MEMBER_FACTS else application
        previous[field] = _json(getattr(target, field))
        setattr(target, field, _typed(field, value))
        (member_fields if target is member else app_fields).append(field)
    if app_fields:
        _save(application, user=acting_user, reason=reason, fields=app_fields)
    if member_fields:
        _save(member, user=acting_user, reason=reason, fields=member_fields)
    return previous


def _settle_criteria(
    change: ReportedChange, application: Application, *, day: date, acting_user, reason: str
):
    """The criteria the new facts decide, settled again by the applying caseworker on those facts."""
    criteria = {rules.FACT_CRITERIA[f] for f in change.facts if f in rules.FACT_CRITERIA}
    if not criteria:
        return
    _plan_year, guidance = governing_guidance(day)
    members = application.members.filter(is_applying=True)
    if change.member_id:
        members = members.filter(pk=change.member_id)
    documents = list(change.documents.all())
    for member in members:
        fresh = rules.evaluate_criteria(_facts(application, member), _limit_of(guidance), day)
        for criterion in criteria:
            finding = fresh[criterion]
            status, code, evidence = finding.status, finding.reason_code, None
            if status == FindingStatus.MET:
                code = ATTESTED[criterion]
                if criterion == rules.DACA:
                    evidence = next(
                        (d for d in documents if d.kind in rules.EVIDENCE_KINDS[rules.DACA]), None
                    )
                    if evidence is None:
                        raise ValidationError(
                            {
                                "documents": translation.gettext(
                                    "Attach the USCIS approval notice or work permit that shows the new "
                                    "DACA dates."
                                )
                            }
                        )
            row, _created = CriterionFinding.objects.get_or_create(
                member=member, criterion=criterion, defaults={"status": status, "reason_code": code}
            )
            row.status, row.reason_code, row.evidence, row.recorded_by = status, code, evidence, acting_user
            _save(row, user=acting_user, reason=reason)


def _outcomes_in_force(application: Application) -> dict:
    outcomes = {}
    for member in application.members.filter(is_applying=True):
        current = selectors.current_determination(member)
        if current is not None:
            outcomes[member.pk] = rules.MemberOutcome(
                current.decision, current.premium_assistance, current.waitlisted
            )
    return outcomes


def _outcomes_on_new_facts(application: Application, day: date) -> dict:
    """What the facts now on file would decide on ``day`` (nothing is written)."""
    _plan_year, guidance = governing_guidance(day)
    _fpl, assistance, _tier = _money(application, guidance)
    outcomes = {}
    for member in application.members.filter(is_applying=True).prefetch_related("findings"):
        decision, _codes = rules.decide(_settled_findings(application, member, guidance, day).values())
        outcomes[member.pk] = rules.MemberOutcome(
            decision or "", assistance if decision == Decision.ELIGIBLE else Decimal("0.00")
        )
    return outcomes


def _effective(change: ReportedChange, *, adverse: bool, today: date) -> rules.ChangeEffective:
    notice_days = _notice_days(change.reported_on, today)
    return rules.change_effective_date(
        rule=change.kind.effective_rule,
        event_on=change.event_on,
        reported_on=change.reported_on,
        notice_on=today,
        adverse=adverse,
        adverse_notice_days=notice_days,
        holidays=holidays_between(today, today + timedelta(days=notice_days + 14)),
    )


def _notice_days(reported_on: date, today: date) -> int:
    """The governing guidance's advance-notice days (the guidance in force today)."""
    try:
        _plan_year, guidance = governing_guidance(today)
    except ValidationError:
        _plan_year, guidance = governing_guidance(reported_on)
    return guidance.adverse_notice_days


def what_changed(change: ReportedChange, language: str) -> list[str]:
    """Lines saying what changed, from what to what, in ``language`` (the change notice, the case page)."""
    with translation.override(language):
        lines = [rules.reason_text(change.kind.reason_code)]
        for field, new in change.facts.items():
            old = change.previous.get(field)
            label = str(rules.FACT_LABELS[field])
            lines.append(
                f"{label}: {_shown(old)} → {_shown(new)}" if old is not None else f"{label}: {_shown(new)}"
            )
        return lines


def _shown(value) -> str:
    if isinstance(value, bool):
        return translation.gettext("yes") if value else translation.gettext("no")
    return str(value)


@transaction.atomic
def apply_change(*, change: ReportedChange, acting_user, today: date) -> list[Determination]:
    """Write a reported change's facts and redetermine the case on them, with a change notice.

    Its effective date follows the kind's rule; when the new facts end a member's eligibility or
    lower their assistance, not before the first of the month after the advance-notice window.
    """
    if not may_apply(acting_user):
        raise PermissionDenied("You may not apply changes.")
    change = ReportedChange.objects.select_for_update().select_related("kind").get(pk=change.pk)
    if not can_proceed(change.apply):
        raise ValidationError({"state": translation.gettext("This change was already acted on.")})
    application = Application.objects.select_for_update(of=("self",)).get(pk=change.application_id)
    reason = _reason(change)
    before = _outcomes_in_force(application)
    change.previous = _write_facts(change, application, acting_user=acting_user, reason=reason)
    first = _effective(change, adverse=False, today=today)
    _settle_criteria(change, application, day=first.effective, acting_user=acting_user, reason=reason)
    determinations = []
    if change.kind.facts == "death":
        determinations += _end_for_death(
            change, application, day=first.effective, acting_user=acting_user, today=today
        )
        effective = first
    else:
        adverse = rules.is_adverse_change(before, _outcomes_on_new_facts(application, first.effective))
        effective = _effective(change, adverse=adverse, today=today) if adverse else first
        change.adverse = adverse
    if application.members.filter(is_applying=True).exists():
        determinations += reevaluate(
            application=application,
            acting_user=acting_user,
            today=today,
            effective_date=effective.effective,
            reason=reason,
            notice_type="change",
            notice_details={"what_changed": what_changed(change, application.preferred_language)},
        )
    change.apply()
    change.effective_date, change.effective_rule = effective.effective, effective.to_data()
    change.applied_on, change.applied_by = today, acting_user
    _save(change, user=acting_user, reason=reason)
    change.determinations.set(determinations)
    application.refresh_from_db()
    _refresh_next_due(application, user=acting_user, reason=reason)
    return determinations


def _end_for_death(change, application, *, day: date, acting_user, today: date) -> list[Determination]:
    """A member who died: an ineligible determination from the day after, then off the household."""
    member = Member.objects.get(pk=change.member_id)
    determination = redetermine(
        application=application,
        member=member,
        decision=Decision.INELIGIBLE,
        reason_codes=[change.kind.reason_code],
        effective_date=day,
        acting_user=acting_user,
        today=today,
        reason=_reason(change),
    )
    member.is_applying = False
    _save(member, user=acting_user, reason=_reason(change), fields=["is_applying"])
    application.refresh_from_db()
    if application.household_size > 1:
        change.previous["household_size"] = application.household_size
        application.household_size -= 1
        _save(application, user=acting_user, reason=_reason(change), fields=["household_size"])
    return [determination]


def _reason(change: ReportedChange) -> str:
    if change.kind.is_correction:
        return f"Correction ({change.kind.code}): {change.why}"[:100]
    return f"Change applied: {change.kind.code}"


@transaction.atomic
def dismiss_change(*, change: ReportedChange, acting_user, why: str) -> ReportedChange:
    """Close a reported change without applying it (a duplicate, or not a change), saying why."""
    if not may_apply(acting_user):
        raise PermissionDenied("You may not act on changes.")
    if not why.strip():
        raise ValidationError({"why": translation.gettext("Say why the change is dismissed.")})
    change = ReportedChange.objects.select_for_update().get(pk=change.pk)
    if not can_proceed(change.dismiss):
        raise ValidationError({"state": translation.gettext("This change was already acted on.")})
    change.dismiss()
    change.why = f"{change.why}\n{why.strip()}".strip()
    _save(change, user=acting_user, reason=f"Change dismissed: {why.strip()}"[:100])
    application = Application.objects.select_for_update(of=("self",)).get(pk=change.application_id)
    _refresh_next_due(application, user=acting_user, reason="Change dismissed")
    return change


@transaction.atomic
def record_change(
    *,
    application: Application,
    kind: ChangeKind,
    facts: dict,
    event_on: date,
    acting_user,
    today: date,
    member: Member | None = None,
    why: str = "",
    uploads: tuple = (),
    apply_now: bool = False,
) -> ReportedChange:
    """A caseworker records a change (or a correction, always applied at once) for the household."""
    change = report_change(
        application=application,
        kind=kind,
        facts=facts,
        event_on=event_on,
        acting_user=acting_user,
        today=today,
        member=member,
        why=why,
        uploads=uploads,
    )
    if apply_now or kind.is_correction:
        apply_change(change=change, acting_user=acting_user, today=today)
        change.refresh_from_db()
    return change


@transaction.atomic
def correct_facts_for_appeal(
    *, application: Application, facts: dict, why: str, appeal_id, acting_user, today: date
) -> ReportedChange:
    """An appeal decided on the facts: its corrected facts, recorded as a correction caused by the appeal.

    The facts and the criteria they decide are written here (history: the decider, the reasons); the
    appeal's own redetermination (``redetermine``) then computes the new figures from them.
    """
    kind = ChangeKind.objects.get(code=CORRECTION_KIND)
    change = report_change(
        application=application,
        kind=kind,
        facts=facts,
        event_on=today,
        acting_user=acting_user,
        today=today,
        why=why,
        source=ReportedChange.Source.APPEAL,
    )
    change.appeal_id = appeal_id
    reason = _reason(change)
    change.previous = _write_facts(change, application, acting_user=acting_user, reason=reason)
    _settle_criteria(change, application, day=today, acting_user=acting_user, reason=reason)
    change.apply()
    change.applied_on, change.applied_by = today, acting_user
    _save(change, user=acting_user, reason=reason)
    application.refresh_from_db()
    _refresh_next_due(application, user=acting_user, reason=reason)
    return change


def link_determination(*, change: ReportedChange, determination: Determination) -> None:
    """The determination a correction led to (an appeal's redetermination), shown with the change."""
    change.determinations.add(determination)
