"""Reported changes in Debian's chromium (PRODUCT P11): a caseworker records a change on the case page
and applies it at once; an applicant reports one from her page with a pay stub. Every page is checked
with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eligibility.models import Application, ReportedChange
from notices.models import Notice
from tests.factories import pdf_file

from . import scenario as s

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_caseworker_records_a_change_and_the_case_is_redetermined(scenario, open_browser):
    elena = s.case("enrolled", scenario)
    tab = open_browser("carmen")
    page = tab.goto(elena.get_absolute_url())
    expect(page.get_by_role("heading", name="Changes and corrections")).to_be_visible()

    page.get_by_role("link", name="Record a change or a correction").click()
    tab.settle()
    page.get_by_label("What changed").select_option(label="Income changed")
    page.get_by_label("Date it happened").fill(scenario.today.isoformat())
    page.get_by_label("New annual household income (MAGI), in dollars").fill("19000")
    page.get_by_label("Tell us about it").fill("Fewer hours at work.")
    page.locator("label[for=change_apply_now]").click()  # USWDS draws the box on the label
    page.get_by_role("button", name="Record the change").click()
    tab.settle()

    expect(page.get_by_text("Change applied; the case was redetermined")).to_be_visible()
    changes = page.locator("#changes")
    expect(changes).to_contain_text("Income changed")
    expect(changes).to_contain_text("Applied")
    expect(changes).to_contain_text("21000.00 → 19000.00")
    expect(changes).to_contain_text("replaces the earlier one")
    assert Application.objects.get(pk=elena.pk).annual_magi == 19000
    assert Notice.objects.filter(application=elena, notice_type="change").exists()


def test_applicant_reports_a_change_with_a_document(scenario, open_browser):
    luz = s.case("waitlisted", scenario)
    tab = open_browser("luz")
    page = tab.page
    page.get_by_role("link", name="Report a change").click()
    tab.settle()
    expect(page.get_by_role("heading", name="Report a change")).to_be_visible()

    # a missing fact is named on its field, and nothing is saved
    page.get_by_label("What changed").select_option(label="Income changed")
    page.get_by_label("Date it happened").fill(scenario.today.isoformat())
    page.get_by_role("button", name="Send the change").click()
    tab.settle()
    expect(page.get_by_text(re.compile("Annual household income \\(MAGI\\)"))).to_be_visible()
    assert not ReportedChange.objects.exists()

    page.get_by_label("What changed").select_option(label="Income changed")
    page.get_by_label("New annual household income (MAGI), in dollars").fill("18000")
    page.get_by_label("Kind of document").select_option("income")
    page.locator("input[type=file]").set_input_files(
        {"name": "pay-stub.pdf", "mimeType": "application/pdf", "buffer": pdf_file()}
    )
    page.get_by_role("button", name="Send the change").click()
    tab.settle()

    expect(page.get_by_text(re.compile("Change reported. A caseworker will act on it by"))).to_be_visible()
    expect(page.locator("#changes")).to_contain_text("Reported, to be acted on")
    change = ReportedChange.objects.get()
    assert (change.application_id, change.source, change.documents.count()) == (luz.pk, "applicant", 1)
