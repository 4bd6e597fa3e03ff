"""The representative's and applicant's homes: their cases, dues, appeals and notices (PRODUCT P1, P7)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from appeals.models import OPEN_STATES as APPEAL_OPEN_STATES
from appeals.models import Appeal, Level
from eligibility.access import applications_for_user, representations_of
from eligibility.models import (
    Application,
    InformationRequest,
    Member,
)
from eligibility.selectors import QUEUE_ORDER
from notices.models import Notice
from notices.models import reference_of as notice_reference_of

from .. import rules


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
