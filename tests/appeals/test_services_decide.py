"""Decisions at both levels, the final appeal window, and reversals carried out on the case."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from appeals.models import State
from appeals.services import AppealRequest, DeterminationChange, decide_appeal, file_final_appeal
from eligibility.selectors import current_determination

pytestmark = pytest.mark.django_db

DECIDED_ON = date(2026, 3, 25)  # Wed; final appeal window: +30 = Fri 2026-04-24


@pytest.fixture
def upheld(file_online, appeals_officer):
    appeal = file_online()
    return decide_appeal(
        appeal=appeal,
        outcome="upheld",
        reasons="The income was counted right.",
        acting_user=appeals_officer,
        today=DECIDED_ON,
    )


def test_upheld_decision_notice_tells_how_to_file_a_final_appeal(upheld):
    assert upheld.state == State.DECIDED
    assert upheld.new_determination is None
    assert upheld.final_appeal_due_on == date(2026, 4, 24)
    notice = upheld.decision_notice
    assert notice.notice_type == "appeal_first_level_decision"
    assert (notice.appeal_deadline, notice.appeal_to) == (date(2026, 4, 24), "bureau")
    assert upheld.events.last().notice == notice


def test_reversal_creates_a_new_determination_with_its_notice(file_online, appeals_officer, denied_case):
    application, determination, _ = denied_case
    appeal = file_online()

    decide_appeal(
        appeal=appeal,
        outcome="reversed",
        reasons="The household income was counted twice.",
        change=DeterminationChange(decision="eligible", effective_date=date(2026, 4, 1)),
        acting_user=appeals_officer,
        today=DECIDED_ON,
    )

    new = current_determination(determination.member)
    assert new == appeal.new_determination
    assert (new.decision, new.supersedes, new.reason_codes) == (
        "eligible",
        determination,
        ["appeal_reversed"],
    )
    assert application.notices.filter(notice_type__in=["approval", "waitlist"]).exists()
    assert application.notices.filter(notice_type="appeal_first_level_decision").count() == 1


@pytest.mark.parametrize(
    ("outcome", "change", "field"),
    [
        ("reversed", None, "decision"),
        ("modified", None, "decision"),
        ("upheld", DeterminationChange(decision="eligible", effective_date=date(2026, 4, 1)), "outcome"),
        ("granted", None, "outcome"),
        ("reversed", DeterminationChange(decision="maybe", effective_date=date(2026, 4, 1)), "decision"),
    ],
)
def test_decision_errors_name_the_field(file_online, appeals_officer, outcome, change, field):
    with pytest.raises(ValidationError) as raised:
        decide_appeal(
            appeal=file_online(),
            outcome=outcome,
            reasons="r",
            change=change,
            acting_user=appeals_officer,
            today=DECIDED_ON,
        )
    assert field in raised.value.message_dict


def test_a_decided_appeal_cannot_be_decided_again(upheld, appeals_officer):
    with pytest.raises(ValidationError) as raised:
        decide_appeal(
            appeal=upheld,
            outcome="reversed",
            reasons="r",
            acting_user=appeals_officer,
            today=DECIDED_ON,
            change=DeterminationChange(decision="eligible", effective_date=date(2026, 4, 1)),
        )
    assert "state" in raised.value.message_dict


def test_final_appeal_on_the_last_day_is_timely(upheld, applicant_user):
    final = file_final_appeal(
        parent=upheld,
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=date(2026, 4, 24),
    )
    assert final.state == State.SCREENED
    assert final.filing_deadline == date(2026, 4, 24)
    assert final.decision_due_on == date(2026, 6, 8)  # Fri 4-24 + 45 = Mon 6-8
    assert final.decision_due_rule == "final_decision"
    assert final.notice_appealed == upheld.decision_notice


def test_final_appeal_the_day_after_is_late(upheld, applicant_user):
    final = file_final_appeal(
        parent=upheld,
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=date(2026, 4, 25),
    )
    assert final.state == State.LATE


def test_expedited_final_appeal_is_due_in_five_business_days(upheld, applicant_user):
    final = file_final_appeal(
        parent=upheld,
        request=AppealRequest(issues=["eligibility_status"], expedite_reason="Surgery scheduled"),
        acting_user=applicant_user,
        today=date(2026, 4, 3),
    )
    assert final.decision_due_on == date(2026, 4, 10)  # Fri 4-3 + 5 business days


def test_bureau_reversal_is_final_and_carried_out(
    upheld, applicant_user, bureau_reviewer, appeals_officer, denied_case
):
    determination = denied_case[1]
    final = file_final_appeal(
        parent=upheld,
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=date(2026, 4, 1),
    )
    with pytest.raises(PermissionDenied):
        decide_appeal(
            appeal=final, outcome="upheld", reasons="r", acting_user=appeals_officer, today=date(2026, 4, 20)
        )

    decide_appeal(
        appeal=final,
        outcome="modified",
        reasons="Eligible from May.",
        change=DeterminationChange(decision="eligible", effective_date=date(2026, 5, 1)),
        acting_user=bureau_reviewer,
        today=date(2026, 4, 20),
    )

    assert final.state == State.CLOSED
    assert final.decision_notice.notice_type == "appeal_final_decision"
    assert final.decision_notice.appeal_deadline is None
    assert final.decision_notice.content["final_action"]
    new = current_determination(determination.member)
    assert (new.decision, new.effective_date, new.reason_codes) == (
        "eligible",
        date(2026, 5, 1),
        ["appeal_modified"],
    )


def test_no_final_appeal_from_a_full_reversal(file_online, appeals_officer, applicant_user):
    appeal = decide_appeal(
        appeal=file_online(),
        outcome="reversed",
        reasons="r",
        acting_user=appeals_officer,
        today=DECIDED_ON,
        change=DeterminationChange(decision="eligible", effective_date=date(2026, 4, 1)),
    )
    with pytest.raises(ValidationError) as raised:
        file_final_appeal(
            parent=appeal,
            request=AppealRequest(issues=["eligibility_status"]),
            acting_user=applicant_user,
            today=date(2026, 4, 1),
        )
    assert "parent" in raised.value.message_dict


def test_no_final_appeal_before_the_first_level_ends(file_online, applicant_user):
    with pytest.raises(ValidationError) as raised:
        file_final_appeal(
            parent=file_online(),
            request=AppealRequest(issues=["eligibility_status"]),
            acting_user=applicant_user,
            today=date(2026, 3, 30),
        )
    assert "parent" in raised.value.message_dict


def test_only_one_live_final_appeal(upheld, applicant_user):
    file_final_appeal(
        parent=upheld,
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as raised:
        file_final_appeal(
            parent=upheld,
            request=AppealRequest(issues=["eligibility_status"]),
            acting_user=applicant_user,
            today=date(2026, 4, 2),
        )
    assert "parent" in raised.value.message_dict
