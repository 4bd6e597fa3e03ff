"""Signing in (issue 11 item 2): lockouts after failed attempts (django-axes), a second factor for
staff (django-otp TOTP with recovery codes), an idle timeout for staff sessions, and API tokens
that expire and can be revoked.

`rules.py` holds the pure rules, `second_factor.py` and `tokens.py` the writes, `middleware.py`
the staff session's gate, `views.py` the pages, `api.py` the REST framework's authentication
and throttles.
"""
