"""Reads and queues for eligibility. Each returns a queryset or value with its joins chosen."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from hca_portal.dates import local_today

from . import rules
from .access import active_representation_q, applications_for_user
from .models import (
    SLOT_HOLDING,
    Application,
    ApplicationState,
    Determination,
    Enrollment,
    EnrollmentState,
    Guidance,
    InformationRequest,
    Member,
    PlanYear,
    Representation,
)


def guidance_in_force(plan_year: PlanYear, day: date, *, details: bool = True) -> Guidance:
    """The guidance version in force on `day`: the latest effective on or before it (else the earliest).

    With `details`, its bands, tiers and plans come prefetched (the money rules need them).
    """
    # One query for the plan year's few versions, picked here (cheaper than ordering expressions).
    versions = {version.effective_date: version for version in plan_year.guidance_versions.all()}
    found = versions.get(rules.in_force(versions, day))
    if found is not None and details:
        prefetch_related_objects([found], "scale_bands", "oop_tiers", "plans")
    if found is None:
        raise Guidance.DoesNotExist(f"Plan year {plan_year} has no guidance.")
    return found


def plan_year_for(day: date) -> PlanYear | None:
    return PlanYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def scale_of(guidance: Guidance) -> list[rules.Band]:
    return [rules.Band(b.fpl_from, b.fpl_to, b.pct_from, b.pct_to) for b in guidance.scale_bands.all()]


def tiers_of(guidance: Guidance) -> list[rules.Tier]:
    return [rules.Tier(t.fpl_from, t.fpl_to, t.name, t.actuarial_value) for t in guidance.oop_tiers.all()]


def benchmark_premium(guidance: Guidance):
    plan = next((p for p in guidance.plans.all() if p.is_benchmark), None)
    return plan.monthly_premium if plan else None


def income_limit_in_force(plan_year: PlanYear, day: date) -> rules.IncomeLimit:
    """The income limit of the guidance in force on `day` (intake's first look): one narrow query."""
    rows = (
        Guidance.objects.filter(plan_year=plan_year)
        .order_by()
        .values_list("effective_date", "fpl_first_person", "fpl_each_additional", "income_limit_pct")
    )
    limits = {effective: rules.IncomeLimit(*limit) for effective, *limit in rows}
    found = rules.in_force(limits, day)
    if found is None:
        raise Guidance.DoesNotExist(f"Plan year {plan_year} has no guidance.")
    return limits[found]


def deciders() -> QuerySet:
    """Active users who may decide applications, through a group or directly (superusers aside)."""
    return get_user_model().objects.with_perm("eligibility.decide_application", include_superusers=False)


def current_determination(member: Member) -> Determination | None:
    """The member's latest determination that no other supersedes."""
    return (
        member.determinations.filter(superseded_by__isnull=True)
        .order_by("-decided_on", "-created_at")
        .first()
    )


def slots_held(plan_year: PlanYear) -> int:
    return Enrollment.objects.filter(plan_year=plan_year, state__in=SLOT_HOLDING).count()


def waitlist(plan_year: PlanYear) -> QuerySet[Enrollment]:
    """Waitlisted enrollments in the order slots are offered: priority group, then completion time."""
    return (
        Enrollment.objects.filter(plan_year=plan_year, state=EnrollmentState.WAITLISTED)
        .select_related("member", "member__application")
        .order_by("priority_group", "completed_at", "created_at")
    )


def cap_summary(plan_year: PlanYear, day: date | None = None) -> dict:
    guidance = guidance_in_force(plan_year, day or local_today(), details=False)
    counts = Enrollment.objects.filter(plan_year=plan_year).aggregate(
        held=Count("id", filter=Q(state__in=SLOT_HOLDING)),
        enrolled=Count("id", filter=Q(state=EnrollmentState.ENROLLED)),
        offered=Count("id", filter=Q(state=EnrollmentState.OFFERED)),
        waiting_priority=Count("id", filter=Q(state=EnrollmentState.WAITLISTED, priority_group=1)),
        waiting_other=Count("id", filter=Q(state=EnrollmentState.WAITLISTED, priority_group=2)),
    )
    cap = guidance.enrollment_cap
    counts["cap"] = cap
    counts["open_slots"] = None if cap is None else max(0, cap - counts["held"])
    return counts


# Nearest deadline first: the order the queues show, and the one Application's queue index follows.
QUEUE_ORDER = (F("next_due_on").asc(nulls_last=True), "received_on", "created_at")


def application_queue(
    user, *, state: str = "", assigned: str = "", search: str = ""
) -> QuerySet[Application]:
    """The caseworker queue: the same few queries for 10 rows or 10,000 (paged by the view)."""
    members = (
        Member.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("*"))
        .values("n")
    )
    qs = (
        applications_for_user(user)
        .select_related("assigned_to", "plan_year")
        .annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))
        .order_by(*QUEUE_ORDER)
    )
    if state:
        qs = qs.filter(state=state)
    if assigned == "me":
        qs = qs.filter(assigned_to=user)
    elif assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    if search:
        qs = qs.filter(pk__istartswith=search.strip().lower()) if len(search.strip()) >= 4 else qs.none()
    return qs


def open_states() -> list[str]:
    return [ApplicationState.RECEIVED, ApplicationState.IN_REVIEW, ApplicationState.AWAITING_INFORMATION]


def case_detail(application: Application) -> Application:
    """The case with members, findings, documents, requests, determinations and enrollments prefetched."""
    return (
        Application.objects.select_related("plan_year", "assigned_to", "applicant_user")
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.select_related("chosen_plan")),
            "members__findings",
            "members__enrollments",
            "documents",
            "information_requests",
            Prefetch(
                "determinations",
                # Newest first; on the same moment (a replacement within one request) the one in force.
                queryset=Determination.objects.select_related(
                    "member", "guidance__plan_year", "plan", "supersedes", "superseded_by"
                ).order_by("-decided_on", "-created_at", F("superseded_on").asc(nulls_first=True)),
            ),
            Prefetch("representations", queryset=Representation.objects.select_related("representative")),
        )
        .get(pk=application.pk)
    )


def active_representation(application: Application, day: date) -> Representation | None:
    return (
        application.representations.filter(active_representation_q(day))
        .select_related("representative")
        .order_by("-starts_on")
        .first()
    )


def open_work_q() -> Q:
    """Applications with work on them: open ones, and decided ones with a reported change to act on
    (PRODUCT P11; the change's due date is the case's next_due_on)."""
    from .models import ChangeState, ReportedChange

    pending = ReportedChange.objects.filter(application=OuterRef("pk"), state=ChangeState.REPORTED)
    return Q(state__in=open_states()) | Q(Exists(pending))


def open_offers(application_ids) -> dict:
    """Offers waiting for an answer on these applications, by application id, soonest reply-by first
    (one query): the applicant's and representative's pages list them with their buttons."""
    offers: dict = {}
    rows = (
        Enrollment.objects.filter(
            member__application_id__in=list(application_ids), state=EnrollmentState.OFFERED
        )
        .select_related("member")
        .order_by("reply_by", "created_at")
    )
    for enrollment in rows:
        offers.setdefault(enrollment.member.application_id, []).append(enrollment)
    return offers


def eligible_plans(plan_year: PlanYear, day: date) -> list:
    """The eligible plans of the guidance in force in ``plan_year`` on ``day`` (the plan year's first or
    last version outside it), benchmark first; none when the plan year has no guidance."""
    day = min(max(day, plan_year.starts_on), plan_year.ends_on)
    try:
        guidance = guidance_in_force(plan_year, day, details=False)
    except Guidance.DoesNotExist:
        return []
    return sorted(guidance.plans.all(), key=lambda plan: (not plan.is_benchmark, plan.issuer, plan.name))


def sweep_failures() -> QuerySet[InformationRequest]:
    """Requests for information the daily sweep could not expire, oldest due first, with the
    reason (for supervisors; the next sweep tries them again)."""
    return (
        InformationRequest.objects.filter(status=InformationRequest.Status.OPEN, sweep_error_at__isnull=False)
        .select_related("application")
        .order_by("due_on", "pk")
    )


# --- Renewal for a new plan year (PRODUCT P11) ------------------------------------------------


def previous_plan_year(plan_year: PlanYear) -> PlanYear | None:
    return PlanYear.objects.filter(year=plan_year.year - 1).first()


def households_to_renew(from_plan_year: PlanYear, *, into: PlanYear) -> QuerySet:
    """(application id, places) of each household with a member enrolled in ``from_plan_year``
    (holding coverage, not only a place offered or waited for) and no renewal into ``into`` yet;
    ``places`` is how many of its members are enrolled. One pass over the year's enrollments."""
    from .models import Renewal

    renewed = Renewal.objects.filter(application=OuterRef("member__application"), plan_year=into)
    return (
        Enrollment.objects.filter(plan_year=from_plan_year, state=EnrollmentState.ENROLLED)
        .filter(~Exists(renewed))
        .order_by()
        .values("member__application")
        .annotate(places=Count("id"))
        .values_list("member__application", "places")
    )


def places_held_for_renewal(plan_year: PlanYear) -> int:
    """Places of members enrolled the year before whose household's renewal into ``plan_year`` is not
    done yet (waiting for its job, or failed and to be retried): with ``renewals_hold_place``, their
    slots are kept from new applicants (cap._slot_open). One sum over an index, counted at the start."""
    from .models import Renewal, RenewalStatus

    held = Renewal.objects.filter(
        plan_year=plan_year, status__in=[RenewalStatus.PENDING, RenewalStatus.FAILED]
    ).aggregate(places=Sum("places"))["places"]
    return held or 0


def renewal_progress(run) -> dict:
    """A run's counts: households to renew, renewed, failed, skipped and remaining (one query)."""
    from .models import RenewalStatus

    counts = run.renewals.order_by().aggregate(
        total=Count("id"),
        renewed=Count("id", filter=Q(status=RenewalStatus.RENEWED)),
        failed=Count("id", filter=Q(status=RenewalStatus.FAILED)),
        skipped=Count("id", filter=Q(status=RenewalStatus.SKIPPED)),
        remaining=Count("id", filter=Q(status=RenewalStatus.PENDING)),
    )
    done = counts["total"] - counts["remaining"]
    counts["percent_done"] = 100 if not counts["total"] else done * 100 // counts["total"]
    return counts


def renewal_failures(run=None) -> QuerySet:
    """Failed renewals, oldest first, with their case and plan year (for supervisors: codes only)."""
    from .models import Renewal, RenewalStatus

    qs = Renewal.objects.filter(status=RenewalStatus.FAILED).select_related("application", "plan_year")
    if run is not None:
        qs = qs.filter(run=run)
    return qs.order_by("finished_at", "id")


def renewal_targets(today: date) -> list[dict]:
    """Plan years households can be renewed into (not over, with a year before), each with the
    guidance in force on its first day (None when not entered yet) and its run, if started."""
    from .models import RenewalRun

    years = PlanYear.objects.filter(
        ends_on__gte=today, year__gt=PlanYear.objects.order_by("year").values("year")[:1]
    )
    runs = {run.plan_year_id: run for run in RenewalRun.objects.filter(plan_year__in=years)}
    targets = []
    for year in years.order_by("year"):
        try:
            guidance = guidance_in_force(year, year.starts_on, details=False)
        except Guidance.DoesNotExist:
            guidance = None
        if guidance is not None and guidance.effective_date > year.starts_on:
            guidance = None  # in force from later in the year: nothing governs its first day
        targets.append({"plan_year": year, "guidance": guidance, "run": runs.get(year.pk)})
    return targets
