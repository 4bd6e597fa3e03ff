"""Tell the user when a notice they caused waits for the broker (docs/decisions/2026-12-01-broker-outage.md).

The decision itself is saved before the notice is queued; if the render task cannot be sent,
the page says so instead of an error, and the notice is queued as soon as the broker is back.
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from rest_framework.response import Response as ApiResponse

from . import services


class NoticeQueueMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with services.collect_queue_failures() as failed:
            response = self.get_response(request)
        # API clients get the saved record (2xx) and no page message; the notice stays pending until issued.
        if failed and not isinstance(response, ApiResponse):
            messages.warning(
                request,
                _(
                    "Saved. The written notice is waiting for the document service, which is "
                    "unavailable; it will be prepared automatically as soon as the service is back."
                ),
                fail_silently=True,
            )
        return response
