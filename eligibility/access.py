"""Who may see which case (PRODUCT P7). Every view and API endpoint goes through here.

Staff see cases through their group permissions. A representative sees a case
only while their designation is active; an applicant only their own. Anything
else is a 404, so a forbidden case looks exactly like a missing one.

A representative designated for appeals only (``Representation.Scope.APPEALS``) acts
for the appellant in appeals and nowhere else: the appeals paths (appeal pages and
API, online filing, the case's notices) ask with ``appeals=True``; everything else
(the case page, its evidence, the timeline, the eligibility API) counts only
designations of the full scope.

Reading a case is logged here, in the helpers every door calls (pages, htmx partials, the API,
downloads): ``get_application_for_user`` (and ``appeals.selectors.get_appeal_for_user``) write one
``CaseAccessLog`` row naming the door, so no door can forget. Lists and the queue's search show
references, states and dates only (no personal data) and are not logged.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from hca_portal.dates import local_today

from .models import Application, CaseAccessLog, Representation


def is_staff_viewer(user) -> bool:
    return user.is_authenticated and user.has_perm("eligibility.view_application")


def active_representation_q(day, prefix: str = "") -> Q:
    """Filter for representations active on `day` (prefix e.g. 'representations__')."""
    return (
        Q(**{f"{prefix}starts_on__lte": day})
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day}))
        & (Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": day}))
    )


def representations_of(user, day, *, appeals: bool = False) -> QuerySet[Representation]:
    """`user`'s designations active on `day`: of the full scope only, or of any scope with `appeals`."""
    representations = Representation.objects.filter(active_representation_q(day), representative=user)
    if not appeals:
        representations = representations.filter(scope=Representation.Scope.FULL)
    return representations


def applications_for_user(user, *, day=None, appeals: bool = False) -> QuerySet[Application]:
    """Every application `user` may see (for its appeals and notices only, with `appeals`)."""
    if not user.is_authenticated:
        return Application.objects.none()
    if is_staff_viewer(user):
        return Application.objects.all()
    represented = representations_of(user, day or local_today(), appeals=appeals).values("application_id")
    return Application.objects.filter(Q(applicant_user=user) | Q(pk__in=represented))


def get_application_for_user(
    user, pk, *, what: str = CaseAccessLog.What.CASE, appeals: bool = False
) -> Application:
    """The application `pk` if `user` may see it, its reading logged as `what` (the door);
    otherwise Http404 (never a hint it exists) and no log."""
    try:
        application = applications_for_user(user, appeals=appeals).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404("No such case.") from exc
    log_access(user, application.pk, what)
    return application


def log_access(user, application_id, what: str) -> None:
    """The one writer of the access log; called by the access helpers only (P7)."""
    CaseAccessLog.objects.create(application_id=application_id, user=user, what=what)


def is_representative_of(user, application, *, day=None, appeals: bool = False) -> bool:
    """An active designation of `user` on `application` (of the full scope, or any scope with `appeals`)."""
    return (
        representations_of(user, day or local_today(), appeals=appeals)
        .filter(application=application)
        .exists()
    )


# --- Offers of a place (PRODUCT P4, P11) ----------------------------------------------------------


def is_party(user, application) -> bool:
    """The applicant, or their active representative of the full scope: they answer offers online."""
    return application.applicant_user_id == user.pk or is_representative_of(user, application)


def may_answer_offer(user, application) -> bool:
    """Who may answer an offer: the parties online, or staff recording an answer received by phone,
    mail or in person (with its channel and date)."""
    return is_party(user, application) or user.has_perm("eligibility.change_application")


# --- Renewal runs (PRODUCT P11): who starts them, and who follows and retries them -------------


def may_start_renewals(user) -> bool:
    """The program administrator, who publishes the new plan year's guidance, starts its renewals."""
    return user.has_perm("eligibility.change_guidance")


def may_follow_renewals(user) -> bool:
    """The program administrator and supervisors see a run's progress and failures, and retry them."""
    return may_start_renewals(user) or user.has_perm("eligibility.assign_application")
