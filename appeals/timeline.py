"""The case timeline's appeal entries (PRODUCT P11): each appeal's filing and changes of state or
expedited handling, linked to the appeal.

Registered with ``hca_portal.timeline`` when the app is ready.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hca_portal import timeline
from hca_portal.timeline import TimelineEntry, changes, entry

from .models import Appeal, reference_of


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
