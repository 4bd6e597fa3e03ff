"""The case timeline's appeal entries (PRODUCT P1, P11): each appeal's filing, changes of state or
expedited handling, and the documents filed with it, each linked to its page.

Registered with ``hca_portal.timeline`` when the app is ready.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hca_portal import timeline
from hca_portal.timeline import TimelineEntry, changes, entry

from .models import Appeal, AppealDocument, reference_of


@timeline.source("appeals.appeals")
def appeal_entries(application) -> list[TimelineEntry]:
    records = (
        Appeal.history.filter(application_id=application.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = []
    for record, _change in changes(records, ("state", "expedite")):
        title = _("%(level)s appeal %(ref)s: %(state)s") % {
            "level": record.get_level_display(),
            "ref": reference_of(record.id),
            "state": record.get_state_display(),
        }
        if record.expedite not in ("none", ""):
            title += " · " + _("expedite: %(expedite)s") % {"expedite": record.get_expedite_display()}
        entries.append(entry(record, "appeal", title, timeline.url("appeals:detail", pk=record.id)))
    return entries


@timeline.source("appeals.documents")
def document_entries(application) -> list[TimelineEntry]:
    """One entry per document filed with an appeal on the case (two queries), oldest first."""
    records = (
        AppealDocument.history.filter(appeal__application_id=application.pk, history_type="+")
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    live = set(
        AppealDocument.objects.filter(appeal__application_id=application.pk).values_list("pk", flat=True)
    )
    return [
        entry(
            record,
            "document",
            _("Document filed with appeal %(ref)s: %(kind)s")
            % {"ref": reference_of(record.appeal_id), "kind": record.get_kind_display()},
            timeline.url("appeals:document", pk=record.appeal_id, document_pk=record.id)
            if record.id in live
            else None,
        )
        for record in records
    ]
