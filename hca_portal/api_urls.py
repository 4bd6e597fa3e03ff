"""/api/v1/: each app contributes its routes through its api.py `urlpatterns`."""

from django.urls import include, path

urlpatterns = [
    path("", include("eligibility.api")),
    path("", include("notices.api")),
    path("", include("appeals.api")),
]
