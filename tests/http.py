"""Comparing responses as a visitor could (is a forbidden case's page the same as a missing one's?)."""

import re

_CSRF = re.compile(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')


def comparable_body(response) -> bytes:
    """The body without the per-request mask of the CSRF token and without the language switch's
    echo of the address the visitor typed themselves: neither tells anything about a case."""
    body = _CSRF.sub(rb"\1-", response.content)
    path = response.request["PATH_INFO"]
    query = response.request.get("QUERY_STRING")
    full_path = f"{path}?{query}" if query else path
    return body.replace(f'name="next" type="hidden" value="{full_path}"'.encode(), b'name="next" value="-"')
