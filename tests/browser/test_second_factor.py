"""A new staff member's first sign-in in Debian's chromium: password, then enrolling an
authenticator app from the page's key, recovery codes, and the workspace (issue 11 item 2)."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from playwright.sync_api import expect

from hca_portal import roles

from .conftest import Browser
from .scenario import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _code_from_secret(secret: str) -> str:
    """What an authenticator app shows for the key typed in from the page."""
    key = secret.replace(" ", "")
    key = base64.b32decode(key + "=" * (-len(key) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_first_sign_in_enrols_an_authenticator_app(_seeded_db, browser, live_server):
    ines = get_user_model().objects.create_user("ines", password=PASSWORD, first_name="Inés", last_name="New")
    ines.groups.add(Group.objects.get(name=roles.CASEWORKER))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", bypass_csp=True)
    try:
        tab = Browser(context, live_server.url)
        page = tab.goto("/accounts/login/")
        page.get_by_label("Username").fill("ines")
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("main").get_by_role("button", name="Sign in").click()
        tab.settle()

        expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
        expect(page.locator(".portal-qr svg")).to_be_visible()
        # Straight to a staff page: back to the second factor.
        tab.goto("/workspace/caseworker/")
        expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
        expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()

        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Code").fill(_code_from_secret(secret))
        page.get_by_role("button", name="Turn on the second factor").click()
        tab.settle()
        expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
        expect(page.locator("li.recovery-code")).to_have_count(10)
        page.get_by_role("link", name="I have saved them: continue").click()
        tab.settle()
        expect(page.get_by_role("heading", name="My work")).to_be_visible()
    finally:
        context.close()
