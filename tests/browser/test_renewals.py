"""Renewals in Debian's chromium: the program administrator starts a run and follows it; a
supervisor sees a failed renewal with its reason and retries it; every page passes axe-core (P11)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eligibility.models import RenewalFailure, RenewalRun, RenewalStatus

from . import scenario as s

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_program_administrator_starts_renewals_and_a_supervisor_retries_a_failure(scenario, open_browser):
    alma = open_browser("alma")
    page = alma.page
    expect(page.get_by_role("heading", name="Renewals")).to_be_visible()  # the program page's panel

    alma.goto("/cases/renewals/")
    expect(page.get_by_role("heading", name="Renewals for a new plan year")).to_be_visible()
    page.get_by_role("button", name=re.compile("Start renewals into")).last.click()
    alma.settle()
    expect(page.get_by_role("heading", name=re.compile("Renewals into plan year"))).to_be_visible()
    expect(page.locator(".cap-summary")).to_contain_text("Households to renew")

    # a household whose renewal failed (recorded as a job records it)
    run = RenewalRun.objects.get()
    case = s.case("enrolled", scenario)
    run.renewals.update_or_create(
        application=case,
        plan_year=run.plan_year,
        defaults={
            "status": RenewalStatus.FAILED,
            "reason_code": RenewalFailure.NOTICE_INCOMPLETE,
            "attempts": 1,
            "finished_at": timezone.now(),
        },
    )

    sofia = open_browser("sofia")
    page = sofia.page
    expect(page.locator("#renewal-failures-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text(case.reference)
    page.locator("section[aria-labelledby=renewal-failures-heading]").get_by_role(
        "link", name="Retry"
    ).click()
    sofia.settle()
    expect(page.get_by_role("heading", name="Failed renewals")).to_be_visible()
    expect(page.locator("main")).to_contain_text("lacks a required element")
    page.get_by_role("button", name="Retry every failed renewal").click()
    sofia.settle()
    expect(page.locator("main")).to_contain_text("1 renewals sent again.")
    assert run.renewals.get(application=case).attempts == 2
