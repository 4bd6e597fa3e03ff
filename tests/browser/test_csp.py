"""The Content-Security-Policy holds in a real browser (issue 11 item 5; issue 12 item 7).

These contexts do NOT bypass the CSP (the journeys' contexts do, to inject axe-core): every
page below loads, its htmx swaps and USWDS widgets work, and Chromium reports no CSP violation
in the console. Swagger UI at /api/docs/ runs from drf-spectacular-sidecar's files, for
signed-in users only.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from eligibility.models import EvidenceDocument

from . import scenario as s
from .conftest import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Watched:
    """A tab under the real CSP that records every CSP violation Chromium reports."""

    def __init__(self, browser, base_url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        self.tab = Browser(self.context, base_url, audit=False)
        self.page = self.tab.page
        self.console: list[str] = []
        self.policies: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("response", self._response)

    def _console(self, message):
        if message.type in {"error", "warning"}:
            self.console.append(message.text)

    def _response(self, response):
        if response.request.resource_type == "document":
            self.policies.append(response.headers.get("content-security-policy", ""))

    def goto(self, path: str):
        response = self.page.goto(self.tab.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def violations(self) -> list[str]:
        return [text for text in self.console if "Content Security Policy" in text or "pageerror" in text]

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser, live_server):
    tabs = []

    def make() -> Watched:
        tab = Watched(browser, live_server.url)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.close()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (0, 94, 162)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_key_pages_work_under_the_policy_with_no_violation(scenario, watched):
    review = s.case("in_review", scenario)
    carmen = watched()
    page = carmen.page
    carmen.tab.sign_in("carmen", "")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    # htmx swaps the queue tab in place (no page load) under the policy.
    page.get_by_role("link", name=re.compile("Waiting on the applicant")).click()
    expect(page.get_by_role("heading", name="Waiting on the applicant")).to_be_visible()
    expect(page).to_have_url(re.compile(r"tab=waiting"))

    # The case page: its timeline comes by htmx; USWDS's file input previews the chosen file.
    carmen.goto(review.get_absolute_url())
    expect(page.locator("#case-timeline-body")).to_contain_text("Application")
    page.get_by_label("Kind of document").select_option("ead")
    page.locator("input[type=file]").set_input_files(
        {"name": "ead.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_role("button", name=re.compile("Upload")).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Document uploaded.")).to_be_visible()
    assert EvidenceDocument.objects.filter(application=review).count() == 1

    # The program administrator's home (cap meter) and Django's admin.
    alma = watched()
    alma.tab.sign_in("alma", "")
    meter = alma.page.get_by_role("img", name="2 of 2 slots held")
    expect(meter).to_be_visible()
    expect(meter.locator("rect")).to_have_attribute("width", "100")
    alma.goto("/workspace/reports/")
    expect(alma.page.locator(".report-bar rect").first).to_be_attached()
    alma.goto("/admin/")
    alma.goto("/admin/eligibility/guidance/")
    alma.page.locator("#result_list tbody th a").first.click()
    alma.page.wait_for_load_state("networkidle")
    expect(alma.page.locator("#id_enrollment_cap")).to_be_visible()

    # The supervisor's assignment panel (htmx form).
    sofia = watched()
    sofia.tab.sign_in("sofia", "")
    expect(sofia.page.get_by_role("heading", name="Team timeliness")).to_be_visible()

    for tab in (carmen, alma, sofia):
        assert tab.policies and all("script-src 'self'" in policy for policy in tab.policies), tab.policies
        assert not any("unsafe" in policy for policy in tab.policies), tab.policies
        assert tab.violations() == [], tab.violations()


def test_swagger_ui_lists_the_operations_offline_for_a_signed_in_user_only(scenario, watched):
    anonymous = watched()
    anonymous.goto("/api/docs/")
    expect(anonymous.page).to_have_url(re.compile(r"/accounts/login/\?next=/api/docs/"))

    carmen = watched()
    page = carmen.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    carmen.tab.sign_in("carmen", "")
    carmen.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator("#swagger-ui")).to_contain_text("/api/v1/applications/")
    expect(page.locator("#swagger-ui")).to_contain_text("HCA Portal API")
    assert requested and all(url.startswith(carmen.tab.base_url) for url in requested), requested
    assert carmen.violations() == [], carmen.violations()
