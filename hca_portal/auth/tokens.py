"""API tokens: issued by their owner (shown once), stored as a SHA-256, revoked by the owner or
an administrator, refused once expired or revoked (rules.token_state)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hca_portal.models import ApiToken

from .rules import TokenState, token_state

KEY_PREFIX = "hca_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user, name: str, now: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for API_TOKEN_LIFETIME; returns it and its key (never stored)."""
    now = now or timezone.now()
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=hash_key(key),
        prefix=key[len(KEY_PREFIX) : len(KEY_PREFIX) + 8],
        expires_at=now + settings.API_TOKEN_LIFETIME,
    )
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken, now: datetime | None = None) -> ApiToken:
    """Revoke a token (idempotent: the first revocation's moment is kept)."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def tokens_of(user):
    """The user's own tokens, newest first (the one access helper for the tokens page)."""
    return ApiToken.objects.filter(user=user)


def user_for_key(key: str, *, now: datetime | None = None):
    """The active user a key belongs to, or None when the key is unknown, expired or revoked."""
    now = now or timezone.now()
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None, None
    if token_state(expires_at=token.expires_at, revoked_at=token.revoked_at, now=now) != TokenState.ACTIVE:
        return None, None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
