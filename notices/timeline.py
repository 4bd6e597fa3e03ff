"""The case timeline's notice entries (PRODUCT P11): each notice prepared and issued on the case.

Registered with ``hca_portal.timeline`` when the app is ready. Notices know their case by its
id only (no import of ``eligibility``); the PDF link is found by the page's name.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hca_portal import timeline
from hca_portal.timeline import TimelineEntry, changes, entry

from .models import Notice
from .types import get_type


def _title(code: str) -> str:
    try:
        return str(get_type(code).title)
    except KeyError:
        return code


@timeline.source("notices.notices")
def notice_entries(application) -> list[TimelineEntry]:
    pk = application.pk
    records = (
        Notice.history.filter(application_id=pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = []
    for record, _change in changes(records, ("status",)):
        title = _title(record.notice_type)
        if record.status == Notice.Status.ISSUED:
            url = timeline.url("eligibility:notice_pdf", pk=pk, notice_pk=record.id)
            entries.append(entry(record, "notice", _("Notice issued: %(title)s") % {"title": title}, url))
        else:
            entries.append(entry(record, "notice", _("Notice prepared: %(title)s") % {"title": title}))
    return entries
