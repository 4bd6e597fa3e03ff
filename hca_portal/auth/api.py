"""The REST API's authentication: expiring, revocable tokens (hca_portal.auth.tokens), and a
session only when its second factor is through; failed token attempts are limited per address."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from . import second_factor
from .tokens import user_for_key


class FailedAuthenticationThrottle(SimpleRateThrottle):
    """Failed token authentications per client address (rate "failed_authentication").

    Only failures count; past the rate every token from that address gets 429 with Retry-After
    until the oldest failure leaves the window, right ones included (so guessing stays slow).
    """

    scope = "failed_authentication"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def wait_before_next_try(self, request) -> float | None:
        """Seconds to wait if the address has used up its failures, else None."""
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.wait()
        return None

    def record_failure(self):
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` with a key from the API tokens page (hca_portal.models.ApiToken).

    Replaces DRF's TokenAuthentication (keys that never expire, stored in clear) but keeps its
    header, so clients and the schema's security scheme stay as they were.
    """

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        throttle = FailedAuthenticationThrottle()
        wait = throttle.wait_before_next_try(request)
        if wait is not None:
            raise exceptions.Throttled(wait=wait)
        try:
            key = parts[1].decode() if len(parts) == 2 else ""
        except UnicodeError:
            key = ""
        user, token = user_for_key(key) if key else (None, None)
        if user is None:
            throttle.record_failure()
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        return user, token


class VerifiedSessionAuthentication(SessionAuthentication):
    """Django's session, but a staff session counts only once its second factor is through."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        if second_factor.required_for_session(request._request) and not request._request.user.is_verified():
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """The schema documents the verified session as Django's session cookie (drf-spectacular)."""

    target_class = VerifiedSessionAuthentication
