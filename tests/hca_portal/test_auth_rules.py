"""The pure sign-in rules (hca_portal.auth.rules), with their boundaries."""

from datetime import UTC, datetime, timedelta

import pytest

from hca_portal import roles
from hca_portal.auth.rules import TokenState, idle_too_long, needs_second_factor, token_state

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("is_staff", "is_superuser", "role_names", "needed"),
    [
        *[(False, False, [role], True) for role in roles.STAFF_ROLES],
        (False, False, [roles.REPRESENTATIVE], False),
        (False, False, [roles.APPLICANT], False),
        (False, False, [], False),
        (True, False, [], True),  # may open the admin
        (False, True, [], True),
    ],
)
def test_who_needs_a_second_factor(is_staff, is_superuser, role_names, needed):
    assert needs_second_factor(is_staff=is_staff, is_superuser=is_superuser, role_names=role_names) is needed


@pytest.mark.parametrize(
    ("last_seen", "now", "expired"),
    [
        (None, T0, False),
        (T0, T0 + timedelta(minutes=29, seconds=59), False),
        (T0, T0 + timedelta(minutes=30), False),  # exactly the timeout: still open
        (T0, T0 + timedelta(minutes=30, seconds=1), True),  # one second more: signed out
    ],
)
def test_idle_timeout_boundary(last_seen, now, expired):
    assert idle_too_long(last_seen=last_seen, now=now, timeout=timedelta(minutes=30)) is expired


@pytest.mark.parametrize(
    ("now", "revoked_at", "state"),
    [
        (T0 - timedelta(seconds=1), None, TokenState.ACTIVE),  # the last second
        (T0, None, TokenState.EXPIRED),  # the expiry moment itself
        (T0 + timedelta(days=1), None, TokenState.EXPIRED),
        (T0 - timedelta(days=1), T0 - timedelta(days=2), TokenState.REVOKED),
        (T0 - timedelta(days=1), T0 - timedelta(days=1), TokenState.REVOKED),
        (T0 + timedelta(days=1), T0 - timedelta(days=2), TokenState.REVOKED),
    ],
)
def test_token_state(now, revoked_at, state):
    assert token_state(expires_at=T0, revoked_at=revoked_at, now=now) == state
