"""Reads for appeals: access, queues, eligible deciders and the explained dates (PRODUCT P6, P7).

Every view and API endpoint reaches an appeal through ``get_appeal_for_user``;
queues return querysets with their joins chosen, so a page runs the same few
queries for 10 rows or 10,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from eligibility import rules as eligibility_rules
from eligibility.access import (
    applications_for_user,
    is_representative_of,
    is_staff_viewer,
    log_access,
    representations_of,
)
from eligibility.models import CaseAccessLog, CriterionFinding, Determination, Representation
from hca_portal.dates import local_today

from . import rules
from .choices import FINAL_APPEALABLE_STATES
from .models import DECIDE_PERMISSIONS, OPEN_STATES, Appeal, AppealEvent, Expedite, Level, State

_LIST_JOINS = ("application", "determination__member", "assigned_to", "parent")


def is_appeals_staff(user) -> bool:
    return user.is_authenticated and user.has_perm("appeals.view_appeal")


def appeals_for_user(user, *, day: date | None = None) -> QuerySet[Appeal]:
    """Every appeal ``user`` may see: staff by permission, others through their cases (P7), a
    representative designated for appeals only included."""
    if not user.is_authenticated:
        return Appeal.objects.none()
    if is_appeals_staff(user):
        return Appeal.objects.all()
    return Appeal.objects.filter(
        application__in=applications_for_user(user, day=day, appeals=True).values("pk")
    )


def get_appeal_for_user(
    user, pk, *, what: str = CaseAccessLog.What.APPEAL, joins: tuple = (), annotations: dict | None = None
) -> Appeal:
    """The appeal ``pk`` if ``user`` may see it, its reading logged on the case as ``what`` (the
    door; P7); otherwise Http404 (never a hint it exists) and no log. ``joins`` and
    ``annotations`` read more of the record in the same query."""
    try:
        appeal = (
            appeals_for_user(user)
            .select_related(*_LIST_JOINS, "notice_appealed", *joins)
            .annotate(**(annotations or {}))
            .get(pk=pk)
        )
    except (Appeal.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404("No such appeal.") from exc
    log_access(user, appeal.application_id, what)
    return appeal


def acts_for_appellant(user, appeal: Appeal, *, day: date | None = None) -> bool:
    """The applicant on the case, or their representative (of any scope) while the designation is active."""
    if user is None or not user.is_authenticated:
        return False
    application = appeal.application
    if application.applicant_user_id is not None and application.applicant_user_id == user.pk:
        return True
    return is_representative_of(user, application, day=day or local_today(), appeals=True)


def may_file_online(user, application, *, day: date) -> bool:
    """Online filing: the applicant themself or their active representative, of any scope (never staff)."""
    if application.applicant_user_id is not None and application.applicant_user_id == user.pk:
        return True
    return is_representative_of(user, application, day=day, appeals=True)


def eligible_deciders(appeal: Appeal) -> QuerySet:
    """Officers (first level) or bureau reviewers (final) who may be assigned: ``Appeal.deciders``."""
    return appeal.deciders()


def appealable_determinations(application) -> QuerySet[Determination]:
    """Current (not superseded) determinations on a case."""
    return application.determinations.filter(superseded_by__isnull=True).select_related("member")


def events_of(appeal: Appeal) -> QuerySet[AppealEvent]:
    return appeal.events.select_related("actor", "notice").order_by("at", "id")


def _queue(level: str) -> QuerySet[Appeal]:
    expedited_first = Case(
        When(expedite__in=[Expedite.REQUESTED, Expedite.GRANTED], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Appeal.objects.filter(level=level, state__in=OPEN_STATES)
        .select_related(*_LIST_JOINS)
        .annotate(expedited_first=expedited_first)
        .order_by("expedited_first", "decision_due_on", "received_on", "created_at")
    )


def officer_queue(*, assigned_to=None) -> QuerySet[Appeal]:
    """Open first-level appeals, expedited first, then by decision due date."""
    qs = _queue(Level.FIRST)
    return qs.filter(assigned_to=assigned_to) if assigned_to is not None else qs


def bureau_queue(*, assigned_to=None) -> QuerySet[Appeal]:
    """Open final appeals, expedited first, then by decision due date."""
    qs = _queue(Level.FINAL)
    return qs.filter(assigned_to=assigned_to) if assigned_to is not None else qs


def can_file_final_appeal(parent: Appeal, *, has_live_final: bool | None = None) -> bool:
    """A first-level appeal decided against the appellant, or left undecided past its due date, with
    no live final appeal (``has_live_final`` when the caller already read it)."""
    return (
        parent.level == Level.FIRST
        and parent.state in FINAL_APPEALABLE_STATES
        and rules.final_appeal_is_adverse(parent.outcome, parent.state == State.VENDOR_DELAYED)
        and not (
            parent.final_appeals.exclude(state=State.DISMISSED).exists()
            if has_live_final is None
            else has_live_final
        )
    )


@dataclass(frozen=True)
class ExplainedDate:
    label: str
    due: date
    explain: str
    passed: bool


def explained_dates(appeal: Appeal, *, today: date | None = None) -> list[ExplainedDate]:
    """Every stored date on the appeal with how it was counted (the rule and the days skipped),
    in the active language (the viewer's)."""
    today = today or local_today()
    rows = [
        (_("Last day to file this appeal"), appeal.filing_deadline, appeal.filing_deadline_explain),
        (_("Decision due"), appeal.decision_due_on, appeal.decision_due_explain),
        (_("Last day to complete the appeal"), appeal.cure_due_on, appeal.cure_due_explain),
        (
            _("Last day to ask to reopen the dismissed appeal"),
            appeal.vacate_due_on,
            appeal.vacate_due_explain,
        ),
        (_("Last day to file a final appeal"), appeal.final_appeal_due_on, appeal.final_appeal_due_explain),
    ]
    return [
        ExplainedDate(str(label), due, str(text), today > due) for label, due, text in rows if due is not None
    ]


def notice_failures():
    """Vendor-delay notices that could not be issued, oldest first, with the reason (for supervisors)."""
    return Appeal.objects.filter(
        state=State.VENDOR_DELAYED, delay_notice__isnull=True, notice_error_at__isnull=False
    ).order_by("vendor_delayed_on", "pk")


__all__ = [
    "acts_for_appellant",
    "appeal_record",
    "appealable_determinations",
    "appeals_for_user",
    "bureau_queue",
    "can_file_final_appeal",
    "eligible_deciders",
    "events_of",
    "explained_dates",
    "notice_failures",
    "get_appeal_for_user",
    "may_file_online",
    "officer_queue",
]


# --- The appeal record (PRODUCT P1: decide on the whole record, from one page) -----------------

_RECORD_JOINS = (
    "determination__guidance",
    "determination__decided_by",
    "decided_by",
    "decision_notice",
    "delay_notice",
    "parent__decided_by",
    "parent__decision_notice",
    "parent__notice_appealed",
)


@dataclass(frozen=True)
class Figure:
    label: str
    value: object


@dataclass(frozen=True)
class AppealRecord:
    """Everything a decider weighs, read in a fixed number of queries whatever the record's size."""

    appeal: Appeal
    figures: list[Figure]
    reasons: list[str]
    findings: list  # (finding, its reason in the reader's language)
    documents: list
    events: list
    live_final_appeal: Appeal | None
    may_see_case: bool


def _reason(code: str) -> str:
    try:
        return eligibility_rules.reason_text(code)
    except KeyError:
        return code


def appeal_record(user, pk) -> AppealRecord:
    """The appeal ``pk`` through the door (``get_appeal_for_user``: 404, access log) with its whole
    record: the decision and notice appealed with its figures, the member's findings with their
    evidence, the documents filed with the appeal, the first-level decision of a final appeal, the
    live final appeal of a first-level one, and the steps taken. Whether ``user`` may decide it is
    read in the same query (``Appeal.objects.decidable_by``, the one rule) and kept on the row."""
    live_finals = (
        Appeal.objects.filter(parent=OuterRef("pk")).exclude(state=State.DISMISSED).order_by("-created_at")
    )
    annotations = {"live_final_pk": Subquery(live_finals.values("pk")[:1])}
    may_decide_some_level = user.is_authenticated and any(
        user.has_perm(perm) for perm in DECIDE_PERMISSIONS.values()
    )
    if may_decide_some_level:
        annotations["decidable"] = Exists(Appeal.objects.filter(pk=OuterRef("pk")).decidable_by(user))
    today = local_today()
    if user.is_authenticated:
        designations = representations_of(user, today, appeals=True).filter(
            application=OuterRef("application_id")
        )
        annotations["represents"] = Exists(designations)
        annotations["represents_fully"] = Exists(designations.filter(scope=Representation.Scope.FULL))
    appeal = get_appeal_for_user(user, pk, joins=_RECORD_JOINS, annotations=annotations)
    determination = appeal.determination
    application = appeal.application
    # The rules' answers for this user, read in the same query: the buttons ask them again for free.
    appeal.__dict__.setdefault("_decidable_by", {})[user.pk] = bool(
        getattr(appeal, "decidable", False) and user.has_perm(appeal.decide_permission)
    )
    is_applicant = application.applicant_user_id is not None and application.applicant_user_id == user.pk
    appeal.__dict__.setdefault("_appellant_side", {})[user.pk] = is_applicant or appeal.represents
    findings = [
        (finding, _reason(finding.reason_code))
        for finding in CriterionFinding.objects.filter(member_id=determination.member_id)
        .select_related("evidence", "recorded_by")
        .order_by("criterion")
    ]
    documents = list(appeal.documents.select_related("uploaded_by"))
    events = list(events_of(appeal))
    live_final = None
    if appeal.live_final_pk is not None:
        live_final = Appeal(pk=appeal.live_final_pk, level=Level.FINAL)
    may_see_case = is_staff_viewer(user) or is_applicant or appeal.represents_fully
    return AppealRecord(
        appeal=appeal,
        figures=decision_figures(determination, application),
        reasons=[_reason(code) for code in determination.reason_codes],
        findings=findings,
        documents=documents,
        events=events,
        live_final_appeal=live_final,
        may_see_case=may_see_case,
    )


def decision_figures(determination: Determination, application) -> list[Figure]:
    """The figures of the decision appealed, labelled in the reader's language."""
    rows = [
        (_("Decision"), determination.get_decision_display()),
        (_("On the waitlist"), _("Yes") if determination.waitlisted else _("No")),
        (_("Effective date"), determination.effective_date),
        (_("Decided on"), determination.decided_on),
        (_("Household size"), application.household_size),
        (_("Annual household income (MAGI)"), f"${application.annual_magi:,}"),
        (_("Income as a percent of the federal poverty level"), f"{determination.fpl_pct}%"),
        (_("Monthly premium assistance"), f"${determination.premium_assistance:,}"),
        (_("Out-of-pocket assistance level"), determination.oop_tier or "—"),
        (_("Guidance applied"), determination.guidance.label),
    ]
    return [Figure(str(label), value) for label, value in rows]
