"""Deciding evaluates every criterion again, on the facts on file and the guidance of the coverage it
starts (issue 9 item 3), and meets nothing without a basis (item 4)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eligibility import services
from eligibility.models import Enrollment, EnrollmentState, FindingStatus, Guidance

from ..conftest import set_cap
from ..factories import member_input, plan_year, verify_reported

pytestmark = pytest.mark.django_db

# 415% of the 2026 FPL for one person ($15,650) is $64,947.50.
AT_415 = "64947.50"


def _raise_limit(year, effective: date, limit: str) -> Guidance:
    """A new guidance version (bands, tiers and plans copied) with another income limit."""
    seeded = year.guidance_versions.order_by("effective_date").first()
    bands, tiers, plans = (
        list(seeded.scale_bands.all()),
        list(seeded.oop_tiers.all()),
        list(seeded.plans.all()),
    )
    seeded.pk, seeded.effective_date, seeded.income_limit_pct = None, effective, Decimal(limit)
    seeded.label = f"limit {limit} from {effective}"
    seeded.save()
    for row in (*bands, *tiers, *plans):
        row.pk, row.guidance = None, seeded
        row.save()
    return seeded


def test_income_is_judged_on_the_limit_of_the_decision_not_of_intake(new_application, caseworker, year2026):
    # given: received 2026-03-02 under a 400% limit (intake finds the income over it)
    application = new_application(magi=AT_415)
    assert application.members.get().findings.get(criterion="income").status == FindingStatus.NOT_MET
    # and the limit rises to 450% from 2026-04-01, when the coverage would start
    _raise_limit(year2026, date(2026, 4, 1), "450")
    verify_reported(application, caseworker)
    services.record_finding(
        member=application.members.get(),
        criterion="income",
        status="met",
        reason_code="income_attested",
        acting_user=caseworker,
    )

    # when: decided 2026-03-10 (coverage from 2026-04-01)
    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=date(2026, 3, 10)
    )

    # then: eligible under the 450% limit, and the income finding on the case says so
    assert determination.decision == "eligible"
    assert determination.guidance.income_limit_pct == Decimal("450")
    income = application.members.get().findings.get(criterion="income")
    assert (income.status, income.reason_code) == (FindingStatus.MET, "income_attested")


def test_daca_expiring_before_the_effective_date_is_a_denial(new_application, caseworker):
    # given: DACA valid through 2026-03-31 at intake; coverage would start 2026-04-01
    application = new_application(members=[member_input(daca_valid_to=date(2026, 3, 31))])
    verify_reported(application, caseworker)

    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=date(2026, 3, 10)
    )

    assert determination.decision == "ineligible"
    assert determination.reason_codes == ["daca_expired"]


def test_daca_valid_on_the_effective_date_is_approved(new_application, caseworker):
    application = new_application(members=[member_input(daca_valid_to=date(2026, 4, 1))])
    verify_reported(application, caseworker)

    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=date(2026, 3, 10)
    )

    assert determination.decision == "eligible"


def test_nothing_is_decided_on_unverified_criteria(new_application, caseworker):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)

    with pytest.raises(ValidationError) as raised:
        services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
    assert "findings" in raised.value.message_dict
    assert not application.determinations.exists()


def test_met_without_a_document_is_refused_for_daca(new_application, caseworker):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    member = application.members.get()

    with pytest.raises(ValidationError) as raised:
        services.record_finding(
            member=member, criterion="daca", status="met", reason_code="daca_verified", acting_user=caseworker
        )
    assert "evidence" in raised.value.message_dict


def test_a_december_decision_is_made_under_the_next_plan_years_guidance_and_cap(
    new_application, caseworker, year2026
):
    # given: the 2026 cap is full; 2027 has room
    set_cap(year2026, 0)
    application = new_application(received_on=date(2026, 12, 1))
    verify_reported(application, caseworker)

    # when: decided on 2026-12-15, coverage starts 2027-01-01
    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=date(2026, 12, 15)
    )

    # then: 2027 figures (FPL $15,960 for one: 30,000 is 187.97%) and a 2027 slot
    year2027 = plan_year(2027)
    assert determination.guidance.plan_year == year2027
    assert determination.effective_date == date(2027, 1, 1)
    assert determination.fpl_pct == Decimal("187.97")
    enrollment = Enrollment.objects.get(member__application=application)
    assert (enrollment.plan_year, enrollment.state) == (year2027, EnrollmentState.ENROLLED)


def test_a_december_decision_waits_for_the_next_plan_years_guidance(new_application, caseworker):
    plan_year(2027).guidance_versions.all().delete()
    application = new_application(received_on=date(2026, 12, 1))
    verify_reported(application, caseworker)

    with pytest.raises(ValidationError) as raised:
        services.decide_application(application=application, acting_user=caseworker, today=date(2026, 12, 15))
    assert "2027" in raised.value.message_dict["effective_date"][0]
    assert not application.determinations.exists()
