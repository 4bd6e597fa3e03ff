"""The case timeline's eligibility entries (PRODUCT P11): the application's transitions and
assignments, determinations, enrollments, requests for information, findings, documents,
representatives and reported changes, from their simple-history records (who, when, why).

Each source is one history query (with its joins chosen), registered with
``hca_portal.timeline`` when the app is ready; the timeline page merges every app's entries.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hca_portal import timeline
from hca_portal.timeline import TimelineEntry, changes, entry

from .models import (
    Application,
    CriterionFinding,
    Determination,
    Enrollment,
    EvidenceDocument,
    InformationRequest,
    ReportedChange,
    Representation,
)


@timeline.source("eligibility.application")
def application_entries(application) -> list[TimelineEntry]:
    """Receipt, each change of state and each assignment."""
    history = (
        Application.history.filter(id=application.pk)
        .select_related("history_user", "assigned_to")
        .order_by("history_date", "history_id")
    )
    entries, previous_state = [], None
    for record, change in changes(history, ("state", "assigned_to_id")):
        if change == "created":
            title = _("Application received")
        elif record.state != previous_state:
            title = _("Application: %(state)s") % {"state": record.get_state_display()}
        else:
            who = (
                record.assigned_to.get_full_name() or record.assigned_to.username
                if record.assigned_to
                else _("no one")
            )
            title = _("Assigned to %(who)s") % {"who": who}
        entries.append(entry(record, "transition", title))
        previous_state = record.state
    return entries


@timeline.source("eligibility.determinations")
def determination_entries(application) -> list[TimelineEntry]:
    records = (
        Determination.history.filter(application_id=application.pk)
        .select_related("history_user", "member")
        .order_by("history_date", "history_id")
    )
    return [
        entry(
            record,
            "determination",
            _("Determination for %(member)s: %(decision)s")
            % {"member": record.member, "decision": record.get_decision_display()},
        )
        for record, change in changes(records, ("decision",))
        if change == "created"
    ]


@timeline.source("eligibility.enrollments")
def enrollment_entries(application) -> list[TimelineEntry]:
    records = (
        Enrollment.history.filter(member__application_id=application.pk)
        .select_related("history_user", "member")
        .order_by("history_date", "history_id")
    )
    return [
        entry(
            record,
            "enrollment",
            _("Enrollment for %(member)s: %(state)s")
            % {"member": record.member, "state": record.get_state_display()},
        )
        for record, _change in changes(records, ("state",))
    ]


@timeline.source("eligibility.requests")
def information_request_entries(application) -> list[TimelineEntry]:
    records = (
        InformationRequest.history.filter(application_id=application.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = []
    for record, change in changes(records, ("status",)):
        if change == "created":
            title = _("Information requested, due %(due)s") % {"due": timeline.short_date(record.due_on)}
        else:
            title = _("Request for information: %(status)s") % {"status": record.get_status_display()}
        entries.append(entry(record, "request", title))
    return entries


@timeline.source("eligibility.findings")
def finding_entries(application) -> list[TimelineEntry]:
    """Findings a person recorded or changed (the ones intake reports by itself are left out)."""
    records = (
        CriterionFinding.history.filter(member__application_id=application.pk, history_user__isnull=False)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return [
        entry(
            record,
            "finding",
            _("Finding: %(criterion)s — %(status)s")
            % {"criterion": record.get_criterion_display(), "status": record.get_status_display()},
        )
        for record, _change in changes(records, ("status", "reason_code"))
    ]


@timeline.source("eligibility.documents")
def document_entries(application) -> list[TimelineEntry]:
    """Uploads, linked to the document while it is still on the case."""
    pk = application.pk
    records = (
        EvidenceDocument.history.filter(application_id=pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    live = set(EvidenceDocument.objects.filter(application_id=pk).values_list("pk", flat=True))
    return [
        entry(
            record,
            "document",
            _("Document uploaded: %(kind)s") % {"kind": record.get_kind_display()},
            timeline.url("eligibility:document", pk=pk, document_pk=record.id) if record.id in live else None,
        )
        for record, change in changes(records, ("kind",))
        if change == "created"
    ]


@timeline.source("eligibility.representatives")
def representative_entries(application) -> list[TimelineEntry]:
    records = (
        Representation.history.filter(application_id=application.pk)
        .select_related("history_user", "representative")
        .order_by("history_date", "history_id")
    )
    entries = []
    for record, change in changes(records, ("revoked_on", "ends_on")):
        who = record.representative.get_full_name() or record.representative.username
        if change == "created":
            entries.append(
                entry(record, "representative", _("Representative designated: %(who)s") % {"who": who})
            )
        elif record.revoked_on:
            entries.append(
                entry(record, "representative", _("Representative designation ended: %(who)s") % {"who": who})
            )
    return entries


@timeline.source("eligibility.changes")
def reported_change_entries(application) -> list[TimelineEntry]:
    """Reported changes and corrections: one entry when reported and one for each state they reach."""
    records = (
        ReportedChange.history.filter(application_id=application.pk)
        .select_related("history_user", "kind")
        .order_by("history_date", "history_id")
    )
    entries = []
    for record, change in changes(records, ("state",)):
        kind = record.kind.display_label
        if change == "created":
            title = _("Change reported: %(kind)s") % {"kind": kind}
        else:
            title = _("Change %(state)s: %(kind)s") % {
                "kind": kind,
                "state": record.get_state_display().lower(),
            }
        entries.append(entry(record, "change", title))
    return entries
