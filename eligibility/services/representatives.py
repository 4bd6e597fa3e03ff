"""Assignment of work, and authorized representatives (8.401.2.12 E(3); PRODUCT P7)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    Application,
    EvidenceDocument,
    Representation,
)
from ._common import _save


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
