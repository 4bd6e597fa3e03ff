"""The waitlist (issue 9 items 2, 5, 6): a placement is an adverse decision with its own notice, an
accepted offer starts coverage with an approval notice, every freed slot is offered at once, and an
offer has a reply-by date."""

from datetime import date
from decimal import Decimal

import pytest

from eligibility import services
from eligibility.models import Enrollment, EnrollmentState

from ..conftest import set_cap
from ..factories import verify_reported

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def _decided(new_application, caseworker, *, magi="30000.00", today=TODAY):
    application = new_application(magi=magi)
    verify_reported(application, caseworker)
    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=today
    )
    return application, determination


def _enrollment(application) -> Enrollment:
    return Enrollment.objects.filter(member__application=application).latest("created_at")


def test_a_waitlist_placement_is_adverse_and_says_only_what_is_in_force(
    new_application, caseworker, year2026
):
    set_cap(year2026, 0)

    application, determination = _decided(new_application, caseworker)

    assert determination.waitlisted and determination.is_adverse
    assert determination.decision == "eligible"
    # The placement takes effect the day it is made; no assistance or tier is in force.
    assert determination.effective_date == TODAY
    assert (determination.premium_assistance, determination.oop_tier) == (Decimal("0.00"), "")
    notice = application.notices.get(notice_type="waitlist")
    content = notice.content
    assert content["effective_date"] == TODAY.isoformat()
    assert "eligible" in content["decision"] and "waitlist" in content["decision"]
    assert "enrollment cap for plan year 2026 has been reached" in content["decision"]
    reasons = " ".join(content["reasons"])
    assert "priority group 1" in reasons  # 30,000 for one is under 200% FPL
    assert "day and time each application became complete" in reasons
    assert "the date by which you must accept" in reasons
    assert "premium_assistance" not in content["details"] and "oop_tier" not in content["details"]
    assert content["appeal"]["appealable"] and content["appeal"]["deadline"]


def test_an_accepted_offer_starts_coverage_with_an_approval_notice(new_application, caseworker, year2026):
    # given: a waitlisted household offered a slot when the cap is raised
    set_cap(year2026, 0)
    application, waitlisted = _decided(new_application, caseworker)
    set_cap(year2026, 1)
    (offer,) = services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=date(2026, 3, 20))

    # when: accepted on 2026-03-25
    services.accept_offer(enrollment=offer, acting_user=caseworker, today=date(2026, 3, 25))

    # then: a new determination with the real effective date and figures, and an approval notice
    offer.refresh_from_db()
    assert (offer.state, offer.effective_date) == (EnrollmentState.ENROLLED, date(2026, 4, 1))
    approval = offer.determination
    assert approval.supersedes == waitlisted
    assert not approval.waitlisted and not approval.is_adverse
    assert (approval.effective_date, approval.premium_assistance, approval.oop_tier) == (
        date(2026, 4, 1),
        Decimal("478.31"),
        "Silver 87",
    )
    notice = application.notices.get(notice_type="approval")
    assert notice.content["effective_date"] == "2026-04-01"
    assert notice.content["details"]["premium_assistance"] == "478.31"
    assert notice.content["details"]["oop_tier"] == "Silver 87"
    assert notice.content["appeal"]["appealable"] and notice.content["appeal"]["deadline"]


def test_an_offer_has_a_reply_by_date_and_says_how_to_accept(new_application, caseworker, year2026):
    set_cap(year2026, 0)
    application, _ = _decided(new_application, caseworker)
    set_cap(year2026, 1)

    # Offered Fri 2026-03-20: 15 calendar days land on Sun 2026-04-05, so Mon 2026-04-06.
    (offer,) = services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=date(2026, 3, 20))

    assert (offer.offered_on, offer.reply_by) == (date(2026, 3, 20), date(2026, 4, 6))
    content = application.notices.get(notice_type="slot_offer").content
    assert content["details"]["respond_by"] == "2026-04-06"
    rows = {row["key"]: row for row in content["detail_rows"]}
    assert rows["respond_by"]["value"] == "Monday, April 6, 2026"
    how = rows["how_to_accept"]
    assert how["label"] == "How to accept"
    assert "online from your page" in how["value"] and "call us" in how["value"]
    assert "April 6, 2026" in content["decision"]


def test_a_redetermination_to_ineligible_offers_the_freed_slot_and_closes_stale_rows(
    new_application, caseworker, year2026
):
    # given: one enrolled household and one waiting
    set_cap(year2026, 1)
    holder, holder_determination = _decided(new_application, caseworker)
    waiting, _ = _decided(new_application, caseworker)
    assert _enrollment(waiting).state == EnrollmentState.WAITLISTED

    # when: an appeal decision finds the holder ineligible
    services.redetermine(
        application=holder,
        member=holder.members.get(),
        decision="ineligible",
        reason_codes=["not_resident_nm"],
        effective_date=date(2026, 5, 1),
        acting_user=caseworker,
        today=date(2026, 4, 10),
        reason="Appeal decided",
    )

    # then: the holder's enrollment ends and the slot is offered to the next in line at once
    assert _enrollment(holder).state == EnrollmentState.TERMINATED
    assert _enrollment(waiting).state == EnrollmentState.OFFERED
    assert waiting.notices.filter(notice_type="slot_offer").count() == 1


def test_a_waitlisted_member_found_ineligible_leaves_the_waitlist(new_application, caseworker, year2026):
    set_cap(year2026, 0)
    application, _ = _decided(new_application, caseworker)

    services.redetermine(
        application=application,
        member=application.members.get(),
        decision="ineligible",
        reason_codes=["incarcerated"],
        effective_date=date(2026, 4, 10),
        acting_user=caseworker,
        today=date(2026, 4, 10),
        reason="Appeal decided",
    )

    assert _enrollment(application).state == EnrollmentState.WITHDRAWN
    set_cap(year2026, 1)
    assert (
        services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=date(2026, 4, 11)) == []
    )


@pytest.mark.parametrize(("magi", "group"), [("31299.99", 1), ("31300.00", 2)])
def test_the_priority_group_compares_the_income_in_dollars(
    new_application, caseworker, year2026, magi, group
):
    # $31,299.99 for one person is 199.99...% FPL: its percentage rounds to 200.00, yet it is under 200%.
    set_cap(year2026, 0)
    application, _ = _decided(new_application, caseworker, magi=magi)
    assert _enrollment(application).priority_group == group


def test_the_waitlist_and_offer_notices_speak_the_readers_language(new_application, caseworker, year2026):
    set_cap(year2026, 0)
    application = new_application(preferred_language="es")
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=TODAY)
    set_cap(year2026, 1)
    services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=date(2026, 3, 20))

    waitlist = application.notices.get(notice_type="waitlist").content
    assert "lista de espera" in waitlist["decision"] and "2026" in waitlist["decision"]
    assert any("grupo de prioridad 1" in reason for reason in waitlist["reasons"])
    offer = application.notices.get(notice_type="slot_offer").content
    assert "6 de abril de 2026" in offer["decision"]
    rows = {row["key"]: row for row in offer["detail_rows"]}
    assert rows["how_to_accept"]["label"] == "Cómo aceptar"
    assert "en línea desde su página" in rows["how_to_accept"]["value"]
