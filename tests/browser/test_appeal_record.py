"""Issue 12 in Chromium: an appellant attaches a document, the appeals officer decides from the
record page, and the final-appeal form's checkboxes show their state and tick with one click.
Every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from appeals.models import Appeal
from appeals.services import AppealRequest, decide_appeal, file_appeal
from tests.factories import pdf_file

from . import scenario as s

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _appeal_of_ana(scenario) -> Appeal:
    denied = s.case("denied", scenario)
    determination = denied.determinations.get()
    return file_appeal(
        application=denied,
        determination=determination,
        notice_appealed=denied.notices.get(notice_type="denial"),
        request=AppealRequest(issues=["eligibility_status"], statement="My income this year is lower."),
        acting_user=scenario.users["ana"],
        today=scenario.today,
    )


def test_appellant_attaches_a_document_and_the_officer_decides_from_the_record(
    scenario, open_browser, tmp_path
):
    appeal = _appeal_of_ana(scenario)
    proof = tmp_path / "pay-stubs.pdf"
    proof.write_bytes(pdf_file())

    # Ana attaches her pay stubs to her appeal.
    ana = open_browser("ana")
    page = ana.page
    ana.goto(appeal.get_absolute_url())
    page.get_by_role("link", name="Attach a document").click()
    ana.settle()
    page.get_by_label("Kind of document").select_option(label="Proof of income")
    page.locator("input[type=file]").set_input_files(str(proof))
    page.get_by_role("button", name="Attach the document").click()
    ana.settle()
    documents = page.locator("section[aria-labelledby=record-documents]")
    expect(documents.get_by_role("link", name="Proof of income")).to_be_visible()
    # The appellant's page offers her own actions, never the decider's.
    expect(page.get_by_role("link", name="Decide", exact=True)).to_have_count(0)

    # The officer reads the whole record on the decision page, then decides.
    olivia = open_browser("olivia")
    page = olivia.page
    olivia.goto(appeal.get_absolute_url())
    expect(page.get_by_role("link", name=re.compile("Withdraw"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("fast"))).to_have_count(0)
    page.get_by_role("link", name="Decide", exact=True).click()
    olivia.settle()
    for heading in (
        "The decision appealed",
        "The notice appealed",
        "Findings and their evidence",
        "Documents filed with the appeal",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("section[aria-labelledby=record-decision]")).to_contain_text("Not eligible")
    expect(page.get_by_role("link", name=appeal.application.reference)).to_be_visible()
    expect(page.locator("section[aria-labelledby=record-documents]")).to_contain_text("Proof of income")
    olivia.screenshot("appeal_record")
    page.locator("label", has_text="Upheld").click()
    page.get_by_label(re.compile("Reasons")).fill("The pay stubs show income over 400% of the poverty level.")
    page.get_by_role("button", name="Issue the decision").click()
    olivia.settle()
    appeal.refresh_from_db()
    assert appeal.state == "decided" and appeal.decided_by.username == "olivia"


def _box(page, label: str) -> dict:
    """What a person sees of one checkbox: the USWDS box drawn before its label, and the native input."""
    return page.evaluate(
        """(text) => {
            const label = [...document.querySelectorAll('label')].find(l => l.textContent.trim() === text);
            const input = document.getElementById(label.htmlFor);
            const box = getComputedStyle(label, '::before');
            const rect = input.getBoundingClientRect();
            return {checked: input.checked, background: box.backgroundColor,
                    nativeOnScreen: rect.right > 0 && rect.bottom > 0 && rect.width > 1};
        }""",
        label,
    )


def test_final_appeal_checkboxes_show_their_state_and_tick_with_one_click(scenario, open_browser):
    appeal = _appeal_of_ana(scenario)
    decide_appeal(
        appeal=appeal,
        outcome="upheld",
        reasons="Over the limit.",
        acting_user=scenario.users["olivia"],
        today=scenario.today,
    )
    nora = open_browser("nora")
    page = nora.page
    nora.goto(appeal.get_absolute_url())
    page.get_by_role("link", name="File a final appeal").click()
    nora.settle()

    carried, fresh = _box(page, "Eligibility status"), _box(page, "Income findings")
    # The issue carried over from the first-level appeal is checked, and looks checked.
    assert carried["checked"] and not fresh["checked"]
    assert carried["background"] != fresh["background"]
    # One control per option: the native box is off screen, the USWDS box is the one shown.
    assert not carried["nativeOnScreen"] and not fresh["nativeOnScreen"]
    expect(page.locator(".usa-checkbox__input")).to_have_count(5)

    # One click ticks an unticked issue, and it then looks like the carried-over one.
    page.locator("label", has_text="Income findings").click()
    ticked = _box(page, "Income findings")
    assert ticked["checked"] and ticked["background"] == carried["background"]
    nora.screenshot("final_appeal_form")
    page.get_by_role("button", name="File the final appeal").click()
    nora.settle()
    final = Appeal.objects.get(parent=appeal)
    assert final.issues == ["eligibility_status", "income_finding"]
