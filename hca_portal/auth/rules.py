"""Pure rules for signing in: who needs a second factor, when a staff session has been idle too
long, and whether an API token still works. No clock and no database: `now` is passed in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from hca_portal import roles


def needs_second_factor(*, is_staff: bool, is_superuser: bool, role_names: Iterable[str]) -> bool:
    """Every staff role, and anyone who may open the admin, signs in with a second factor.

    Representatives and applicants are not required to (PRODUCT P1's external users).
    """
    return is_staff or is_superuser or any(name in roles.STAFF_ROLES for name in role_names)


def idle_too_long(*, last_seen: datetime | None, now: datetime, timeout: timedelta) -> bool:
    """A session last seen exactly `timeout` ago is still open; one second more and it is not."""
    return last_seen is not None and now - last_seen > timeout


class TokenState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def token_state(*, expires_at: datetime, revoked_at: datetime | None, now: datetime) -> TokenState:
    """A token works until it is revoked or until its expiry moment (which is already too late)."""
    if revoked_at is not None and revoked_at <= now:
        return TokenState.REVOKED
    if now >= expires_at:
        return TokenState.EXPIRED
    return TokenState.ACTIVE
