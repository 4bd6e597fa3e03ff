"""Playwright fixtures: Debian's chromium against pytest-django's live server, with axe-core.

Static files come from the finders (pytest-django's live server uses staticfiles'
StaticFilesHandler), so `collectstatic` is not needed. Notices render eagerly:
the live server commits, so `on_commit` runs the render task in-process.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Each run saves every role's home under test-results/ (ignored by git); `make screenshots` runs the
# journeys with REFRESH_SCREENSHOTS=1 to refresh the committed ones in docs/screenshots on purpose.
SCREENSHOTS = ROOT / ("docs" if os.environ.get("REFRESH_SCREENSHOTS") == "1" else "test-results")
SCREENSHOTS /= "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe-core impacts that fail a page (PRODUCT P9: WCAG 2.1 AA; the issue: no serious or critical).
FAILING_IMPACTS = {"serious", "critical"}

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def _serialized_db(django_db_setup, django_db_blocker):
    """The test database's seed data (plan years, guidance, holidays, taglines), serialized at creation.

    The tests run with serialized_rollback, but once Playwright's sync API is running the ORM
    gets a new connection object in this thread, without the serialized copy Django keeps on the
    old one; `_seeded_db` puts it back.
    """
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture
def _seeded_db(_serialized_db, transactional_db):
    from django.core.management import call_command
    from django.db import connections

    from eligibility.models import PlanYear

    connection = connections["default"]
    if _serialized_db and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _serialized_db
    if _serialized_db and not PlanYear.objects.exists():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(_serialized_db)


@pytest.fixture(scope="session")
def browser(_serialized_db):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scenario(_seeded_db):
    from . import scenario as scenario_module

    return scenario_module.build()


class Browser:
    """One signed-in person's browser tab, checking every page it lands on with axe-core."""

    def __init__(self, context, base_url: str, *, audit: bool = True):
        self.context = context
        self.page = context.new_page()
        self.base_url = base_url
        self.audit = audit
        self.checked: list[str] = []

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.settle()
        return self.page

    def settle(self):
        self.page.wait_for_load_state("networkidle")
        if self.audit:
            self.check_accessibility()

    def sign_in(self, username: str, password: str):
        """The password, then (for staff) a code computed from their authenticator app's key."""
        from django.contrib.auth import get_user_model

        from hca_portal.auth import second_factor
        from tests.signin import fresh_totp_code, totp_device

        from .scenario import PASSWORD

        user = get_user_model().objects.get(username=username)
        device = totp_device(user) if second_factor.required_for(user) else None
        self.page.goto(self.base_url + "/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password or PASSWORD)
        self.page.locator("main").get_by_role("button", name="Sign in").click()
        self.settle()
        if device is not None:
            self.page.get_by_label("Code").fill(fresh_totp_code(device))
            self.page.locator("main").get_by_role("button", name="Verify").click()
            self.settle()
        return self.page

    def check_accessibility(self):
        """Run axe-core on the page; fail on any serious or critical violation.

        axe-core goes in as an inline script, which the portal's Content-Security-Policy refuses:
        the contexts of `open_browser` bypass the CSP for it (tests only); test_csp.py checks the
        policy with a context that does not.
        """
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(
            """async () => {
                const result = await axe.run(document, {resultTypes: ['violations']});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                }));
            }"""
        )
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        assert not failing, f"axe-core on {self.page.url}: {failing}"
        self.checked.append(self.page.url)

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def open_browser(browser, live_server):
    """open_browser(username) -> a signed-in Browser with its own cookies."""
    contexts = []

    def make(username: str, *, password: str = "", locale: str = "en-US") -> Browser:
        context = browser.new_context(
            viewport={"width": 1280, "height": 900},
            locale=locale,
            accept_downloads=True,
            bypass_csp=True,
        )
        contexts.append(context)
        tab = Browser(context, live_server.url)
        tab.sign_in(username, password)
        return tab

    yield make
    for context in contexts:
        context.close()
