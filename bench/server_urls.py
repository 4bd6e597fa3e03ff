"""The product's URLs, and the baseline the load benchmark compares pages with (bench only).

`/bench/baseline/` is a bare Django ListView of 50 rows of the applications table, read in the
caseworker queue's own index order, rendered by a plain template: no login, no permission, no
count. The caseworker home and the case page are measured against it on the same server.
"""

from django.urls import include, path
from django.views.generic import ListView

from eligibility.models import Application

urlpatterns = [
    path(
        "bench/baseline/",
        ListView.as_view(
            queryset=Application.objects.order_by("next_due_on", "received_on", "created_at")[:50],
            template_name="bench/baseline_list.html",
        ),
    ),
    path("", include("hca_portal.urls")),
]
