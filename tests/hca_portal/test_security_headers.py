"""Security headers (issue 11 item 5): a Content-Security-Policy with no inline script or style,
`Cache-Control: no-store` on every response carrying personal data, and the API's schema and
Swagger UI for signed-in users only, served from drf-spectacular-sidecar (issue 12 item 7)."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from hca_portal.dates import LOCAL_TZ
from tests.factories import verify_reported

from ..signin import api_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 10)


@pytest.fixture
def decided(new_application, caseworker, today, django_capture_on_commit_callbacks):
    application = new_application()
    verify_reported(application, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(application=application, acting_user=caseworker, today=today)
    return application


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


# --- Content-Security-Policy ----------------------------------------------------------------


@pytest.mark.django_db
def test_pages_carry_a_policy_without_inline_script_style_or_eval(client, caseworker, decided):
    client.force_login(caseworker)
    for url in ("/", decided.get_absolute_url(), reverse("login")):
        directives = _directives(client.get(url))
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert not any("unsafe" in value for values in directives.values() for value in values)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* event handler"),
    (re.compile(r"\bhx-on", re.I), "hx-on handler (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_served_to_a_browser_has_inline_script_or_style():
    # notices/notice.html and mail_cover.html are WeasyPrint's input for PDFs, never served.
    pdf_only = {"notices/notice.html", "notices/mail_cover.html"}
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if name in pdf_only:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{name}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []


@pytest.mark.django_db
def test_htmx_is_configured_to_inject_no_style_and_evaluate_nothing(client, caseworker):
    client.force_login(caseworker)
    html = client.get("/", follow=True).content.decode()
    assert (
        """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false, """
        """"allowScriptTags": false}'>"""
    ) in html
    assert ".htmx-request .htmx-indicator" in (ROOT / "static" / "css" / "portal.css").read_text()


# --- Cache-Control --------------------------------------------------------------------------


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_every_response_to_a_signed_in_user_is_no_store(client, caseworker, decided):
    notice = decided.notices.get()
    client.force_login(caseworker)
    urls = [
        reverse("workspaces:caseworker"),
        decided.get_absolute_url(),
        reverse("workspaces:case_timeline", kwargs={"pk": decided.pk}),
        reverse("eligibility:notice_pdf", kwargs={"pk": decided.pk, "notice_pk": notice.pk}),
        reverse("eligibility:queue"),
        "/api/v1/applications/",
        f"/api/v1/applications/{decided.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
        assert "private" in response["Cache-Control"], url


@pytest.mark.django_db
def test_api_responses_to_a_token_are_no_store(client, caseworker, decided):
    response = client.get(
        f"/api/v1/applications/{decided.pk}/", HTTP_AUTHORIZATION=f"Token {api_key(caseworker)}"
    )
    assert response.status_code == 200
    assert _no_store(response)
    assert _no_store(client.get("/api/v1/applications/"))  # the 401 too


# --- API schema and Swagger UI --------------------------------------------------------------


@pytest.mark.django_db
def test_the_schema_and_swagger_ui_refuse_anonymous_users(client):
    assert client.get("/api/schema/").status_code == 401
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/api/docs/"
    assert client.get("/api/docs/?script").status_code == 302


@pytest.mark.django_db
def test_the_schema_is_served_to_a_session_or_a_token(client, caseworker):
    assert client.get("/api/schema/", HTTP_AUTHORIZATION=f"Token {api_key(caseworker)}").status_code == 200
    client.force_login(caseworker)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/applications/" in response.content


@pytest.mark.django_db
def test_swagger_ui_comes_from_the_sidecar_with_its_script_in_a_file(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/api/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in html
    assert "cdn" not in html.lower()
    assert not [pattern for pattern, _ in INLINE if pattern.search(html)]
    script = client.get("/api/docs/?script")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content
