"""Responses carrying personal data are never stored by a browser or a shared cache."""

from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` (Django's never-cache headers) on every response to a signed-in user.

    Case pages, htmx partials, API responses, notice PDFs, evidence downloads and CSV exports are
    all answered to someone signed in (by session, or by API token: DRF puts its user on the
    request), so one rule covers every door, including future ones. Static files never get here:
    WhiteNoise answers them before the session is read. API responses are no-store whoever asks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path_info.startswith("/api/"):
            add_never_cache_headers(response)
        return response
