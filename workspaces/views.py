"""Every role's workspace, the case timeline and the reports (PRODUCT P1, P7, P9).

Thin views over workspaces.selectors: an access check, the selector, a page of
rows, a template. A request from htmx gets only the part of the page it swaps.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appeals import selectors as appeal_selectors
from eligibility import access
from eligibility import selectors as eligibility_selectors
from eligibility import services as eligibility_services
from eligibility.models import CaseAccessLog, PlanYear
from hca_portal import roles
from hca_portal import views as home_views
from hca_portal.dates import local_today

from . import forms, reports, rules, selectors

PAGE_SIZE = 25

DECIDE = "eligibility.decide_application"
ASSIGN = "eligibility.assign_application"
DECIDE_FIRST = "appeals.decide_first_level_appeal"
DECIDE_FINAL = "appeals.decide_final_appeal"
SET_GUIDANCE = "eligibility.change_guidance"
REPORTS = "eligibility.view_reports"

ROLE_HOMES = home_views.ROLE_HOMES


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


class CountedPaginator(Paginator):
    """A paginator told its count (already computed with the page's other counts): one query fewer."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def _page(request, rows, *, count: int | None = None):
    """A page of rows. A count already known is reused, unless it stopped at the cap: then the
    paginator counts for itself (one more query, only on queues that long), so no row is out of reach."""
    if count is None or count >= selectors.counts.COUNT_CAP:
        paginator = Paginator(rows, PAGE_SIZE)
    else:
        paginator = CountedPaginator(rows, PAGE_SIZE, count=count)
    return paginator.get_page(request.GET.get("page"))


def _maybe_url(name: str, *args) -> str | None:
    """A URL of another app's page, or None while that page does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def group_required(group: str):
    """External roles (representative, applicant) are groups without permissions (P1)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.groups.filter(name=group).exists():
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


@login_required
def index(request):
    name = ROLE_HOMES.get(roles.role_of(request.user))
    return redirect(name) if name else redirect("home")


# --- Caseworker ----------------------------------------------------------------------------------


@login_required
@permission_required(DECIDE, raise_exception=True)
def caseworker(request):
    today = local_today()
    tab = request.GET.get("tab", "mine")
    if tab not in selectors.CASEWORKER_TABS:
        tab = "mine"
    counts = selectors.caseworker_counts(request.user, today=today, fresh=tab)
    page = _page(request, selectors.caseworker_queue(request.user, tab, today=today), count=counts[tab])
    tabs = _caseworker_tabs(counts)
    context = {
        "tab": tab,
        "tab_label": next(label for key, label, _count in tabs if key == tab),
        "tabs": tabs,
        "page": page,
        "rows": [(row, rules.application_due(row)) for row in page.object_list],
        "today": today,
        "intake_url": _maybe_url("eligibility:intake"),
    }
    template = "workspaces/_caseworker_panel.html" if _is_htmx(request) else "workspaces/caseworker.html"
    return render(request, template, context)


def _caseworker_tabs(counts):
    labels = {
        "mine": _("My queue"),
        "unassigned": _("Unassigned"),
        "due_soon": _("Due soon"),
        "overdue": _("Overdue"),
        "waiting": _("Waiting on the applicant"),
    }
    return [(key, labels[key], counts[key]) for key in selectors.CASEWORKER_TABS]


# --- Appeals officer and bureau reviewer ----------------------------------------------------------


def _appeal_queue(request, *, queue, title: str, intro: str, url_name: str):
    today = local_today()
    mine = request.GET.get("mine") == "1"
    page = _page(request, queue(request.user, mine=mine))
    context = {
        "title": title,
        "intro": intro,
        "url_name": url_name,
        "mine": mine,
        "page": page,
        "rows": [(row, rules.appeal_staff_due(row)) for row in page.object_list],
        "today": today,
    }
    template = "workspaces/_appeal_panel.html" if _is_htmx(request) else "workspaces/appeal_queue.html"
    return render(request, template, context)


@login_required
@permission_required(DECIDE_FIRST, raise_exception=True)
def officer(request):
    return _appeal_queue(
        request,
        queue=selectors.officer_queue,
        title=_("First-level appeals"),
        intro=_(
            "Open first-level appeals you may decide, expedited first, then by decision due date. "
            "Appeals of determinations you took part in are not listed."
        ),
        url_name="workspaces:officer",
    )


@login_required
@permission_required(DECIDE_FINAL, raise_exception=True)
def bureau(request):
    return _appeal_queue(
        request,
        queue=selectors.bureau_queue,
        title=_("Final appeals"),
        intro=_("Open final appeals to the bureau, expedited first, then by decision due date."),
        url_name="workspaces:bureau",
    )


# --- Supervisor ----------------------------------------------------------------------------------


def _assign_context(request, form=None):
    today = local_today()
    assignee = request.GET.get("assignee", request.POST.get("filter_assignee", "none"))
    team = list(selectors.caseworkers())
    page = _page(request, selectors.assignable_applications(assignee=assignee))
    return {
        "today": today,
        "team": team,
        "assignee_filter": assignee,
        "page": page,
        "rows": [(row, rules.application_due(row)) for row in page.object_list],
        "form": form or forms.BulkAssignForm(),
        "is_htmx": _is_htmx(request),
    }


@login_required
@permission_required(ASSIGN, raise_exception=True)
def supervisor(request):
    context = _assign_context(request)
    if _is_htmx(request):
        return render(request, "workspaces/_assign_panel.html", context)
    context["timeliness"] = selectors.team_timeliness(today=context["today"], team=context["team"])
    context["notice_failures"] = appeal_selectors.notice_failures()
    context["sweep_failures"] = eligibility_selectors.sweep_failures()
    return render(request, "workspaces/supervisor.html", context)


@login_required
@permission_required(ASSIGN, raise_exception=True)
@require_POST
def assign(request):
    """Bulk assign or reassign: one service call; htmx gets the refreshed panel back."""
    form = forms.BulkAssignForm(request.POST)
    if form.is_valid():
        try:
            count = eligibility_services.assign_applications(
                applications=list(form.cleaned_data["applications"]),
                assignee=form.cleaned_data["assignee"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error("assignee", exc.message_dict.get("assignee", exc.messages))
        else:
            assignee = form.cleaned_data["assignee"]
            who = (assignee.get_full_name() or assignee.username) if assignee else _("no one")
            messages.success(
                request, _("%(count)d applications assigned to %(who)s.") % {"count": count, "who": who}
            )
            if not _is_htmx(request):
                return redirect(
                    reverse("workspaces:supervisor") + "?assignee=" + request.POST.get("filter_assignee", "")
                )
            form = None
    if _is_htmx(request):
        return render(request, "workspaces/_assign_panel.html", _assign_context(request, form))
    context = _assign_context(request, form)
    context["timeliness"] = selectors.team_timeliness(today=context["today"], team=context["team"])
    context["notice_failures"] = appeal_selectors.notice_failures()
    context["sweep_failures"] = eligibility_selectors.sweep_failures()
    return render(request, "workspaces/supervisor.html", context, status=400 if form is not None else 200)


# --- Program administrator ------------------------------------------------------------------------


@login_required
@permission_required(SET_GUIDANCE, raise_exception=True)
def program(request):
    today = local_today()
    caps = []
    for plan_year in selectors.plan_years_around(today):
        try:
            caps.append((plan_year, eligibility_selectors.cap_summary(plan_year, today)))
        except eligibility_selectors.Guidance.DoesNotExist:
            caps.append((plan_year, None))
    links = [
        (
            _("Plan-year guidance: FPL, income limit, sliding scale, tiers, plans and the cap"),
            "admin:eligibility_guidance_changelist",
        ),
        (_("Plan years"), "admin:eligibility_planyear_changelist"),
        (_("State holidays"), "admin:hca_portal_stateholiday_changelist"),
        (_("Language taglines on notices"), "admin:notices_tagline_changelist"),
    ]
    context = {
        "today": today,
        "caps": caps,
        "links": [(label, url) for label, name in links if (url := _maybe_url(name))],
    }
    return render(request, "workspaces/program.html", context)


# --- Representative and applicant -----------------------------------------------------------------


@group_required(roles.REPRESENTATIVE)
def representative(request):
    today = local_today()
    clients = selectors.client_applications(request.user, today=today)
    page = _page(request, clients)
    appeals = list(selectors.open_appeals_for(clients, today=today)[:200])
    by_case: dict = {}
    for appeal in appeals:
        by_case.setdefault(appeal.application_id, []).append(appeal)
    context = {
        "today": today,
        "page": page,
        "rows": [
            _case_row(application, by_case.get(application.pk, []), today) for application in page.object_list
        ],
        "appeals": [(appeal, rules.appeal_appellant_due(appeal, today)) for appeal in appeals],
        "notices": selectors.notices_for(clients),
    }
    rows = [row for row in context["rows"] if row["full_access"]]  # appeals-only designations answer nothing
    offers = eligibility_selectors.open_offers(row["case"].pk for row in rows)
    context["offers"] = [(row["case"], offer) for row in rows for offer in offers.get(row["case"].pk, [])]
    return render(request, "workspaces/representative.html", context)


@group_required(roles.APPLICANT)
def applicant(request):
    today = local_today()
    cases = []
    for application in selectors.own_applications(request.user, today=today):
        row = _case_row(application, list(application.appeals.all()), today)
        row["members"] = list(application.members.all())
        row["notices"] = application.issued_notices
        cases.append(row)
    offers = eligibility_selectors.open_offers(row["case"].pk for row in cases)
    for row in cases:
        row["offers"] = [(row["case"], offer) for offer in offers.get(row["case"].pk, [])]
    return render(request, "workspaces/applicant.html", {"today": today, "cases": cases})


def _case_row(application, appeals, today):
    """What the representative and applicant pages show for a case (rows already loaded: no query).

    A representative designated for appeals only gets no case page and no upload to the
    application: their row links to the filing page, the one place for the case they may go.
    """
    full_access = getattr(application, "full_access", True)
    return {
        "case": application,
        "full_access": full_access,
        "due": selectors.case_due(application, appeals, today, appeals_only=not full_access),
        "appeals": [(a, rules.appeal_appellant_due(a, today)) for a in appeals],
        "file_appeal_url": _maybe_url("appeals:file", application.pk),
        "upload_url": (_maybe_url("eligibility:case", application.pk) or "") + "#documents"
        if full_access
        else "",
    }


# --- Case timeline -------------------------------------------------------------------------------


@login_required
def case_timeline(request, pk):
    """The case's timeline: an htmx partial for the case page, or a page of its own."""
    application = access.get_application_for_user(request.user, pk, what=CaseAccessLog.What.TIMELINE)
    context = {"case": application, "entries": selectors.case_timeline(application)}
    template = "workspaces/_timeline.html" if _is_htmx(request) else "workspaces/timeline.html"
    return render(request, template, context)


# --- Reports -------------------------------------------------------------------------------------


def _report_plan_year(request) -> PlanYear | None:
    form = forms.ReportFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["plan_year"]
    return eligibility_selectors.plan_year_for(local_today()) or PlanYear.objects.order_by("-year").first()


@login_required
@permission_required(REPORTS, raise_exception=True)
def reports_page(request):
    plan_year = _report_plan_year(request)
    context = {
        "form": forms.ReportFilterForm(initial={"plan_year": plan_year.year if plan_year else None}),
        "plan_year": plan_year,
        "today": local_today(),
        **(reports.build(plan_year, today=local_today()) if plan_year else {}),
    }
    template = "workspaces/_reports_panel.html" if _is_htmx(request) else "workspaces/reports.html"
    return render(request, template, context)


@login_required
@permission_required(REPORTS, raise_exception=True)
def report_csv(request, report):
    plan_year = _report_plan_year(request)
    if report not in reports.CSV_REPORTS or plan_year is None:
        from django.http import Http404

        raise Http404("No such report.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report}-{plan_year.year}.csv"'
    reports.write_csv(report, plan_year, response, today=local_today())
    return response
