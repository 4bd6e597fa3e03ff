"""The staff session's gate: signed out after STAFF_IDLE_TIMEOUT without a request, and kept to the
second-factor pages until a code has been given (django-otp's OTPMiddleware says which)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import permissions, second_factor
from .rules import idle_too_long

LAST_SEEN_KEY = "staff_last_seen"
# The stamp is written at most this often (seconds), so a page view is not always a session write.
STAMP_EVERY = 60
# Pages an unverified staff session may still open: signing in and out, the second factor, language.
OPEN_VIEWS = {
    "login",
    "logout",
    "second_factor",
    "second_factor_enrol",
    "set_language",
    "admin:login",
    "admin:logout",
}


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not second_factor.required_for_session(request):
            return None
        is_api = request.path.startswith("/api/")
        now = timezone.now()
        last_seen = request.session.get(LAST_SEEN_KEY)
        last_seen = datetime.fromtimestamp(last_seen, tz=UTC) if last_seen else None
        if idle_too_long(last_seen=last_seen, now=now, timeout=settings.STAFF_IDLE_TIMEOUT):
            logout(request)
            if is_api:
                return None  # the API answers as to anyone not signed in
            minutes = int(settings.STAFF_IDLE_TIMEOUT.total_seconds() // 60)
            messages.info(
                request,
                _("You were signed out after %(minutes)d minutes without activity. Please sign in again.")
                % {"minutes": minutes},
            )
            return redirect_to_login(request.get_full_path())
        if last_seen is None or (now - last_seen).total_seconds() >= STAMP_EVERY:
            request.session[LAST_SEEN_KEY] = now.timestamp()
            permissions.remember(request)  # read afresh with the stamp: the same session write
        elif not permissions.restore(request):
            permissions.remember(request)
        if is_api or user.is_verified():
            return None  # the API's session authentication asks for the second factor itself
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        return redirect(reverse("second_factor") + "?" + urlencode({"next": request.get_full_path()}))


def stamp_on_sign_in(sender, request, user, **kwargs):
    """At sign-in (user_logged_in): whether the session needs a second factor, a first stamp of
    activity and a staff member's permissions, so the first page writes no session."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = timezone.now().timestamp()
        request.session[second_factor.REQUIRED_SESSION_KEY] = second_factor.required_for(user)
        if request.session[second_factor.REQUIRED_SESSION_KEY]:
            permissions.remember(request, user)
