"""The case timeline's registry: each app gives its own entries, the timeline page merges them (PRODUCT P11).

The case timeline shows what happened on a case across apps (transitions, determinations,
notices, appeals, ...). No app reads another's history tables for it: each app keeps a
``timeline.py`` of *sources*, functions of a case that return its own entries, and
registers them here from its ``AppConfig.ready()`` (as the notice types registry does), so
``hca_portal`` and ``notices`` stay free of imports from the apps above them::

    # eligibility/timeline.py
    from hca_portal import timeline

    @timeline.source("eligibility.requests")
    def information_requests(application) -> list[timeline.TimelineEntry]:
        records = InformationRequest.history.filter(application_id=application.pk)...
        return [timeline.entry(record, "request", title) for record, change in timeline.changes(...)]

A source runs a fixed number of queries whatever the case's size (one history query with its
``select_related``, not one per row), so the page's query count is bounded by the number of
sources. It returns entries whose titles are rendered now, in the reader's language.

``case_timeline(application)`` calls every source and merges the entries, oldest first (for
entries at the same moment, the order of registration, then each source's own order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    # transition, determination, enrollment, request, finding, document, representative, notice, appeal, ...
    # (the template styles ``case-timeline__item--<kind>``)
    kind: str
    title: str
    actor: object | None
    reason: str
    url: str | None = None


Source = Callable[[object], Iterable[TimelineEntry]]

_SOURCES: dict[str, Source] = {}


def register(name: str, function: Source) -> None:
    """Add a source under a dotted name (``app.what``). Registering the same function again is a no-op."""
    existing = _SOURCES.get(name)
    if existing is not None and existing is not function:
        raise ValueError(f"timeline source {name!r} is already registered")
    _SOURCES[name] = function


def unregister(name: str) -> None:
    """Remove a source (tests that register a made-up one)."""
    _SOURCES.pop(name, None)


def source(name: str) -> Callable[[Source], Source]:
    """Decorator form of ``register``; the module is imported from the app's ``ready()``."""

    def decorator(function: Source) -> Source:
        register(name, function)
        return function

    return decorator


def registered_sources() -> list[str]:
    return list(_SOURCES)


def case_timeline(application) -> list[TimelineEntry]:
    """Every registered source's entries for the case, merged and oldest first."""
    entries = [entry for function in _SOURCES.values() for entry in function(application)]
    entries.sort(key=lambda e: e.at)  # stable: same-moment entries keep the sources' order
    return entries


# --- Helpers for sources -------------------------------------------------------------------------


def changes(records: Iterable, fields: tuple[str, ...]) -> Iterator[tuple[object, str]]:
    """History records (oldest first) that created the object, changed one of ``fields``, or
    deleted it, as ``(record, "created" | "changed" | "deleted")``."""
    last: dict[object, tuple] = {}
    for record in records:
        values = tuple(getattr(record, f) for f in fields)
        key = record.id
        if record.history_type == "-":
            yield record, "deleted"
        elif key not in last:
            yield record, "created"
        elif last[key] != values:
            yield record, "changed"
        last[key] = values


def entry(record, kind: str, title: str, url: str | None = None) -> TimelineEntry:
    """An entry from a simple-history record: when, who and why come from the record."""
    return TimelineEntry(
        record.history_date, kind, title, record.history_user, record.history_change_reason or "", url
    )


def url(name: str, **kwargs) -> str | None:
    """The URL of a page by its name, or None where the page does not exist (no import of its app)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def short_date(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT") if day else ""
