"""Role workspaces, the case timeline and reports under /workspace/ (PRODUCT P1, P9)."""

from django.urls import path

from . import views

app_name = "workspaces"

urlpatterns = [
    path("", views.index, name="index"),
    path("caseworker/", views.caseworker, name="caseworker"),
    path("appeals/", views.officer, name="officer"),
    path("final-appeals/", views.bureau, name="bureau"),
    path("supervisor/", views.supervisor, name="supervisor"),
    path("supervisor/assign/", views.assign, name="assign"),
    path("program/", views.program, name="program"),
    path("clients/", views.representative, name="representative"),
    path("my-case/", views.applicant, name="applicant"),
    path("cases/<uuid:pk>/timeline/", views.case_timeline, name="case_timeline"),
    path("reports/", views.reports_page, name="reports"),
    path("reports/<slug:report>.csv", views.report_csv, name="report_csv"),
]
