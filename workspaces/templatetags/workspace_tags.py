"""Template helpers of the workspaces: a deadline with its days left, a user's name, a case reference.

`due` builds its HTML in Python rather than rendering a template per row: a queue page
shows one per row, and this keeps a page of 25 rows cheap.
"""

import uuid
from functools import cache, lru_cache

from django import template
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext

from eligibility.models import ApplicationState, reference_of
from workspaces import rules, selectors

register = template.Library()


@register.simple_tag
def due(deadline, today, show_label=False):
    """A row's next deadline: the date in the local format and a tag saying how many days are left."""
    on = getattr(deadline, "on", deadline)
    label = getattr(deadline, "label", "") if show_label else ""
    return _due_html(on, today, str(label), get_language())


@lru_cache(maxsize=4096)
def _due_html(on, today, label: str, language: str | None) -> str:
    """The HTML of ``due``, made once per date, day, label and language (rows of a queue share them)."""
    if on is None:
        return format_html('<span class="text-base-dark">{}</span>', gettext("No deadline"))
    left = rules.days_left(on, today)
    urgency = rules.urgency(on, today)
    if urgency == "overdue":
        tag = ngettext("%(days)d day overdue", "%(days)d days overdue", -left) % {"days": -left}
    elif urgency == "today":
        tag = gettext("Due today")
    else:
        tag = ngettext("%(days)d day left", "%(days)d days left", left) % {"days": left}
    return format_html(
        '<span class="due due--{urgency}">{label}<time class="nowrap" datetime="{iso}">{date}</time> '
        '<span class="usa-tag due__tag due__tag--{urgency}">{tag}</span></span>',
        urgency=urgency,
        label=format_html('<span class="due__label">{}:</span> ', label) if label else "",
        iso=on.isoformat(),
        date=date_format(on, "SHORT_DATE_FORMAT"),
        tag=tag,
    )


@register.simple_tag
def caseworker_row(row, deadline, today):
    """One row of the caseworker's queue, written in Python like ``due`` (a template per row made
    the rows most of the page's rendering): the case link, received date, state, assignee and the
    next deadline, each cell labelled for the stacked (narrow-screen) table."""
    labels = _queue_labels(get_language())
    assigned = (
        person(row.assigned_to)
        if row.assigned_to_id
        else format_html('<span class="text-base-dark">{}</span>', labels["no_one"])
    )
    return format_html(
        '<tr>\n          <th scope="row" data-label="{l_case}"><a href="{url}">{reference}</a></th>\n'
        '          <td data-label="{l_received}" class="nowrap">{received}</td>\n'
        '          <td data-label="{l_status}">'
        '<span class="usa-tag state-tag state-tag--{state}">{state_label}</span></td>\n'
        '          <td data-label="{l_assigned}">{assigned}</td>\n'
        '          <td data-label="{l_due}">{due}</td>\n        </tr>',
        l_case=labels["case"],
        l_received=labels["received"],
        l_status=labels["status"],
        l_assigned=labels["assigned"],
        l_due=labels["due"],
        url=case_url(row),
        reference=row.reference,
        received=short_date(row.received_on),
        state=row.state,
        state_label=state_label(row.state),
        assigned=assigned,
        due=due(deadline, today, show_label=True),
    )


@cache
def _queue_labels(language: str | None) -> dict[str, str]:
    """The queue table's column labels (the same msgids as its header) in one language."""
    return {
        "case": gettext("Case"),
        "received": gettext("Received"),
        "status": gettext("Status"),
        "assigned": gettext("Assigned to"),
        "due": gettext("Next deadline"),
        "no_one": gettext("No one"),
    }


@register.filter
def short_date(day) -> str:
    """``day|date:"SHORT_DATE_FORMAT"``, made once per day and language (a queue repeats its dates)."""
    return _short_date(day, get_language()) if day else ""


@lru_cache(maxsize=4096)
def _short_date(day, language: str | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@register.filter
def case_url(application) -> str:
    """``application.get_absolute_url``: the case page's address, from one ``reverse`` per process."""
    prefix, suffix = _case_url_parts()
    return f"{prefix}{application.pk}{suffix}"


@cache
def _case_url_parts() -> tuple[str, str]:
    marker = uuid.UUID(int=0)
    prefix, suffix = reverse("eligibility:case", kwargs={"pk": marker}).split(str(marker))
    return prefix, suffix


@register.filter
def tab_count(count):
    """A queue tab's count; counting stops at COUNT_CAP, shown as "1,000+"."""
    if count >= selectors.counts.COUNT_CAP:
        return number_format(selectors.counts.COUNT_CAP, force_grouping=True) + "+"
    return number_format(count, force_grouping=True)


@register.filter
def person(user):
    """A user's full name, else their username; 'System' for none."""
    if user is None:
        return gettext("System")
    return user.get_full_name() or user.username


@register.filter
def oldest_days(row, today):
    return row.oldest_days(today)


@register.filter
def case_reference(application_id):
    """The case reference shown everywhere (Application.reference) from its id alone, with no query."""
    return reference_of(application_id)


@cache
def _state_labels(language: str) -> dict[str, str]:
    return {value: str(label) for value, label in ApplicationState.choices}


@register.filter
def state_label(state: str) -> str:
    """An application state's label in the active language, from a table made once per language.

    Same text as `get_state_display`, which rebuilds and translates the whole choice list on every
    call: once per row of a queue page, it was a tenth of the page's time.
    """
    return _state_labels(get_language()).get(state, state)
