"""Caseworker pages under /cases/. Only identifiers (UUIDs) and queue filters appear in URLs (P7)."""

from django.urls import path

from . import views

app_name = "eligibility"

case = "<uuid:pk>/"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.intake, name="intake"),
    path(case, views.case, name="case"),
    path(f"{case}start-review/", views.start_review, name="start_review"),
    path(f"{case}findings/", views.record_finding, name="record_finding"),
    path(f"{case}requests/", views.request_information, name="request_information"),
    path(
        f"{case}requests/<uuid:request_pk>/received/", views.receive_information, name="receive_information"
    ),
    path(f"{case}decide/", views.decide, name="decide"),
    path(f"{case}decide/confirm/", views.confirm_decision, name="confirm_decision"),
    path(f"{case}withdraw/", views.withdraw, name="withdraw"),
    path(f"{case}assign/", views.assign, name="assign"),
    path(f"{case}documents/", views.add_evidence, name="add_evidence"),
    path(f"{case}documents/<uuid:document_pk>/", views.document, name="document"),
    path(f"{case}representatives/", views.designate_representative, name="designate_representative"),
    path(
        f"{case}representatives/<uuid:representation_pk>/revoke/",
        views.revoke_representative,
        name="revoke_representative",
    ),
    *[
        path(
            f"{case}enrollments/<uuid:enrollment_pk>/{action}/",
            views.enrollment_action,
            {"action": action},
            name,
        )
        for action, name in (
            ("accept", "accept_offer"),
            ("decline", "decline_offer"),
            ("terminate", "terminate"),
            ("reinstate", "reinstate"),
        )
    ],
    path(f"{case}notices/<uuid:notice_pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path(f"{case}changes/new/", views.report_change, name="report_change"),
    path(f"{case}changes/<uuid:change_pk>/apply/", views.apply_change, name="apply_change"),
    path(f"{case}changes/<uuid:change_pk>/dismiss/", views.dismiss_change, name="dismiss_change"),
    path(f"{case}plan/", views.choose_plan, name="choose_plan"),
    path("renewals/", views.renewals, name="renewals"),
    path("renewals/start/", views.start_renewals, name="start_renewals"),
    path("renewals/<uuid:run_pk>/", views.renewal_run, name="renewal_run"),
    path("renewals/<uuid:run_pk>/retry/", views.retry_renewals, name="retry_renewals"),
]
