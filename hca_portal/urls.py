from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

handler404 = "hca_portal.api.not_found"  # JSON under /api/, the HTML page elsewhere

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("hca_portal.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cases/", include("eligibility.urls")),
    path("notices/", include("notices.urls")),
    path("appeals/", include("appeals.urls")),
    path("workspace/", include("workspaces.urls")),
    path("api/v1/", include("hca_portal.api_urls")),
    # Signed-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]: session or token; the
    # Swagger page sends a browser without a session to the login page). The split view serves
    # Swagger UI's start-up script as its own file (`?script`), so the page needs no inline script.
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
]
