"""Appeal pages (PRODUCT P6, P9): file, log, the appeal record (dates explained), steps, decide, documents.

Every view: the appeal through ``selectors.get_appeal_for_user`` (or the case through
``eligibility.access``), 404 otherwise; a form; one service call; a redirect. Which
buttons show comes from ``has_transition_perm`` on the model's transitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import has_transition_perm

from eligibility.access import get_application_for_user
from eligibility.models import CaseAccessLog
from hca_portal.dates import APPEAL_FILING, local_today
from notices.selectors import notices_for_application

from . import forms, notifying, selectors, services
from .models import ASSIGN_PERMISSION, Appeal, Level


def _apply_errors(form, exc: ValidationError) -> None:
    """Put each service error on the field it names (or on the form when the form lacks that field)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _staff_logs(user) -> bool:
    return user.has_perm("appeals.log_appeal")


# --- Lists -------------------------------------------------------------------------------------


@login_required
def my_appeals(request):
    """The appeals on the cases the user may see: applicants and representatives track them here."""
    rows = selectors.appeals_for_user(request.user).select_related("application", "determination__member")
    return render(request, "appeals/list.html", {"rows": rows.order_by("-received_on")[:200]})


# --- Filing ------------------------------------------------------------------------------------


def _choices(application):
    determinations = selectors.appealable_determinations(application)
    notices = [n for n in notices_for_application(application) if notifying.is_appealable_notice(n)]
    return {"determinations": determinations, "notices": notices}


@login_required
def file_appeal(request, application_pk):
    """Online filing by the applicant or their active representative (appeals-only ones included)."""
    application = get_application_for_user(
        request.user, application_pk, what=CaseAccessLog.What.APPEAL, appeals=True
    )
    today = local_today()
    if not selectors.may_file_online(request.user, application, day=today):
        raise PermissionDenied
    form = forms.FileAppealForm(request.POST or None, **_choices(application))
    if request.method == "POST" and form.is_valid():
        determination, notice = form.chosen()
        try:
            appeal = services.file_appeal(
                application=application,
                determination=determination,
                notice_appealed=notice,
                request=form.appeal_request(),
                acting_user=request.user,
                today=today,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your appeal was filed: %(ref)s.") % {"ref": appeal.reference})
            return redirect(appeal)
    return _filing_page(request, form, application, logged=False)


@login_required
def log_appeal(request, application_pk):
    """A caseworker logs an appeal received by mail, fax, phone or in person, with the date received."""
    if not _staff_logs(request.user):
        raise PermissionDenied
    application = get_application_for_user(request.user, application_pk, what=CaseAccessLog.What.APPEAL)
    form = forms.LogAppealForm(request.POST or None, **_choices(application))
    if request.method == "POST" and form.is_valid():
        determination, notice = form.chosen()
        d = form.cleaned_data
        try:
            appeal = services.log_appeal(
                application=application,
                determination=determination,
                notice_appealed=notice,
                request=form.appeal_request(missing_items=d["missing_items"]),
                channel=d["channel"],
                received_on=d["received_on"],
                appellant_kind=d["appellant_kind"],
                appellant_name=d["appellant_name"],
                acting_user=request.user,
                today=local_today(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Appeal logged: %(ref)s.") % {"ref": appeal.reference})
            return redirect(appeal)
    return _filing_page(request, form, application, logged=True)


def _filing_page(request, form, application, *, logged: bool):
    context = {"form": form, "application": application, "logged": logged, "filing_days": APPEAL_FILING.days}
    return render(request, "appeals/file.html", context)


@login_required
def file_final_appeal(request, pk):
    """A final appeal to the bureau: online by the appellant, or logged by staff."""
    parent = selectors.get_appeal_for_user(request.user, pk)
    logged = _staff_logs(request.user)
    if not (logged or selectors.acts_for_appellant(request.user, parent)) or parent.level != Level.FIRST:
        raise PermissionDenied
    form_class = forms.LogFinalAppealForm if logged else forms.FinalAppealForm
    form = form_class(request.POST or None, initial={"issues": parent.issues})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if logged:
                appeal = services.log_final_appeal(
                    parent=parent,
                    request=form.appeal_request(missing_items=d["missing_items"]),
                    channel=d["channel"],
                    received_on=d["received_on"],
                    appellant_kind=d["appellant_kind"],
                    appellant_name=d["appellant_name"],
                    acting_user=request.user,
                    today=local_today(),
                )
            else:
                appeal = services.file_final_appeal(
                    parent=parent,
                    request=form.appeal_request(),
                    acting_user=request.user,
                    today=local_today(),
                )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Final appeal filed: %(ref)s.") % {"ref": appeal.reference})
            return redirect(appeal)
    return render(request, "appeals/file_final.html", {"form": form, "parent": parent, "logged": logged})


# --- Detail and steps --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    form: Callable
    allowed: Callable[[Appeal, object], bool]
    run: Callable[..., Appeal]


def _may(transition: str) -> Callable[[Appeal, object], bool]:
    return lambda appeal, user: has_transition_perm(getattr(appeal, transition), user)


def _may_assign(appeal: Appeal, user) -> bool:
    return appeal.may_assign(user)


def _assign_form(appeal: Appeal, user):
    candidates = appeal.deciders()
    if not user.has_perm(ASSIGN_PERMISSION):
        candidates = candidates.filter(pk=user.pk)
    return lambda *a, **kw: forms.AssignForm(*a, candidates=candidates, **kw)


STEPS: dict[str, Step] = {
    "assign": Step(
        gettext_lazy("Assign"),
        _assign_form,
        _may_assign,
        lambda a, d, u, t: services.assign_appeal(appeal=a, assignee=d["assignee"], acting_user=u, today=t),
    ),
    "claim-good-cause": Step(
        gettext_lazy("Explain the good cause for filing late"),
        lambda a, u: forms.StatementForm,
        _may("claim_good_cause"),
        lambda a, d, u, t: services.claim_good_cause(
            appeal=a, statement=d["statement"], acting_user=u, today=t
        ),
    ),
    "good-cause": Step(
        gettext_lazy("Decide good cause"),
        lambda a, u: forms.GrantDenyForm,
        _may("grant_good_cause"),
        lambda a, d, u, t: services.decide_good_cause(
            appeal=a, granted=d["granted"], reasons=d["reasons"], acting_user=u, today=t
        ),
    ),
    "request-expedite": Step(
        gettext_lazy("Ask for a fast (expedited) appeal"),
        lambda a, u: forms.StatementForm,
        _may("request_expedite"),
        lambda a, d, u, t: services.request_expedite(appeal=a, reason=d["statement"], acting_user=u, today=t),
    ),
    "expedite": Step(
        gettext_lazy("Decide the request for a fast appeal"),
        lambda a, u: forms.GrantDenyForm,
        _may("grant_expedite"),
        lambda a, d, u, t: services.decide_expedite(
            appeal=a, granted=d["granted"], reasons=d["reasons"], acting_user=u, today=t
        ),
    ),
    "cure": Step(
        gettext_lazy("Record the missing items received"),
        lambda a, u: forms.ReceivedOnForm,
        _may("cure"),
        lambda a, d, u, t: services.cure_appeal(
            appeal=a, received_on=d["received_on"], acting_user=u, today=t
        ),
    ),
    "dismiss": Step(
        gettext_lazy("Dismiss"),
        lambda a, u: forms.OptionalReasonForm,
        lambda a, u: _may("dismiss_untimely")(a, u) or _may("dismiss_uncured")(a, u),
        lambda a, d, u, t: services.dismiss_appeal(appeal=a, reason=d["reasons"], acting_user=u, today=t),
    ),
    "withdraw": Step(
        gettext_lazy("Withdraw the appeal"),
        lambda a, u: forms.OptionalReasonForm,
        _may("withdraw"),
        lambda a, d, u, t: services.withdraw_appeal(appeal=a, reason=d["reasons"], acting_user=u, today=t),
    ),
    "vacate": Step(
        gettext_lazy("Reopen (vacate the dismissal)"),
        lambda a, u: forms.VacateForm,
        _may("vacate_dismissal"),
        lambda a, d, u, t: services.vacate_dismissal(
            appeal=a, requested_on=d["requested_on"], reasons=d["reasons"], acting_user=u, today=t
        ),
    ),
}


def _decide_transition(appeal: Appeal) -> str:
    return "decide_first_level" if appeal.level == Level.FIRST else "decide_final"


def _actions(record: selectors.AppealRecord, user) -> dict:
    """The buttons ``user`` may press on this appeal, and nothing else (each from its rule)."""
    appeal = record.appeal
    return {
        "steps": [(name, step.label) for name, step in STEPS.items() if step.allowed(appeal, user)],
        "may_decide": has_transition_perm(getattr(appeal, _decide_transition(appeal)), user),
        "may_file_final": selectors.can_file_final_appeal(
            appeal, has_live_final=record.live_final_appeal is not None
        )
        and (_staff_logs(user) or appeal.is_appellant_side(user)),
        "may_file_documents": appeal.may_file_documents(user),
    }


@login_required
def detail(request, pk):
    """The appeal record: the appeal, what it appeals, the evidence, the steps, and the buttons."""
    record = selectors.appeal_record(request.user, pk)
    context = {
        "appeal": record.appeal,
        "record": record,
        "dates": selectors.explained_dates(record.appeal),
        **_actions(record, request.user),
    }
    return render(request, "appeals/detail.html", context)


@login_required
def step(request, pk, name):
    appeal = selectors.get_appeal_for_user(request.user, pk)
    chosen = STEPS.get(name)
    if chosen is None:
        raise Http404
    if not chosen.allowed(appeal, request.user):
        raise PermissionDenied
    form = chosen.form(appeal, request.user)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chosen.run(appeal, form.cleaned_data, request.user, local_today())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": chosen.label})
            return redirect(appeal)
    context = {"appeal": appeal, "form": form, "label": chosen.label, "name": name}
    return render(request, "appeals/step.html", context)


@login_required
def decide(request, pk):
    """The officer's (first level) or bureau reviewer's (final) decision page, beside the record."""
    record = selectors.appeal_record(request.user, pk)
    appeal = record.appeal
    if not has_transition_perm(getattr(appeal, _decide_transition(appeal)), request.user):
        raise PermissionDenied
    form = forms.DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_appeal(
                appeal=appeal,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
                change=form.change(),
                acting_user=request.user,
                today=local_today(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The appeal was decided and the notice is being prepared."))
            return redirect(appeal)
    context = {"appeal": appeal, "record": record, "form": form, "dates": selectors.explained_dates(appeal)}
    return render(request, "appeals/decide.html", context)


# --- Documents filed with an appeal ------------------------------------------------------------


@login_required
def add_document(request, pk):
    """The appellant, their representative (appeals-only included) or staff file a document."""
    appeal = selectors.get_appeal_for_user(request.user, pk, what=CaseAccessLog.What.ACTION)
    if not appeal.may_file_documents(request.user):
        raise PermissionDenied
    form = forms.AppealDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                appeal=appeal,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                acting_user=request.user,
                today=local_today(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Document filed with the appeal."))
            return redirect(appeal)
    return render(request, "appeals/add_document.html", {"appeal": appeal, "form": form})


@login_required
def document(request, pk, document_pk):
    """A document filed with the appeal, to anyone who may see the appeal; each download is logged."""
    appeal = selectors.get_appeal_for_user(request.user, pk, what=CaseAccessLog.What.DOCUMENT)
    doc = get_object_or_404(appeal.documents, pk=document_pk)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        doc.content_type, "bin"
    )
    return FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=f"appeal-{doc.kind}-{doc.pk}.{extension}",
        content_type=doc.content_type,
    )
