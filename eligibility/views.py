"""Caseworker pages: queue, intake, case page and its actions (PRODUCT P2, P7, P9).

Every view: the case through access.get_application_for_user (404 otherwise), a
permission check, a form, one service call, a redirect. Invalid forms re-render
the case page with the errors on the field they name.
"""

import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import can_proceed

from hca_portal.dates import local_today
from notices import selectors as notice_selectors
from notices import services as notice_services

from . import access, forms, rules, selectors, services
from .models import (
    CaseAccessLog,
    Criterion,
    Determination,
    Enrollment,
    FindingStatus,
    PlanYear,
    RenewalRun,
    ReplyChannel,
)

QUEUE_PAGE_SIZE = 25
# The forms of one enrollment on the case page (re-rendered bound, with their errors, after a post).
ROW_FORMS = ("terminate_form", "reinstate_form", "reply_form")

DECIDE = "eligibility.decide_application"
ASSIGN = "eligibility.assign_application"
CHANGE = "eligibility.change_application"
DESIGNATE = "eligibility.add_representation"
UPLOAD = "eligibility.add_evidencedocument"


def _case_for(request, pk, perm: str | None = None, *, what: str = CaseAccessLog.What.ACTION):
    """The case if the user may see it (else 404; the access helper logs the read as `what`) and,
    when `perm` is given, act on it (else 403)."""
    application = access.get_application_for_user(request.user, pk, what=what)
    if perm is not None and not request.user.has_perm(perm):
        raise PermissionDenied
    return application


def _may_upload(user, application) -> bool:
    """Staff with the permission, the applicant, or their active representative."""
    return (
        user.has_perm(UPLOAD)
        or application.applicant_user_id == user.pk
        or access.is_representative_of(user, application)
    )


# --- Queue and intake -------------------------------------------------------------------------


@login_required
@permission_required("eligibility.view_application", raise_exception=True)
def queue(request):
    form = forms.QueueFilterForm(request.GET or None)
    filters = form.filters()
    rows = selectors.application_queue(
        request.user,
        state=filters.get("state", ""),
        assigned=filters.get("assigned", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "filter_query": urlencode(filters),
        "today": local_today(),
    }
    return render(request, "eligibility/queue.html", context)


@login_required
@permission_required("eligibility.add_application", raise_exception=True)
def intake(request):
    data = request.POST if request.method == "POST" else None
    form = forms.IntakeForm(data)
    formset = forms.MemberFormSet(data, prefix="members")
    if data is not None and "add_member" in data:
        form, formset = forms.unbound_copy(form), formset.with_another_member()
    elif data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            application = services.create_application(
                **form.service_kwargs(), members=formset.member_inputs(), acting_user=request.user
            )
        except ValidationError as exc:
            forms.attach_errors(exc, form, formset=formset)
        else:
            messages.success(request, _("Application %(ref)s received.") % {"ref": application.reference})
            return redirect(application)
    return render(request, "eligibility/intake.html", {"form": form, "formset": formset})


# --- Case page --------------------------------------------------------------------------------


def _history(application, members_by_id):
    """Simple-history records of the application and its determinations, newest first."""
    rows = [
        {
            "at": h.history_date,
            "what": _("Application: %(state)s") % {"state": h.get_state_display()},
            "user": h.history_user,
            "reason": h.history_change_reason,
        }
        for h in application.history.select_related("history_user")
    ]
    rows += [
        {
            "at": h.history_date,
            "what": _("Determination for %(member)s: %(decision)s")
            % {"member": members_by_id.get(h.member_id, "?"), "decision": h.get_decision_display()},
            "user": h.history_user,
            "reason": h.history_change_reason,
        }
        for h in Determination.history.filter(application_id=application.pk).select_related("history_user")
    ]
    return sorted(rows, key=lambda row: row["at"], reverse=True)


def _criteria(member):
    findings = {f.criterion: f for f in member.findings.all()}
    return [
        {
            "label": label,
            "finding": findings.get(value),
            "reason": rules.reason_text(findings[value].reason_code)
            if value in findings and findings[value].reason_code in rules.REASONS
            else "",
        }
        for value, label in Criterion.choices
    ]


def _case_page(request, application, **bound_forms):
    """Render the case page, with any bound forms given (the access helper has logged the read)."""
    user, today = request.user, local_today()
    case = selectors.case_detail(application)
    members = list(case.members.all())
    members_by_id = {m.pk: m for m in members}
    may_decide, may_change = user.has_perm(DECIDE), user.has_perm(CHANGE)
    may_answer, online = access.may_answer_offer(user, application), access.is_party(user, application)
    bound_rows = {key: bound_forms.pop(key, None) for key in ROW_FORMS}
    documents = list(case.documents.all())
    forms_ = {
        "evidence_form": forms.EvidenceForm(application=case),
        "finding_form": forms.FindingForm(application=case),
        "request_form": forms.InformationRequestForm(),
        "assign_form": forms.AssignForm(initial={"assignee": case.assigned_to_id}),
        "representative_form": forms.RepresentativeForm(application=case),
    }
    # The blank forms list the members and documents loaded above; the user lists only where shown.
    forms.show_loaded_choices(forms_["evidence_form"], "member", members)
    forms.show_loaded_choices(forms_["finding_form"], "member", [m for m in members if m.is_applying])
    forms.show_loaded_choices(forms_["finding_form"], "evidence", documents)
    forms.show_loaded_choices(forms_["representative_form"], "written_designation", documents)
    for form, name, perm in (
        (forms_["assign_form"], "assignee", ASSIGN),
        (forms_["representative_form"], "representative", DESIGNATE),
    ):
        if user.has_perm(perm):
            forms.show_loaded_choices(form, name, list(form.fields[name].queryset))
    forms_.update(bound_forms)
    context = {
        "case": case,
        "today": today,
        "members": [{"member": m, "criteria": _criteria(m)} for m in members if m.is_applying],
        "household": members,
        "documents": [(d, members_by_id.get(d.member_id)) for d in documents],
        "enrollments": [
            _enrollment_row(e, may_answer=may_answer, online=online, may_decide=may_decide, bound=bound_rows)
            for m in members
            for e in m.enrollments.all()
        ],
        "representations": [(r, r.is_active_on(today)) for r in case.representations.all()],
        "notices": notice_selectors.notices_for_application(case),
        "history": _history(case, members_by_id),
        **change_context(user, case),
        "can": {
            "start_review": may_decide and can_proceed(case.start_review),
            "record_finding": may_decide and can_proceed(case.determine),
            "request_information": may_decide and can_proceed(case.request_information),
            "decide": may_decide and can_proceed(case.determine),
            "withdraw": may_change and can_proceed(case.withdraw),
            "assign": user.has_perm(ASSIGN),
            "receive_information": may_decide,
            "designate": user.has_perm(DESIGNATE),
            "upload": _may_upload(user, case),
        },
        **forms_,
        "plan_choice": _plan_choice(case, members, may_decide, today, bound_forms.get("plan_form")),
    }
    return render(request, "eligibility/case.html", context)


def _enrollment_row(e, *, may_answer: bool, online: bool, may_decide: bool, bound: dict) -> dict:
    """What the case page shows and offers for one place: the buttons come from the transitions."""

    def form(key, cls):
        given = bound.get(key)
        return given if getattr(given, "enrollment_pk", None) == e.pk else cls(auto_id=f"{key}_{e.pk}_%s")

    answer = may_answer and can_proceed(e.accept)
    return {
        "enrollment": e,
        "accept": answer,
        "decline": may_answer and can_proceed(e.decline),
        "answer_as_staff": answer and not online,
        "reply_form": form("reply_form", forms.OfferReplyForm) if answer and not online else None,
        "terminate": may_decide and can_proceed(e.terminate),
        "terminate_form": form("terminate_form", forms.TerminateForm),
        "reinstate": may_decide and can_proceed(e.reinstate),
        "reinstate_form": form("reinstate_form", forms.ReinstateForm),
        "advance_due": date.fromisoformat(advance["due"]) if (advance := e.end_rule.get("advance")) else None,
    }


def _plan_choice(case, members, may_decide: bool, today, bound=None) -> dict | None:
    """Each applying member's plan, and the form to choose one for staff who may decide."""
    applying = [m for m in members if m.is_applying]
    if not applying:
        return None
    form = None
    if may_decide:
        plans = selectors.eligible_plans(case.plan_year, today)
        form = bound or forms.PlanChoiceForm(application=case, plans=plans)
        if bound is None:
            forms.show_loaded_choices(form, "member", applying)
            forms.show_loaded_choices(form, "plan", plans)
    return {"members": applying, "form": form}


@login_required
def case(request, pk):
    return _case_page(request, _case_for(request, pk, what=CaseAccessLog.What.CASE))


def _submit(request, application, form, key: str, call, done: str, default_field: str | None = None):
    """Validate `form`, call the service with its cleaned data, redirect; else re-render with errors."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            forms.attach_errors(exc, form, default_field=default_field)
        else:
            messages.success(request, done)
            return redirect(application)
    return _case_page(request, application, **{key: form})


def _act(request, application, call, done: str):
    """A button: call the service; its refusal becomes an error message on the case page."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, forms.error_text(exc))
    else:
        messages.success(request, done)
    return redirect(application)


# --- Actions ----------------------------------------------------------------------------------


@login_required
@require_POST
def start_review(request, pk):
    application = _case_for(request, pk, DECIDE)
    call = lambda: services.start_review(application=application, acting_user=request.user)  # noqa: E731
    return _act(request, application, call, _("Review started."))


@login_required
def confirm_decision(request, pk):
    """The decide form page: what deciding today would find, criterion by criterion, and the figures,
    for the caseworker to confirm (issue 9 item 4). Nothing is written."""
    application = _case_for(request, pk, DECIDE)
    if not can_proceed(application.determine):
        messages.error(request, _("This application cannot be decided now."))
        return redirect(application)
    try:
        summary = services.decision_summary(application=application, today=local_today())
    except ValidationError as exc:
        messages.error(request, forms.error_text(exc))
        return redirect(application)
    CaseAccessLog.objects.create(application=application, user=request.user, what="decide")
    members = [
        {
            "member": row["member"],
            "decision": row["decision"],
            "findings": [
                {
                    "label": Criterion(f.criterion).label,
                    "status": f.status,
                    "status_label": FindingStatus(f.status).label,
                    "reason": rules.reason_text(f.reason_code) if f.reason_code in rules.REASONS else "",
                }
                for f in row["findings"]
            ],
        }
        for row in summary["members"]
    ]
    cap = selectors.cap_summary(summary["plan_year"], summary["effective_date"])
    return render(
        request,
        "eligibility/decide.html",
        {"case": application, "summary": summary, "members": members, "cap": cap},
    )


@login_required
@require_POST
def decide(request, pk):
    application = _case_for(request, pk, DECIDE)
    if request.POST.get("confirm") != "yes":
        return redirect("eligibility:confirm_decision", pk=application.pk)

    def call():
        services.decide_application(application=application, acting_user=request.user, today=local_today())

    return _act(request, application, call, _("Eligibility decided; notices are being prepared."))


@login_required
@require_POST
def withdraw(request, pk):
    application = _case_for(request, pk, CHANGE)
    call = lambda: services.withdraw_application(application=application, acting_user=request.user)  # noqa: E731
    return _act(request, application, call, _("Application withdrawn."))


@login_required
@require_POST
def record_finding(request, pk):
    application = _case_for(request, pk, DECIDE)
    form = forms.FindingForm(request.POST, application=application)

    def call(data):
        services.record_finding(**data, acting_user=request.user)

    return _submit(request, application, form, "finding_form", call, _("Finding recorded."))


@login_required
@require_POST
def request_information(request, pk):
    application = _case_for(request, pk, DECIDE)
    form = forms.InformationRequestForm(request.POST)

    def call(data):
        services.request_information(
            application=application, items=data["items"], acting_user=request.user, today=local_today()
        )

    return _submit(request, application, form, "request_form", call, _("Request for information sent."))


@login_required
@require_POST
def receive_information(request, pk, request_pk):
    application = _case_for(request, pk, DECIDE)
    rfi = get_object_or_404(application.information_requests, pk=request_pk)

    def call():
        services.receive_information(request=rfi, acting_user=request.user, today=local_today())

    return _act(request, application, call, _("Information marked as received."))


@login_required
@require_POST
def assign(request, pk):
    application = _case_for(request, pk, ASSIGN)
    form = forms.AssignForm(request.POST)

    def call(data):
        services.assign_applications(
            applications=[application], assignee=data["assignee"], acting_user=request.user
        )

    return _submit(request, application, form, "assign_form", call, _("Assignment saved."))


@login_required
@require_POST
def add_evidence(request, pk):
    application = _case_for(request, pk)
    if not _may_upload(request.user, application):
        raise PermissionDenied
    form = forms.EvidenceForm(request.POST, request.FILES, application=application)

    def call(data):
        services.add_evidence(
            application=application,
            kind=data["kind"],
            member=data["member"],
            uploaded_file=data["file"],
            acting_user=request.user,
        )

    return _submit(request, application, form, "evidence_form", call, _("Document uploaded."), "file")


@login_required
@require_POST
def designate_representative(request, pk):
    application = _case_for(request, pk, DESIGNATE)
    form = forms.RepresentativeForm(request.POST, application=application)

    def call(data):
        services.designate_representative(application=application, **data, acting_user=request.user)

    return _submit(request, application, form, "representative_form", call, _("Representative designated."))


@login_required
@require_POST
def revoke_representative(request, pk, representation_pk):
    application = _case_for(request, pk, DESIGNATE)
    representation = get_object_or_404(application.representations, pk=representation_pk)

    def call():
        services.revoke_representation(
            representation=representation, revoked_on=local_today(), acting_user=request.user
        )

    return _act(request, application, call, _("Designation revoked."))


def _back(request, application):
    """After an answer from a workspace page, back to it; otherwise to the case."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(application)


@login_required
@require_POST
def enrollment_action(request, pk, enrollment_pk, action):
    """Answer an offer (the parties online; staff record an answer received by phone, mail or in
    person), end coverage or reinstate it (staff who decide)."""
    if action in ("terminate", "reinstate"):
        application = _case_for(request, pk, DECIDE)
    else:
        application = _case_for(request, pk)
        if not access.may_answer_offer(request.user, application):
            raise PermissionDenied
    enrollment = get_object_or_404(
        Enrollment.objects.filter(member__application=application), pk=enrollment_pk
    )
    kwargs = {"enrollment": enrollment, "acting_user": request.user, "today": local_today()}
    if action == "terminate":
        form = forms.TerminateForm(request.POST, auto_id=f"terminate_form_{enrollment.pk}_%s")
        form.enrollment_pk = enrollment.pk

        def terminate(data):
            services.terminate_enrollment(**kwargs, **data)

        return _submit(request, application, form, "terminate_form", terminate, _("Coverage ended."))
    if action == "reinstate":
        form = forms.ReinstateForm(request.POST, auto_id=f"reinstate_form_{enrollment.pk}_%s")
        form.enrollment_pk = enrollment.pk

        def reinstate(data):
            services.reinstate_enrollment(**kwargs, reason_code=data["reason_code"])

        return _submit(request, application, form, "reinstate_form", reinstate, _("Coverage reinstated."))
    service = {"accept": services.accept_offer, "decline": services.decline_offer}[action]
    done = {"accept": _("Offer accepted."), "decline": _("Offer declined.")}[action]
    if access.is_party(request.user, application):
        if action == "decline" and request.POST.get("confirm") != "yes":
            messages.error(request, _("To decline the offer, confirm it: the place goes to the next person."))
            return _back(request, application)
        try:
            service(**kwargs, channel=ReplyChannel.ONLINE)
        except ValidationError as exc:
            messages.error(request, forms.error_text(exc))
        else:
            messages.success(request, done)
        return _back(request, application)
    form = forms.OfferReplyForm(request.POST, auto_id=f"reply_form_{enrollment.pk}_%s")
    form.enrollment_pk = enrollment.pk
    return _submit(request, application, form, "reply_form", lambda data: service(**kwargs, **data), done)


# --- Downloads --------------------------------------------------------------------------------


@login_required
def document(request, pk, document_pk):
    """An evidence document, to anyone who may see the case; each download is logged."""
    application = _case_for(request, pk, what=CaseAccessLog.What.DOCUMENT)
    doc = get_object_or_404(application.documents, pk=document_pk)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        doc.content_type, "bin"
    )
    return FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=f"evidence-{doc.kind}-{doc.pk}.{extension}",
        content_type=doc.content_type,
    )


@login_required
def notice_pdf(request, pk, notice_pk):
    """A notice's stored PDF (404 while it is still pending); each download is recorded. A representative
    designated for appeals only may download them too: the notices are what gets appealed."""
    application = access.get_application_for_user(
        request.user, pk, what=CaseAccessLog.What.NOTICE, appeals=True
    )
    notice = notice_selectors.get_notice(application, notice_pk)
    try:
        notice_services.record_download(notice=notice, user=request.user)
    except notice_services.NoticeNotReady as exc:
        raise Http404("This notice is not ready yet.") from exc
    return FileResponse(notice.pdf.open("rb"), as_attachment=True, filename=f"notice-{notice.pk}.pdf")


# --- Reported changes and corrections (PRODUCT P11) -------------------------------------------


def _change_rows(case, language: str):
    """The case's changes for its page: what changed (before → after), who, why, when in effect."""
    changes = case.reported_changes.select_related(
        "kind", "member", "reported_by", "applied_by"
    ).prefetch_related("documents", "determinations__member", "determinations__supersedes")
    return [{"change": c, "lines": services.what_changed(c, language)[1:]} for c in changes]


def change_context(user, case) -> dict:
    """What the case page shows and offers about changes (its partial, eligibility/_changes.html)."""
    staff = user.has_perm(services.changes.RECORD)
    return {
        "changes": _change_rows(case, translation.get_language() or "en"),
        "change_can": {
            "report": services.reporter_source(user, case) is not None and case.state == "determined",
            "act": services.may_apply(user),
            "staff": staff,
        },
    }


@login_required
def report_change(request, pk):
    """Report a change (the applicant, their representative) or record one (a caseworker): one page."""
    application = _case_for(request, pk)
    source = services.reporter_source(request.user, application)
    if source is None:
        raise PermissionDenied
    staff = source == "caseworker"
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = forms.ChangeForm(*data, application=application, staff=staff)
    if data and form.is_valid():
        kwargs = {**form.service_kwargs(), "application": application, "acting_user": request.user}
        try:
            if staff:
                change = services.record_change(
                    **kwargs, today=local_today(), apply_now=form.cleaned_data.get("apply_now", False)
                )
            else:
                change = services.report_change(**kwargs, today=local_today())
        except ValidationError as exc:
            forms.attach_errors(exc, form, default_field="document")
        else:
            if change.state == "applied":
                messages.success(
                    request, _("Change applied; the case was redetermined and a notice is being prepared.")
                )
            else:
                messages.success(
                    request,
                    _("Change reported. A caseworker will act on it by %(date)s.")
                    % {"date": date_format(change.due_on, "DATE_FORMAT")},
                )
            return redirect(application)
    context = {"case": application, "form": form, "staff": staff, **change_context(request.user, application)}
    return render(request, "eligibility/report_change.html", context)


# --- Renewal runs (PRODUCT P11) ------------------------------------------------------------------

RENEWAL_FAILURES_SHOWN = 100


def _follow_renewals(request):
    if not access.may_follow_renewals(request.user):
        raise PermissionDenied


@login_required
def renewals(request):
    """The plan years households can be renewed into, each with its run's progress or a start button."""
    _follow_renewals(request)
    targets = selectors.renewal_targets(local_today())
    for target in targets:
        target["progress"] = selectors.renewal_progress(target["run"]) if target["run"] else None
    context = {"targets": targets, "may_start": access.may_start_renewals(request.user)}
    return render(request, "eligibility/renewals.html", context)


@login_required
@require_POST
def apply_change(request, pk, change_pk):
    application = _case_for(request, pk, DECIDE)
    change = get_object_or_404(application.reported_changes, pk=change_pk)

    def call():
        services.apply_change(change=change, acting_user=request.user, today=local_today())

    return _act(
        request,
        application,
        call,
        _("Change applied; the case was redetermined and a notice is being prepared."),
    )


def start_renewals(request):
    if not access.may_start_renewals(request.user):
        raise PermissionDenied
    value = request.POST.get("plan_year", "")
    plan_year = PlanYear.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if plan_year is None:
        messages.error(request, _("Choose the plan year to renew into."))
        return redirect("eligibility:renewals")
    try:
        run = services.start_renewal_run(plan_year=plan_year, acting_user=request.user, today=local_today())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("eligibility:renewals")
    messages.success(
        request,
        _("Renewals into plan year %(year)s started: each household is renewed by a worker.")
        % {"year": plan_year.year},
    )
    return redirect(run)


@login_required
def renewal_run(request, run_pk):
    """A run's progress (households to renew, renewed, failed, remaining) and its failures; htmx
    polls the progress part while households remain."""
    _follow_renewals(request)
    run = get_object_or_404(RenewalRun.objects.select_related("plan_year", "from_plan_year"), pk=run_pk)
    progress = selectors.renewal_progress(run)
    context = {"run": run, "progress": progress, "poll": True}
    if request.headers.get("HX-Request") == "true":
        return render(request, "eligibility/_renewal_progress.html", context)
    context["failures"] = list(selectors.renewal_failures(run)[:RENEWAL_FAILURES_SHOWN])
    return render(request, "eligibility/renewal_run.html", context)


@login_required
@require_POST
def dismiss_change(request, pk, change_pk):
    application = _case_for(request, pk, DECIDE)
    change = get_object_or_404(application.reported_changes, pk=change_pk)
    form = forms.DismissChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the change is dismissed."))
        return redirect(application)

    def call():
        services.dismiss_change(change=change, acting_user=request.user, why=form.cleaned_data["why"])

    return _act(request, application, call, _("Change dismissed."))


@login_required
@require_POST
def choose_plan(request, pk):
    application = _case_for(request, pk, DECIDE)
    plans = selectors.eligible_plans(application.plan_year, local_today())
    form = forms.PlanChoiceForm(request.POST, application=application, plans=plans)

    def call(data):
        services.choose_plan(
            member=data["member"], plan=data["plan"], acting_user=request.user, today=local_today()
        )

    return _submit(request, application, form, "plan_form", call, _("Plan choice saved."), "plan")


def retry_renewals(request, run_pk):
    """Send the run's failed renewals again: the ones ticked, or every one (``all``)."""
    _follow_renewals(request)
    run = get_object_or_404(RenewalRun, pk=run_pk)
    chosen = None
    if request.POST.get("all") != "1":
        chosen = []
        for value in request.POST.getlist("renewal"):
            try:
                chosen.append(uuid.UUID(value))
            except ValueError:
                continue
    count = services.retry_renewals(run=run, acting_user=request.user, renewal_ids=chosen)
    if count:
        messages.success(request, _("%(count)d renewals sent again.") % {"count": count})
    else:
        messages.error(request, _("Choose at least one failed renewal to retry."))
    return redirect(run)
