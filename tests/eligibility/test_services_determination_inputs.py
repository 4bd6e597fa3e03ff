"""Determinations keep the inputs that made them and are end-dated, never edited (PRODUCT P11)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from eligibility import rules, selectors, services
from eligibility.models import Application, Determination, EligiblePlan
from eligibility.services.decisions import _end_date

from ..conftest import set_cap
from ..factories import verify_reported

pytestmark = pytest.mark.django_db

DECIDED, COVERAGE = date(2026, 3, 10), date(2026, 4, 1)


def _decided(new_application, caseworker, *, magi="50000", size=2):
    application = new_application(magi=magi, size=size)
    verify_reported(application, caseworker)
    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=DECIDED
    )
    return application, determination


def _plan(year: int, name: str) -> EligiblePlan:
    return EligiblePlan.objects.filter(guidance__plan_year__year=year, name=name).order_by("guidance").first()


def test_a_determination_keeps_every_input_of_its_figures(new_application, caseworker, year2026):
    # when a household of 2 with $50,000 a year is decided under the seeded 2026 guidance
    _application, d = _decided(new_application, caseworker)

    # then it keeps what made its figures, and the rule each came from
    d.refresh_from_db()
    assert (d.household_size, d.annual_income) == (2, D("50000.00"))
    assert (d.fpl_first_person, d.fpl_each_additional, d.fpl_amount) == (D("15650"), D("5500"), D("21150"))
    assert (d.fpl_pct, d.income_limit_pct) == (D("236.41"), D("400"))
    assert d.guidance == year2026.guidance_versions.get()
    assert (d.applicable_pct, d.applicable_rule) == (D("3.456400"), rules.SCALE_IN_BAND)
    assert d.scale_band == {"fpl_from": "200.00", "fpl_to": "250.00", "pct_from": "2.00", "pct_to": "4.00"}
    assert (d.benchmark_premium, d.plan, d.plan_premium) == (
        D("520"),
        _plan(2026, "Silver Benchmark"),
        D("520"),
    )
    assert d.plan_rule == rules.PLAN_BENCHMARK_DEFAULT
    assert (d.expected_contribution, d.premium_assistance, d.enrollee_share) == (
        D("144.02"),
        D("375.98"),
        D("144.02"),
    )
    assert d.assistance_rule == rules.ASSISTANCE_FORMULA
    assert (d.oop_tier, d.tier_rule) == ("Silver 73", rules.TIER_IN_BAND)
    assert d.oop_band == {"fpl_from": "200.00", "fpl_to": "250.00", "actuarial_value": "73.00"}
    assert d.decided_by_kind == rules.DECIDED_BY_PERSON
    assert d.in_force and d.superseded_on is None and d.ended_on is None


def test_a_denial_keeps_its_inputs_and_grants_nothing(new_application, caseworker):
    # income over the 400% limit for one person ($62,600)
    _application, d = _decided(new_application, caseworker, magi="70000", size=1)

    assert d.decision == "ineligible"
    assert (d.fpl_amount, d.fpl_pct, d.income_limit_pct) == (D("15650"), D("447.28"), D("400"))
    assert (d.premium_assistance, d.assistance_rule, d.oop_tier) == (D("0"), rules.ASSISTANCE_INELIGIBLE, "")
    assert d.tier_rule == rules.TIER_NOT_IN_FORCE


def test_a_redetermination_end_dates_the_one_in_force_and_edits_nothing_else(new_application, caseworker):
    # given a determination in force from April 1
    application, first = _decided(new_application, caseworker)
    before = {f.name: getattr(first, f.name) for f in Determination._meta.concrete_fields}
    # and the household's income drops, reported in April
    Application.objects.filter(pk=application.pk).update(annual_magi=D("40000"))

    # when the case is redetermined from May 1
    (second,) = services.reevaluate(
        application=application,
        acting_user=caseworker,
        today=date(2026, 4, 15),
        effective_date=date(2026, 5, 1),
        reason="Income reported",
    )

    # then the new one supersedes the old, which ends the day before and is otherwise as it was
    first.refresh_from_db()
    assert second.supersedes == first and selectors.current_determination(first.member) == second
    assert (first.superseded_on, first.ended_on) == (date(2026, 4, 15), date(2026, 4, 30))
    assert not first.in_force and second.in_force
    after = {f.name: getattr(first, f.name) for f in Determination._meta.concrete_fields}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"superseded_on", "ended_on", "updated_at"}
    # and the new figures come from the new income: 189.13% of $21,150
    assert (second.annual_income, second.fpl_pct) == (D("40000.00"), D("189.13"))
    assert second.premium_assistance == D("520.00") - second.expected_contribution


def test_a_determination_already_replaced_cannot_be_replaced_again(new_application, caseworker):
    application, first = _decided(new_application, caseworker)
    (second,) = services.reevaluate(
        application=application,
        acting_user=caseworker,
        today=date(2026, 4, 15),
        effective_date=date(2026, 5, 1),
        reason="Correction",
    )

    with pytest.raises(ValidationError) as raised:
        _end_date(first, replaced_by=second, acting_user=caseworker, reason="again")
    assert "supersedes" in raised.value.message_dict


def test_a_replacement_that_starts_first_means_the_old_one_never_took_effect(new_application, caseworker):
    application, first = _decided(new_application, caseworker)

    services.reevaluate(
        application=application, acting_user=caseworker, today=DECIDED, effective_date=COVERAGE, reason="Fix"
    )

    first.refresh_from_db()
    assert first.ended_on == date(2026, 3, 31) and first.never_took_effect


def test_a_chosen_plan_caps_the_assistance_at_its_premium(new_application, caseworker):
    # given a member covered from April 1 with the whole $520 benchmark as assistance (127.80% FPL)
    application, first = _decided(new_application, caseworker, magi="20000", size=1)
    assert (first.premium_assistance, first.enrollee_share) == (D("520.00"), D("0.00"))
    bronze = _plan(2026, "Bronze Saver")

    # when staff record that the member chose the $395 plan, on April 15
    second = services.choose_plan(
        member=first.member, plan=bronze, acting_user=caseworker, today=date(2026, 4, 15)
    )

    # then a new determination from May 1 grants at most that premium, and replaces the first
    assert (second.plan, second.plan_rule, second.effective_date) == (
        bronze,
        rules.PLAN_CHOSEN,
        date(2026, 5, 1),
    )
    assert (second.premium_assistance, second.assistance_rule) == (D("395.00"), rules.ASSISTANCE_CAPPED)
    assert second.enrollee_share == D("0.00")
    assert second.supersedes == first
    first.refresh_from_db()
    assert first.ended_on == date(2026, 4, 30)
    assert application.notices.filter(notice_type="change").count() == 1
    assert first.member.enrollments.get().determination == second


def test_a_plan_of_another_plan_year_is_refused(new_application, caseworker):
    application, first = _decided(new_application, caseworker)

    with pytest.raises(ValidationError) as raised:
        services.choose_plan(
            member=first.member, plan=_plan(2027, "Bronze Saver"), acting_user=caseworker, today=DECIDED
        )

    assert "plan" in raised.value.message_dict
    first.member.refresh_from_db()
    assert first.member.chosen_plan is None


def test_a_plan_chosen_before_the_decision_is_used_by_it(new_application, caseworker, year2026):
    application = new_application(magi="50000", size=2)
    member = application.members.get()
    gold = _plan(2026, "Gold Choice")
    assert services.choose_plan(member=member, plan=gold, acting_user=caseworker, today=DECIDED) is None
    verify_reported(application, caseworker)

    (d,) = services.decide_application(application=application, acting_user=caseworker, today=DECIDED)

    assert (d.plan, d.plan_premium, d.plan_rule) == (gold, D("640.00"), rules.PLAN_CHOSEN)
    assert (d.premium_assistance, d.enrollee_share) == (D("375.98"), D("264.02"))


def test_the_system_deciding_is_recorded_as_the_system(new_application, caseworker):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    services.request_information(
        application=application, items="A pay stub.", acting_user=caseworker, today=date(2026, 3, 3)
    )

    services.expire_information_requests(today=date(2026, 6, 1))

    d = application.determinations.get()
    assert (d.decision, d.decided_by, d.decided_by_kind) == ("ineligible", None, rules.DECIDED_BY_SYSTEM)
    assert d.household_size == 1 and d.fpl_amount == D("15650")


def test_an_accepted_offer_keeps_its_inputs_and_ends_the_waitlist_placement(
    new_application, caseworker, year2026
):
    # given a member placed on the waitlist on March 10 (no assistance while waiting)
    set_cap(year2026, 0)
    application, waitlisted = _decided(new_application, caseworker, magi="30000", size=1)
    assert (waitlisted.assistance_rule, waitlisted.tier_rule) == (
        rules.ASSISTANCE_WAITLISTED,
        rules.TIER_NOT_IN_FORCE,
    )
    set_cap(year2026, 1)
    (offer,) = services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=date(2026, 3, 20))

    # when the offer is accepted on March 25 (coverage from April 1)
    services.accept_offer(enrollment=offer, acting_user=caseworker, today=date(2026, 3, 25))

    # then the new determination keeps its inputs and the placement ends the day before
    offer.refresh_from_db()
    approval = offer.determination
    assert (approval.fpl_amount, approval.fpl_pct, approval.benchmark_premium) == (
        D("15650"),
        D("191.69"),
        D("520"),
    )
    assert (approval.premium_assistance, approval.assistance_rule) == (D("478.31"), rules.ASSISTANCE_FORMULA)
    assert approval.enrollee_share == D("41.69")
    waitlisted.refresh_from_db()
    assert (waitlisted.superseded_on, waitlisted.ended_on) == (date(2026, 3, 25), date(2026, 3, 31))
