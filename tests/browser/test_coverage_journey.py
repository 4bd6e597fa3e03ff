"""A caseworker ends coverage and the next in line accepts the offer from her own page (issue 10
items 4-5), in Debian's chromium with axe-core on every page (no serious or critical violation)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eligibility.models import Enrollment, EnrollmentState
from notices.models import Notice

from . import scenario as s

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_caseworker_ends_coverage_and_the_applicant_accepts_the_offer_online(scenario, open_browser):
    # The scenario fills the cap of the coverage decided today; Luz, with an account, waits first in line.
    enrolled, waitlisted = s.case("enrolled", scenario), s.case("waitlisted", scenario)
    assert Enrollment.objects.get(member__application=waitlisted).state == EnrollmentState.WAITLISTED

    # Carmen ends Elena's coverage from the case page: she moved out of New Mexico.
    carmen = open_browser("carmen")
    page = carmen.goto(enrolled.get_absolute_url())
    end = page.get_by_role("group", name="End the coverage of Elena Enrolled")
    end.get_by_label("Reason coverage ends").select_option(label="Moved out of New Mexico")
    end.get_by_role("button", name="End the coverage").click()
    carmen.settle()
    expect(page.get_by_text("Coverage ended.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Ended: Moved out of New Mexico"))).to_be_visible()
    expect(page.get_by_role("group", name="Reinstate the coverage of Elena Enrolled")).to_be_visible()
    assert Notice.objects.filter(application=enrolled, notice_type="termination", status="issued").exists()

    # Her place is offered at once to Luz, first in line, who accepts it from her own page.
    assert Enrollment.objects.get(member__application=waitlisted).state == EnrollmentState.OFFERED
    luz = open_browser("luz")
    page = luz.goto("/workspace/my-case/")
    expect(page.get_by_role("heading", name="An offer of a place waiting for your answer")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Accept the offer")).click()
    luz.settle()
    expect(page).to_have_url(re.compile(r"/workspace/my-case/$"))
    expect(page.get_by_text("Offer accepted.")).to_be_visible()
    expect(page.get_by_role("heading", name="An offer of a place waiting for your answer")).to_have_count(0)

    place = Enrollment.objects.get(member__application=waitlisted)
    assert (place.state, place.reply_channel) == (EnrollmentState.ENROLLED, "online")
    assert Notice.objects.filter(application=waitlisted, notice_type="approval", status="issued").exists()
