"""Renewal panels for the workspaces (PRODUCT P11): the program administrator's and the supervisor's
pages include them with one tag each, so those views need not know about renewals."""

from django import template

from hca_portal.dates import local_today

from .. import access, selectors

register = template.Library()

FAILURES_SHOWN = 20


@register.inclusion_tag("eligibility/_renewals_panel.html", takes_context=True)
def renewals_panel(context):
    """Each plan year to renew into, with its run's progress (program administrator's page)."""
    user = context["request"].user
    targets = selectors.renewal_targets(local_today()) if access.may_follow_renewals(user) else []
    for target in targets:
        target["progress"] = selectors.renewal_progress(target["run"]) if target["run"] else None
    return {"targets": targets, "shown": bool(targets)}


@register.inclusion_tag("eligibility/_renewal_failures.html", takes_context=True)
def renewal_failures(context):
    """Failed renewals with their reason (supervisor's page): nothing when there are none."""
    user = context["request"].user
    failures = list(selectors.renewal_failures()[:FAILURES_SHOWN]) if access.may_follow_renewals(user) else []
    return {"failures": failures}
