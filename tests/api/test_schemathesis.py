"""Schemathesis against the API's own schema (/api/schema/), as a caseworker and as a representative.

Every operation gets positive and negative cases (a bounded, derandomized run: the same cases on
every run), sent through Django's WSGI application. Each response must not be a server error and
must conform to the schema: a documented status code and content type, and a body matching the
documented schema (errors included).
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.test import Client
from django.test.client import ClientHandler
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .auth import auth_headers

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 12  # per operation and generation mode: keeps the run under a minute


def load_schema(user) -> schemathesis.schemas.BaseSchema:
    """The schema /api/schema/ serves (to a signed-in user), sending its cases to Django's WSGI app."""
    client = Client()
    client.force_login(user)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = WSGIApp()
    return schema


class WSGIApp:
    """Django's application as the test client runs it (the test's database connection stays open)."""

    def __init__(self):
        self.handler = ClientHandler(enforce_csrf_checks=False)

    def __call__(self, environ, start_response):
        response = self.handler(environ)
        headers = [
            *response.items(),
            *(("Set-Cookie", c.output(header="")) for c in response.cookies.values()),
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response


def run_schemathesis(user) -> tuple[Counter, list[str]]:
    headers = auth_headers(user)
    figures: Counter = Counter()
    failures: list[str] = []
    for result in load_schema(user).get_all_operations():
        operation = result.ok()
        figures["operations"] += 1
        for mode in GenerationMode:
            _run_operation(operation, mode, headers, figures, failures)
    return figures, failures


def _run_operation(operation, mode, headers, figures, failures) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        figures["cases"] += 1
        try:
            response = case.call(headers=headers)
            figures[f"status {response.status_code}"] += 1
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # a server error or failed check: collect all
            figures["failures"] += 1
            failures.append(f"{operation.label} ({mode.value}): {type(exc).__name__} {str(exc)[:1500]}")

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["caseworker", "representative"])
def test_no_server_error_and_no_schema_violation(request, role, designated, file_online):
    file_online()  # the representative's client has a case with a denial notice and an appeal
    user = request.getfixturevalue(role)

    figures, failures = run_schemathesis(user)

    print(f"\nschemathesis as {role}: {dict(sorted(figures.items()))}")
    assert figures["operations"] >= 8
    assert not failures, "\n\n".join(failures[:20])
