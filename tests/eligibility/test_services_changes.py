"""Reported changes and corrections (PRODUCT P11): a change opens work with its own due date;
applying it writes the facts with who and why and redetermines the case with a change notice."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from eligibility import services
from eligibility.models import Application, ChangeKind, ReportedChange

from ..factories import pdf_file, verify_reported

pytestmark = pytest.mark.django_db

DECIDED = date(2026, 3, 10)  # coverage from 2026-04-01


@pytest.fixture
def decided(new_application, caseworker):
    """Ana, alone in her household at $30,000: eligible from 2026-04-01, with assistance."""
    application = new_application(magi="30000.00")
    verify_reported(application, caseworker)
    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=DECIDED
    )
    assert determination.decision == "eligible"
    return application


def kind(code):
    return ChangeKind.objects.get(code=code)


def test_a_reported_change_opens_work_due_in_30_days(decided, applicant_user):
    Application.objects.filter(pk=decided.pk).update(applicant_user=applicant_user)
    decided.refresh_from_db()

    change = services.report_change(
        application=decided,
        kind=kind("income"),
        facts={"annual_magi": Decimal("45000")},
        event_on=date(2026, 4, 15),
        acting_user=applicant_user,
        today=date(2026, 4, 20),
        uploads=(("income", SimpleUploadedFile("stub.pdf", pdf_file(), "application/pdf")),),
    )

    assert change.source == ReportedChange.Source.APPLICANT
    assert change.state == "reported"
    assert change.due_on == date(2026, 5, 20)  # Wed 2026-04-20 + 30 calendar days
    assert change.due_rule["code"] == "change_processing"
    assert change.documents.get().kind == "income"
    decided.refresh_from_db()
    assert decided.next_due_on == date(2026, 5, 20)
    assert decided.annual_magi == Decimal("30000.00")  # nothing written until a caseworker applies it


def test_applying_an_adverse_change_redetermines_with_a_change_notice_after_the_notice_window(
    decided, caseworker
):
    change = services.report_change(
        application=decided,
        kind=kind("income"),
        facts={"annual_magi": "45000.00"},
        event_on=date(2026, 4, 15),
        acting_user=caseworker,
        today=date(2026, 4, 16),
    )
    before = decided.determinations.get()

    (determination,) = services.apply_change(change=change, acting_user=caseworker, today=date(2026, 4, 21))

    # then: more income, less assistance: adverse. The rule gives May 1; notice 04-21 + 10 days ends
    # on Fri 05-01, so the change takes effect on June 1.
    change.refresh_from_db()
    assert change.adverse is True
    assert change.effective_date == date(2026, 6, 1)
    assert determination.effective_date == date(2026, 6, 1)
    assert determination.supersedes == before
    assert determination.premium_assistance < before.premium_assistance
    assert change.previous == {"annual_magi": "30000.00"}
    assert list(change.determinations.all()) == [determination]
    decided.refresh_from_db()
    assert decided.annual_magi == Decimal("45000.00")
    assert decided.next_due_on is None
    notice = decided.notices.get(notice_type="change")
    assert notice.effective_date == date(2026, 6, 1)
    assert "Annual household income (MAGI): 30000.00 → 45000.00" in notice.content["details"]["what_changed"]
    assert notice.appeal_deadline is not None  # appeal rights


def test_a_favourable_change_takes_effect_by_the_rule(decided, caseworker):
    change = services.report_change(
        application=decided,
        kind=kind("income"),
        facts={"annual_magi": "20000.00"},
        event_on=date(2026, 4, 15),
        acting_user=caseworker,
        today=date(2026, 4, 30),
    )
    (determination,) = services.apply_change(change=change, acting_user=caseworker, today=date(2026, 4, 30))
    assert (determination.effective_date, change.__class__.objects.get().adverse) == (date(2026, 5, 1), False)


def test_other_coverage_ends_eligibility_and_settles_the_criterion_again(decided, caseworker):
    member = decided.members.get()
    change = services.record_change(
        application=decided,
        kind=kind("other_coverage"),
        member=member,
        facts={"has_other_coverage": True},
        event_on=date(2026, 5, 2),
        acting_user=caseworker,
        today=date(2026, 5, 4),
        apply_now=True,
    )
    determination = change.determinations.get()
    assert determination.decision == "ineligible"
    assert determination.reason_codes == ["other_coverage_found"]
    assert member.findings.get(criterion="no_other_coverage").recorded_by == caseworker
    assert change.effective_date == date(2026, 6, 1)  # rule: June 1; notice 05-04 + 10 = 05-14


def test_a_correction_keeps_who_and_why(decided, caseworker):
    change = services.record_change(
        application=decided,
        kind=kind("intake_correction"),
        facts={"household_size": 2},
        event_on=date(2026, 4, 20),
        why="Intake typed 1; the application lists 2 people.",
        acting_user=caseworker,
        today=date(2026, 4, 20),
    )

    assert change.state == "applied"
    assert (change.applied_by, change.reported_by) == (caseworker, caseworker)
    decided.refresh_from_db()
    assert decided.household_size == 2
    record = decided.history.latest()
    assert record.history_user == caseworker
    assert record.history_change_reason.startswith("Correction (intake_correction): Intake typed 1")
    assert change.history.filter(history_user=caseworker).exists()


def test_a_correction_needs_its_why(decided, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.record_change(
            application=decided,
            kind=kind("intake_correction"),
            facts={"household_size": 2},
            event_on=date(2026, 4, 20),
            acting_user=caseworker,
            today=date(2026, 4, 20),
        )
    assert set(exc.value.message_dict) == {"why"}
    assert not ReportedChange.objects.exists()


def test_bad_input_names_the_field_and_saves_nothing(decided, caseworker):
    documents = decided.documents.count()
    with pytest.raises(ValidationError) as exc:
        services.report_change(
            application=decided,
            kind=kind("income"),
            facts={"annual_magi": ""},
            event_on=date(2026, 4, 21),
            acting_user=caseworker,
            today=date(2026, 4, 20),
        )
    assert set(exc.value.message_dict) == {"annual_magi", "event_on"}

    # a file that is not a PDF, JPEG or PNG: refused on the file, and the change is not kept either
    with pytest.raises(ValidationError):
        services.report_change(
            application=decided,
            kind=kind("income"),
            facts={"annual_magi": "40000"},
            event_on=date(2026, 4, 15),
            acting_user=caseworker,
            today=date(2026, 4, 20),
            uploads=(("income", SimpleUploadedFile("stub.pdf", b"not a pdf", "application/pdf")),),
        )
    assert not ReportedChange.objects.exists()
    assert decided.documents.count() == documents
    decided.refresh_from_db()
    assert decided.next_due_on is None


def test_a_member_change_names_its_member(decided, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.report_change(
            application=decided,
            kind=kind("incarceration"),
            facts={"is_incarcerated": True},
            event_on=date(2026, 4, 15),
            acting_user=caseworker,
            today=date(2026, 4, 20),
        )
    assert set(exc.value.message_dict) == {"member"}


def test_who_may_report_and_apply(decided, caseworker, applicant_user, representative, appeals_officer):
    # a stranger to the case may not report; the applicant of another case neither
    with pytest.raises(PermissionDenied):
        services.report_change(
            application=decided,
            kind=kind("income"),
            facts={"annual_magi": "40000"},
            event_on=date(2026, 4, 15),
            acting_user=applicant_user,
            today=date(2026, 4, 20),
        )
    services.designate_representative(
        application=decided,
        representative=representative,
        kind="navigator",
        starts_on=date(2026, 4, 1),
        acting_user=caseworker,
    )
    change = services.report_change(
        application=decided,
        kind=kind("income"),
        facts={"annual_magi": "40000"},
        event_on=date(2026, 4, 15),
        acting_user=representative,
        today=date(2026, 4, 20),
    )
    assert change.source == "representative"
    with pytest.raises(PermissionDenied):
        services.apply_change(change=change, acting_user=representative, today=date(2026, 4, 20))
    with pytest.raises(PermissionDenied):
        services.apply_change(change=change, acting_user=appeals_officer, today=date(2026, 4, 20))


def test_a_change_is_applied_once(decided, caseworker):
    change = services.report_change(
        application=decided,
        kind=kind("income"),
        facts={"annual_magi": "20000"},
        event_on=date(2026, 4, 15),
        acting_user=caseworker,
        today=date(2026, 4, 20),
    )
    services.apply_change(change=change, acting_user=caseworker, today=date(2026, 4, 20))
    with pytest.raises(ValidationError) as exc:
        services.apply_change(change=change, acting_user=caseworker, today=date(2026, 4, 20))
    assert set(exc.value.message_dict) == {"state"}


def test_a_death_ends_the_members_eligibility_the_next_day(new_application, caseworker):
    from ..factories import member_input

    application = new_application(size=2, members=[member_input("Ana"), member_input("Luis")])
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=DECIDED)
    luis = application.members.get(first_name="Luis")

    change = services.record_change(
        application=application,
        kind=kind("death"),
        member=luis,
        facts={},
        event_on=date(2026, 5, 3),
        acting_user=caseworker,
        today=date(2026, 5, 4),
        apply_now=True,
    )

    ended = [d for d in change.determinations.all() if d.member_id == luis.pk]
    assert [(d.decision, d.effective_date) for d in ended] == [("ineligible", date(2026, 5, 4))]
    luis.refresh_from_db()
    application.refresh_from_db()
    assert (luis.is_applying, application.household_size) == (False, 1)
    assert luis.enrollments.get().state == "terminated"


def test_dismissing_a_change_closes_its_work(decided, caseworker):
    change = services.report_change(
        application=decided,
        kind=kind("income"),
        facts={"annual_magi": "30000"},
        event_on=date(2026, 4, 15),
        acting_user=caseworker,
        today=date(2026, 4, 20),
    )
    services.dismiss_change(change=change, acting_user=caseworker, why="Same income as on file.")
    change.refresh_from_db()
    decided.refresh_from_db()
    assert (change.state, decided.next_due_on) == ("dismissed", None)
