"""The case timeline's entries that the appeals app owns (PRODUCT P1): documents filed with an appeal.

Each entry is a plain dict of ``workspaces.selectors.TimelineEntry``'s fields, so the timeline (the
top layer) merges them without appeals reading it. Appeal state changes are still read by
``workspaces.selectors.case_timeline`` itself.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import AppealDocument, reference_of


def document_entries(application_pk) -> list[dict]:
    """One entry per document filed with an appeal on the case (one query), oldest first."""
    records = (
        AppealDocument.history.filter(appeal__application_id=application_pk, history_type="+")
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    live = set(
        AppealDocument.objects.filter(appeal__application_id=application_pk).values_list("pk", flat=True)
    )
    return [
        {
            "at": record.history_date,
            "kind": "document",
            "title": _("Document filed with appeal %(ref)s: %(kind)s")
            % {"ref": reference_of(record.appeal_id), "kind": record.get_kind_display()},
            "actor": record.history_user,
            "reason": record.history_change_reason or "",
            "url": reverse("appeals:document", kwargs={"pk": record.appeal_id, "document_pk": record.id})
            if record.id in live
            else None,
        }
        for record in records
    ]
