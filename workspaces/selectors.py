"""Reads for the role workspaces, the case timeline and the reports (PRODUCT P1, P7, P9).

Queues return querysets with their joins chosen, so a queue page runs the same
few queries for 10 rows or 100,000. This is the top layer: it reads eligibility,
notices and appeals, and none of them reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, IntegerField, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from appeals import selectors as appeal_selectors
from appeals.models import OPEN_STATES as APPEAL_OPEN_STATES
from appeals.models import Appeal, Level
from eligibility.access import applications_for_user, representations_of
from eligibility.models import (
    SLOT_HOLDING,
    Application,
    ApplicationState,
    CriterionFinding,
    Determination,
    Enrollment,
    EnrollmentState,
    Guidance,
    InformationRequest,
    Member,
    PlanYear,
)
from eligibility.selectors import QUEUE_ORDER, deciders, open_states
from hca_portal import timeline
from hca_portal.dates import local_today
from notices.models import Notice
from notices.models import reference_of as notice_reference_of

from . import rules

# --- Caseworker ----------------------------------------------------------------------------------

CASEWORKER_TABS = ("mine", "unassigned", "due_soon", "overdue", "waiting")


def _open_applications(user) -> QuerySet[Application]:
    return applications_for_user(user).filter(state__in=open_states())


def _tab_filter(tab: str, user, today: date) -> Q:
    soon = today + timedelta(days=rules.DUE_SOON_DAYS - 1)
    return {
        "mine": Q(assigned_to=user),
        "unassigned": Q(assigned_to__isnull=True),
        "due_soon": Q(next_due_on__gte=today, next_due_on__lte=soon),
        "overdue": Q(next_due_on__lt=today),
        "waiting": Q(state=ApplicationState.AWAITING_INFORMATION),
    }[tab]


def caseworker_queue(user, tab: str, *, today: date) -> QuerySet[Application]:
    """One tab of the caseworker's work: open applications, nearest deadline first."""
    return (
        _open_applications(user)
        .filter(_tab_filter(tab, user, today))
        .select_related("assigned_to")
        .order_by(*QUEUE_ORDER)
    )


# Tab counts stop counting here: past it the page says "1,000+" (counting tens of thousands of rows
# on every page view is what would make the queue slow, and nobody needs the exact figure).
COUNT_CAP = 1000


class CappedCount(Subquery):
    """(SELECT COUNT(*) FROM (<at most COUNT_CAP ids>)): stops after the cap."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _capped)"
    output_field = IntegerField()


def capped_counts(querysets: dict[str, QuerySet], user) -> dict[str, int]:
    """Several capped counts in one statement (hosted on the user's own row)."""
    counts = {name: CappedCount(qs.order_by().values("pk")[:COUNT_CAP]) for name, qs in querysets.items()}
    row = get_user_model().objects.filter(pk=user.pk).annotate(**counts).values(*counts).first()
    return row or dict.fromkeys(querysets, 0)


def caseworker_counts(user, *, today: date) -> dict[str, int]:
    """How many rows each tab holds (up to COUNT_CAP), in one query."""
    return capped_counts(
        {tab: _open_applications(user).filter(_tab_filter(tab, user, today)) for tab in CASEWORKER_TABS}, user
    )


# --- Appeals officer and bureau reviewer ----------------------------------------------------------


def exclude_participants(appeals: QuerySet[Appeal], user) -> QuerySet[Appeal]:
    """Drop the appeals ``user`` took part in, as a filter the database applies.

    The same participants as ``eligibility.selectors.determination_participants`` and
    ``appeals.selectors.participant_ids``: whoever decided the determination, the case's
    assignee, anyone who recorded or changed a finding on the member or requested
    information on the case; for a final appeal also the first-level decider and assignee.
    Written as three small "not in" sets (what this user touched), so a page of the queue
    costs one query whatever its length. tests/workspaces/test_views_appeal_queues.py
    checks the filter agrees with ``Appeal.may_be_decided_by``.
    """
    recorded = CriterionFinding.objects.filter(recorded_by=user).order_by().values("member_id")
    changed = CriterionFinding.history.filter(history_user=user).order_by().values("member_id")
    requested = InformationRequest.objects.filter(requested_by=user).order_by().values("application_id")
    # One small set per way of taking part, each found through its own index (no OR across them).
    blocked_determinations = (
        Determination.objects.filter(decided_by=user),
        Determination.objects.filter(member_id__in=recorded),
        Determination.objects.filter(member_id__in=changed),
    )
    blocked_parents = (Appeal.objects.filter(decided_by=user), Appeal.objects.filter(assigned_to=user))
    for determinations in blocked_determinations:
        appeals = appeals.exclude(determination_id__in=determinations.order_by().values("pk"))
    appeals = appeals.exclude(
        application_id__in=Application.objects.filter(assigned_to=user).order_by().values("pk")
    ).exclude(application_id__in=requested)
    for parents in blocked_parents:
        appeals = appeals.filter(Q(parent__isnull=True) | ~Q(parent_id__in=parents.order_by().values("pk")))
    return appeals


def _decider_queue(queue: QuerySet[Appeal], user) -> QuerySet[Appeal]:
    # The rows show the appeal's own columns and its assignee only: no other join is needed.
    return exclude_participants(queue, user).select_related(None).select_related("assigned_to")


def officer_queue(user, *, mine: bool = False) -> QuerySet[Appeal]:
    """Open first-level appeals the officer may decide: expedited first, then by decision due date."""
    return _decider_queue(appeal_selectors.officer_queue(assigned_to=user if mine else None), user)


def bureau_queue(user, *, mine: bool = False) -> QuerySet[Appeal]:
    """Open final appeals the reviewer may decide: expedited first, then by decision due date."""
    return _decider_queue(appeal_selectors.bureau_queue(assigned_to=user if mine else None), user)


# --- Supervisor ----------------------------------------------------------------------------------


def caseworkers() -> QuerySet:
    """Active users who may decide applications (through a group or directly)."""
    return deciders().order_by("last_name", "first_name", "username")


@dataclass(frozen=True)
class TeamRow:
    user: object | None
    open: int
    overdue: int
    due_soon: int
    waiting: int
    decided_30: int
    oldest_received: date | None

    def oldest_days(self, today: date) -> int | None:
        return None if self.oldest_received is None else (today - self.oldest_received).days


def team_timeliness(*, today: date, team: list) -> list[TeamRow]:
    """Per caseworker (and the unassigned pile): open work, what is overdue, due soon or waiting on
    the applicant, the oldest open application, and the cases they decided in the last 30 days.

    Two grouped queries: open applications by assignee, and determinations by who decided them.
    """
    soon = today + timedelta(days=rules.DUE_SOON_DAYS - 1)
    grouped = {
        row["assigned_to"]: row
        for row in Application.objects.filter(state__in=open_states())
        .values("assigned_to")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(next_due_on__lt=today)),
            due_soon=Count("pk", filter=Q(next_due_on__gte=today, next_due_on__lte=soon)),
            waiting=Count("pk", filter=Q(state=ApplicationState.AWAITING_INFORMATION)),
            oldest_received=Min("received_on"),
        )
        .order_by()
    }
    decided = dict(
        Determination.objects.filter(decided_on__gt=today - timedelta(days=30), decided_by__isnull=False)
        .values_list("decided_by")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )
    empty = {"open": 0, "overdue": 0, "due_soon": 0, "waiting": 0, "oldest_received": None}

    def row(user, key):
        data = {**empty, **{k: v for k, v in grouped.get(key, {}).items() if k != "assigned_to"}}
        return TeamRow(user=user, decided_30=decided.get(key, 0) if key else 0, **data)

    rows = [row(member, member.pk) for member in team]
    rows.append(row(None, None))
    return rows


def assignable_applications(*, assignee: str = "") -> QuerySet[Application]:
    """Open applications for the supervisor's bulk assignment: all, unassigned ('none'), or one person's."""
    qs = Application.objects.filter(state__in=open_states())
    if assignee == "none":
        qs = qs.filter(assigned_to__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assigned_to_id=int(assignee))
    return qs.select_related("assigned_to").order_by(*QUEUE_ORDER)


# --- Representative and applicant -----------------------------------------------------------------


def _with_case_summary(applications: QuerySet[Application], today: date) -> QuerySet[Application]:
    """Each case with its first applying member's name, how many apply, and the nearest last day to
    appeal a notice nobody has appealed yet: subqueries in the same statement, no extra query."""
    applying = Member.objects.filter(application=OuterRef("pk"), is_applying=True)
    first = applying.order_by("created_at", "id")
    unanswered = (
        Notice.objects.filter(
            application=OuterRef("pk"), status=Notice.Status.ISSUED, appeal_deadline__gte=today
        )
        .exclude(Exists(Appeal.objects.filter(notice_appealed=OuterRef("pk"))))
        .order_by("appeal_deadline", "created_at")
    )
    return applications.annotate(
        first_name=Subquery(first.values("first_name")[:1]),
        last_name=Subquery(first.values("last_name")[:1]),
        applying_count=Subquery(
            applying.order_by().values("application").annotate(n=Count("pk")).values("n")[:1]
        ),
        appeal_notice_by=Subquery(unanswered.values("appeal_deadline")[:1]),
        appeal_notice_id=Subquery(unanswered.values("pk")[:1]),
    )


def client_applications(user, *, today: date) -> QuerySet[Application]:
    """The applications whose applicant designated ``user`` and whose designation is active today,
    each with ``full_access``: false when the designation is for appeals only (no case page then)."""
    represented = representations_of(user, today, appeals=True)
    full = representations_of(user, today).filter(application=OuterRef("pk"))
    return (
        _with_case_summary(
            applications_for_user(user, day=today, appeals=True).filter(
                pk__in=represented.values("application_id")
            ),
            today,
        )
        .annotate(full_access=Exists(full))
        .order_by(*QUEUE_ORDER)
    )


def own_applications(user, *, today: date) -> QuerySet[Application]:
    """The applicant's own cases with their members, appeals, issued notices and open requests."""
    return (
        _with_case_summary(Application.objects.filter(applicant_user=user), today)
        .select_related("plan_year")
        .prefetch_related(
            Prefetch(
                "members", queryset=Member.objects.filter(is_applying=True).order_by("created_at", "id")
            ),
            Prefetch("appeals", queryset=Appeal.objects.order_by("received_on", "created_at")),
            Prefetch(
                "notices",
                queryset=Notice.objects.filter(status=Notice.Status.ISSUED).order_by(
                    "-notice_date", "-created_at"
                ),
                to_attr="issued_notices",
            ),
            Prefetch(
                "information_requests",
                queryset=InformationRequest.objects.filter(status=InformationRequest.Status.OPEN),
                to_attr="open_requests",
            ),
        )
        .order_by("-received_on", "-created_at")
    )


def case_due(application, appeals, today: date, *, appeals_only: bool = False) -> rules.Due | None:
    """A case's next deadline for the applicant's side, from rows already loaded (no query).

    The response date of a request for information (not for a representative designated for
    appeals only), the appellant's dates on the case's appeals, and the last day to appeal a
    notice that no appeal has answered yet.
    """
    dues = [] if appeals_only else [rules.application_due(application)]
    dues += [rules.appeal_appellant_due(appeal, today) for appeal in appeals if appeal.state != "closed"]
    if getattr(application, "appeal_notice_by", None):
        reference = notice_reference_of(application.appeal_notice_id)
        dues.append(
            rules.Due(
                _("Last day to appeal %(notice)s") % {"notice": reference}, application.appeal_notice_by
            )
        )
    return rules.earliest(dues, today)


def open_appeals_for(applications: QuerySet[Application], *, today: date) -> QuerySet[Appeal]:
    """Appeals on these cases with a date still ahead for the appellant: open ones, first-level
    decisions a final appeal can still follow, dismissals that can still be reopened."""
    live = (
        Q(state__in=APPEAL_OPEN_STATES)
        | Q(state="decided", level=Level.FIRST, final_appeal_due_on__gte=today)
        | Q(state="dismissed", vacate_due_on__gte=today)
    )
    return Appeal.objects.filter(live, application__in=applications.values("pk")).order_by(
        F("decision_due_on").asc(nulls_last=True), "received_on", "created_at"
    )


def notices_for(applications: QuerySet[Application], *, limit: int = 25) -> QuerySet[Notice]:
    return Notice.objects.filter(
        application__in=applications.values("pk"), status=Notice.Status.ISSUED
    ).order_by("-notice_date", "-created_at")[:limit]


# --- Program administrator ------------------------------------------------------------------------


def plan_years_around(today: date) -> list[PlanYear]:
    """The plan year in force today and any later ones (the cap summaries on the admin home)."""
    return list(PlanYear.objects.filter(ends_on__gte=today).order_by("year")[:2])


# --- Case timeline -------------------------------------------------------------------------------

# Each app gives its own entries (eligibility/timeline.py, notices/timeline.py, appeals/timeline.py),
# registered with hca_portal.timeline; the page merges them.
TimelineEntry = timeline.TimelineEntry


def case_timeline(application: Application) -> list[TimelineEntry]:
    """Every transition, determination, enrollment change, request, document, notice and appeal on
    the case, as each app records it (who, when, why), merged and oldest first."""
    return timeline.case_timeline(application)


# --- Reports (P9) --------------------------------------------------------------------------------


def applications_by_status(plan_year: PlanYear) -> list[tuple[str, str, int]]:
    """(state, label, count) for every application state, zeros included, in the state machine's order."""
    counts = dict(
        Application.objects.filter(plan_year=plan_year)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in ApplicationState.choices]


def enrollment_against_cap(plan_year: PlanYear, *, today: date | None = None) -> list[rules.CapPoint]:
    """Slots held against the cap, day by day, from the enrollments' and guidance's history.

    Guidance rows written without history (the seed migration, a bulk update) count as known
    from the start when they have no history at all, or from today when their history is behind.
    """
    changes = (
        (local_today(at), key, state)
        for at, key, state in Enrollment.history.filter(plan_year_id=plan_year.pk)
        .order_by("history_date", "history_id")
        .values_list("history_date", "id", "state")
        .iterator()
    )
    versions, latest = [], {}
    for key, at, effective, cap in (
        Guidance.history.filter(plan_year_id=plan_year.pk)
        .order_by("history_date", "history_id")
        .values_list("id", "history_date", "effective_date", "enrollment_cap")
    ):
        versions.append((local_today(at), effective, cap))
        latest[key] = (effective, cap)
    for key, effective, cap in Guidance.objects.filter(plan_year=plan_year).values_list(
        "pk", "effective_date", "enrollment_cap"
    ):
        if key not in latest:
            versions.insert(0, (date.min, effective, cap))
        elif latest[key] != (effective, cap):
            versions.append((today or date.max, effective, cap))
    return rules.enrollment_over_time(changes, versions, slot_states=SLOT_HOLDING)


@dataclass(frozen=True)
class WaitlistGroup:
    priority_group: int
    waiting: int
    oldest: datetime | None


def waitlist_by_priority(plan_year: PlanYear) -> list[WaitlistGroup]:
    rows = {
        row["priority_group"]: row
        for row in Enrollment.objects.filter(plan_year=plan_year, state=EnrollmentState.WAITLISTED)
        .values("priority_group")
        .annotate(waiting=Count("pk"), oldest=Min("completed_at"))
        .order_by()
    }
    groups = sorted(set(rows) | {1, 2})
    return [
        WaitlistGroup(g, rows.get(g, {}).get("waiting", 0), rows.get(g, {}).get("oldest")) for g in groups
    ]


def appeal_timeliness(*, today: date, plan_year: PlanYear | None = None) -> list[rules.Timeliness]:
    """Per level: how many were decided, the share decided by the due date, the median days from
    the start of the clock to the decision, and how many open appeals are past due."""
    appeals = Appeal.objects.all()
    if plan_year is not None:
        appeals = appeals.filter(application__plan_year=plan_year)
    decided = appeals.filter(decided_on__isnull=False).order_by()
    overdue = dict(
        appeals.filter(state__in=APPEAL_OPEN_STATES, decision_due_on__lt=today)
        .values_list("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_level: dict[str, list] = {value: [] for value, _label in Level.choices}
    for level, start, received, due, decided_on in decided.values_list(
        "level", "decision_clock_start", "received_on", "decision_due_on", "decided_on"
    ).iterator():
        by_level.setdefault(level, []).append((start or received, due, decided_on))
    return [
        rules.timeliness(level, rows, open_overdue=overdue.get(level, 0)) for level, rows in by_level.items()
    ]
