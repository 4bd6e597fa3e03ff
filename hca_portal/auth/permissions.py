"""A staff session's permissions, kept in the session between refreshes (issue 11: speed).

Every staff page asks for permissions (the view's ``permission_required``, the menu's ``perms``),
and Django's ``ModelBackend`` reads them with two queries per request (the user's own and their
groups'). The staff session gate (``middleware.StaffSessionMiddleware``) instead reads them at
sign-in, loads them into the user from the session, and reads them afresh whenever it writes its
activity stamp (at most every ``STAMP_EVERY`` seconds, a session write it makes anyway): a role
given or taken away takes effect within that minute, a deactivated account at once
(``ModelBackend`` checks ``is_active`` before it looks at permissions, and the user row is read on
every request).
"""

from __future__ import annotations

SESSION_KEY = "staff_permissions"


def remember(request, user=None) -> None:
    """Read the user's permissions from the database (as ``ModelBackend`` does) into the session."""
    user = user or request.user
    user.get_all_permissions()  # the backend keeps what it read on the user, as on every request
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "own": sorted(getattr(user, "_user_perm_cache", ())),
        "groups": sorted(getattr(user, "_group_perm_cache", ())),
        "all": sorted(getattr(user, "_perm_cache", ())),
    }


def restore(request) -> bool:
    """Give the user the permissions the session keeps (no query); False when it keeps none for them."""
    kept = request.session.get(SESSION_KEY)
    user = request.user
    if not kept or kept.get("user") != user.pk:
        return False
    user._user_perm_cache = set(kept["own"])
    user._group_perm_cache = set(kept["groups"])
    user._perm_cache = set(kept["all"])
    return True
