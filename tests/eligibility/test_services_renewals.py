"""Renewal for a new plan year: once per household, failures recorded and retried, the cap's held
places both ways, notices with the new year's figures (PRODUCT P11)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from eligibility import selectors, services
from eligibility.models import (
    Application,
    CriterionFinding,
    Determination,
    EnrollmentState,
    FindingStatus,
    Guidance,
    Renewal,
    RenewalFailure,
    RenewalStatus,
)
from notices.models import Notice
from tests.conftest import set_cap
from tests.factories import member_input, plan_year, verify_reported

pytestmark = pytest.mark.django_db

DECIDED = date(2026, 3, 10)  # coverage from April 1, 2026
RUN_DAY = date(2026, 11, 16)  # the 2027 guidance is in: renewals start
NEW_YEAR = date(2027, 1, 1)


@pytest.fixture
def year2027(db):
    return plan_year(2027)


@pytest.fixture
def enrolled(new_application, caseworker, year2026):
    """A household enrolled in 2026 (decided in March, under the 2026 guidance)."""

    def make(magi="30000.00"):
        application = new_application(magi=magi)
        verify_reported(application, caseworker)
        services.decide_application(application=application, acting_user=caseworker, today=DECIDED)
        return application

    return make


def _run(year, admin):
    return services.start_renewal_run(plan_year=year, acting_user=admin, today=RUN_DAY)


def _renew_all(run, today=RUN_DAY):
    return [
        services.renew_household(renewal_id=pk, today=today)
        for pk in run.renewals.filter(status=RenewalStatus.PENDING).values_list("pk", flat=True)
    ]


def _enrollment(application, year):
    return application.members.get().enrollments.get(plan_year=year)


def test_every_enrolled_household_is_renewed_once_under_the_new_guidance(
    enrolled, new_application, caseworker, program_admin, year2026, year2027
):
    # given: two enrolled households, one denied, one still in review
    first, second = enrolled(), enrolled("20000.00")
    denied = enrolled("90000.00")
    new_application()

    # when: the program administrator starts the run, and each household's job runs
    run = _run(year2027, program_admin)
    _renew_all(run)

    # then: only the enrolled households were to renew, and each is renewed into 2027
    assert set(run.renewals.values_list("application_id", flat=True)) == {first.pk, second.pk}
    assert selectors.renewal_progress(run) | {"percent_done": None} == {
        "total": 2,
        "renewed": 2,
        "failed": 0,
        "skipped": 0,
        "remaining": 0,
        "percent_done": None,
    }
    for application in (first, second):
        new = _enrollment(application, year2027)
        assert new.state == EnrollmentState.ENROLLED and new.effective_date == NEW_YEAR
        assert new.determination.guidance.plan_year == year2027
        assert new.determination.supersedes == _enrollment(application, year2026).determination
        # the 2026 coverage runs to the end of its year
        assert _enrollment(application, year2026).state == EnrollmentState.ENROLLED
        assert application.notices.filter(notice_type="renewal").count() == 1
    assert not denied.renewals.exists()


def test_starting_again_and_running_a_job_twice_change_nothing(enrolled, program_admin, year2027):
    # given: a household renewed
    household = enrolled()
    run = _run(year2027, program_admin)
    (renewal,) = _renew_all(run)
    determinations, notices = Determination.objects.count(), Notice.objects.count()

    # when: the run is started again and the job is delivered a second time
    again = _run(year2027, program_admin)
    second = services.renew_household(renewal_id=renewal.pk, today=RUN_DAY)

    # then: the same run, the same one row, nothing renewed twice
    assert again.pk == run.pk
    assert second is None
    assert Renewal.objects.filter(application=household).count() == 1
    assert (Determination.objects.count(), Notice.objects.count()) == (determinations, notices)


def test_a_household_enrolled_after_the_start_is_added_by_starting_again(enrolled, program_admin, year2027):
    enrolled()
    run = _run(year2027, program_admin)
    later = enrolled("25000.00")

    _run(year2027, program_admin)

    assert run.renewals.count() == 2 and later.renewals.get().run == run


def test_a_failure_is_recorded_with_its_code_the_run_goes_on_and_a_retry_renews(
    enrolled, caseworker, program_admin, year2027
):
    # given: a household whose residency now needs information, and another in order
    stuck, fine = enrolled(), enrolled("25000.00")
    CriterionFinding.objects.filter(member__application=stuck, criterion="residency").update(
        status=FindingStatus.NEEDS_INFORMATION, reason_code="residency_needs_proof"
    )
    run = _run(year2027, program_admin)

    # when: the jobs run
    _renew_all(run)

    # then: the stuck one failed with its code (nothing of its renewal saved), the other is renewed
    failed = stuck.renewals.get()
    assert (failed.status, failed.reason_code, failed.attempts) == (
        RenewalStatus.FAILED,
        RenewalFailure.CRITERIA_UNSETTLED,
        1,
    )
    assert not stuck.notices.filter(notice_type="renewal").exists()
    assert not stuck.members.get().enrollments.filter(plan_year=year2027).exists()
    assert fine.renewals.get().status == RenewalStatus.RENEWED
    assert list(selectors.renewal_failures(run)) == [failed]

    # when: the information comes in (the finding is met again) and a supervisor retries
    CriterionFinding.objects.filter(member__application=stuck, criterion="residency").update(
        status=FindingStatus.MET, reason_code="resident_attested"
    )
    assert services.retry_renewals(run=run, renewal_ids=[failed.pk], acting_user=program_admin) == 1
    _renew_all(run)

    # then: renewed on the second attempt
    failed.refresh_from_db()
    assert (failed.status, failed.reason_code, failed.attempts) == (RenewalStatus.RENEWED, "", 2)
    assert _enrollment(stuck, year2027).state == EnrollmentState.ENROLLED


def test_a_household_no_longer_enrolled_when_its_job_runs_is_skipped(
    enrolled, caseworker, program_admin, year2026, year2027
):
    household = enrolled()
    run = _run(year2027, program_admin)
    services.terminate_enrollment(
        enrollment=_enrollment(household, year2026),
        reason_code="end_request",
        acting_user=caseworker,
        today=date(2026, 11, 17),
    )

    _renew_all(run)

    assert household.renewals.get().status == RenewalStatus.SKIPPED
    assert not household.notices.filter(notice_type="renewal").exists()


def test_renewal_notice_gives_the_new_years_figures(enrolled, program_admin, year2027):
    household = enrolled("30000.00")
    _renew_all(_run(year2027, program_admin))

    notice = household.notices.get(notice_type="renewal")
    determination = _enrollment(household, year2027).determination
    # 30,000 for one person against the 2027 table's 15,960: 187.97% of FPL (2026: 191.69%)
    assert determination.fpl_pct == Decimal("187.97")
    guidance = Guidance.objects.get(plan_year=year2027)
    assert determination.guidance == guidance
    assert notice.effective_date == NEW_YEAR and notice.notice_date == RUN_DAY
    assert notice.content["details"]["fpl_pct"] == "187.97"
    assert notice.content["details"]["premium_assistance"] == str(determination.premium_assistance)
    assert notice.content["details"]["oop_tier"] == determination.oop_tier == "Silver 87"
    assert notice.appeal_deadline is not None


def _waiting_new_applicant(new_application, caseworker, year2027, *, minute=0):
    """A new applicant for 2027, decided in December: coverage would start on January 1."""
    application = new_application(plan_year=year2027, received_on=date(2026, 12, 1), magi="20000.00")
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=date(2026, 12, 2))
    return application


@pytest.mark.parametrize("hold", [True, False])
def test_renewing_enrollees_hold_their_place_before_new_applicants_only_when_the_guidance_says_so(
    hold, enrolled, new_application, caseworker, program_admin, year2027
):
    # given: the 2027 cap is full and a new applicant waits for a place
    household = enrolled()
    guidance = set_cap(year2027, 1)
    Guidance.objects.filter(pk=guidance.pk).update(renewals_hold_place=hold)
    _waiting_new_applicant(new_application, caseworker, year2027)  # takes the one slot
    waiting = _waiting_new_applicant(new_application, caseworker, year2027)
    assert _enrollment(waiting, year2027).state == EnrollmentState.WAITLISTED
    set_cap(year2027, 2)  # one more slot, and the newcomer is still waiting (no sweep ran)

    # when: the household is renewed
    _renew_all(_run(year2027, program_admin))

    # then: with its place held, the renewal takes the open slot ahead of the one waiting;
    # without, it waits behind them, in the order of its renewal
    renewed = _enrollment(household, year2027)
    if hold:
        assert renewed.state == EnrollmentState.ENROLLED
        assert household.notices.filter(notice_type="renewal").count() == 1
    else:
        assert renewed.state == EnrollmentState.WAITLISTED
        assert list(selectors.waitlist(year2027)) == [_enrollment(waiting, year2027), renewed]
        assert household.notices.filter(notice_type="waitlist").count() == 1


@pytest.mark.parametrize("hold", [True, False])
def test_a_place_still_to_renew_is_kept_from_a_new_applicant_only_when_held(
    hold, enrolled, new_application, caseworker, program_admin, year2027
):
    # given: one slot in 2027 and a household whose renewal has not run yet
    household = enrolled()
    guidance = set_cap(year2027, 1)
    Guidance.objects.filter(pk=guidance.pk).update(renewals_hold_place=hold)
    run = _run(year2027, program_admin)

    # when: a new applicant is decided for 2027 before the renewal's job runs
    newcomer = _waiting_new_applicant(new_application, caseworker, year2027)
    _renew_all(run)

    # then: the held place goes to the renewing household; otherwise to whoever came first
    expected = (
        (EnrollmentState.WAITLISTED, EnrollmentState.ENROLLED)
        if hold
        else (EnrollmentState.ENROLLED, EnrollmentState.WAITLISTED)
    )
    assert (_enrollment(newcomer, year2027).state, _enrollment(household, year2027).state) == expected


def test_a_run_needs_the_new_years_guidance_and_a_year_before(program_admin, year2026, year2027):
    from django.core.exceptions import ValidationError

    Guidance.objects.filter(plan_year=year2027).delete()
    with pytest.raises(ValidationError) as missing:
        _run(year2027, program_admin)
    assert "effective_date" in missing.value.message_dict
    with pytest.raises(ValidationError) as first_year:
        _run(year2026, program_admin)
    assert "plan_year" in first_year.value.message_dict


def test_jobs_lost_in_a_crash_are_sent_again_once_the_run_has_stalled(enrolled, program_admin, year2027):
    # given: a run of three households whose jobs were sent at 9:00 and never ran (a worker died)
    for magi in ("20000.00", "25000.00", "30000.00"):
        enrolled(magi)
    run = _run(year2027, program_admin)
    nine = datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("America/Denver"))
    assert len(services.claim_renewals(run=run, now=nine)) == 3

    # then: sent once, they are not sent again while the run moves
    assert services.claim_renewals(run=run, now=nine + timedelta(minutes=5)) == []
    first = run.renewals.first()
    services.renew_household(renewal_id=first.pk, today=RUN_DAY)
    Renewal.objects.filter(pk=first.pk).update(finished_at=nine + timedelta(minutes=6))
    assert services.claim_renewals(run=run, now=nine + timedelta(minutes=12)) == []

    # when: nothing finishes for ten minutes, the sweep sends the two left again, once
    later = nine + timedelta(minutes=17)
    again = services.claim_renewals(run=run, now=later)
    assert len(again) == 2 and first.pk not in again
    assert services.claim_renewals(run=run, now=later + timedelta(minutes=1)) == []


def test_the_sweep_resumes_every_run_with_households_left(enrolled, program_admin, year2027):
    enrolled()
    run = _run(year2027, program_admin)

    # the dispatcher never ran (its process died before the commit's callbacks): the sweep sends them
    sent = services.resume_stalled_renewals(now=timezone.now())

    assert sent == 1 and run.renewals.get().queued_at is not None
    assert services.resume_stalled_renewals(now=timezone.now()) == 0


def test_a_member_found_ineligible_at_renewal_keeps_the_old_years_coverage_to_its_end(
    enrolled, program_admin, caseworker, year2026, year2027
):
    # given: a household renewed into 2027, whose income then rises above the 2027 limit
    household = enrolled()
    _renew_all(_run(year2027, program_admin))
    Application.objects.filter(pk=household.pk).update(annual_magi=Decimal("90000.00"))

    # when: it is redetermined for the renewal again
    services.reevaluate(
        application=household,
        acting_user=program_admin,
        today=date(2026, 11, 20),
        effective_date=NEW_YEAR,
        reason="Renewed for plan year 2027",
        notice_type="renewal",
        renewal=True,
    )

    # then: the 2027 place ends; the 2026 coverage runs to the end of 2026 (not terminated)
    assert household.members.get().enrollments.get(plan_year=year2027).state == EnrollmentState.TERMINATED
    assert _enrollment(household, year2026).state == EnrollmentState.ENROLLED
    denial = household.notices.filter(notice_type="renewal").order_by("-created_at").first()
    assert denial.decision == "Not eligible" and denial.effective_date == NEW_YEAR


def test_the_places_held_are_the_members_enrolled_until_their_household_is_renewed(
    new_application, caseworker, program_admin, year2027
):
    # given: a household of two, both enrolled in 2026
    household = new_application(members=[member_input("Ana"), member_input("Luis")], size=2)
    verify_reported(household, caseworker)
    services.decide_application(application=household, acting_user=caseworker, today=DECIDED)

    # when: the run starts, then its job runs
    run = _run(year2027, program_admin)
    held_before = selectors.places_held_for_renewal(year2027)
    _renew_all(run)

    # then: two places held while it waits, none once renewed
    assert run.renewals.get().places == 2
    assert (held_before, selectors.places_held_for_renewal(year2027)) == (2, 0)
