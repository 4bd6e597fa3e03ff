"""Who may see which case (PRODUCT P7). Every view and API endpoint goes through here.

Staff see cases through their group permissions. A representative sees a case
only while their designation is active; an applicant only their own. Anything
else is a 404, so a forbidden case looks exactly like a missing one.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from hca_portal.dates import local_today

from .models import Application, Representation


def is_staff_viewer(user) -> bool:
    return user.is_authenticated and user.has_perm("eligibility.view_application")


def active_representation_q(day, prefix: str = "") -> Q:
    """Filter for representations active on `day` (prefix e.g. 'representations__')."""
    return (
        Q(**{f"{prefix}starts_on__lte": day})
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day}))
        & (Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": day}))
    )


def applications_for_user(user, *, day=None) -> QuerySet[Application]:
    """Every application `user` may see."""
    if not user.is_authenticated:
        return Application.objects.none()
    if is_staff_viewer(user):
        return Application.objects.all()
    day = day or local_today()
    represented = Representation.objects.filter(active_representation_q(day), representative=user).values(
        "application_id"
    )
    return Application.objects.filter(Q(applicant_user=user) | Q(pk__in=represented))


def get_application_for_user(user, pk) -> Application:
    """The application `pk` if `user` may see it; otherwise Http404 (never a hint it exists)."""
    try:
        return applications_for_user(user).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such case.") from exc


def is_representative_of(user, application, *, day=None) -> bool:
    day = day or local_today()
    return Representation.objects.filter(
        active_representation_q(day), representative=user, application=application
    ).exists()
