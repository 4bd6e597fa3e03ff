"""issue_notice: the snapshot, the recipients, the appeal deadline from the shared date rules, languages."""

from datetime import date

import pytest

from notices import types
from notices.models import Notice, NoticeRecipient
from notices.types import NoticeType, register

from .conftest import DEADLINE, NOTICE_DATE


@pytest.mark.django_db
def test_creates_a_pending_notice_with_snapshot_and_one_row_per_recipient(issue, rep_user):
    notice = issue()

    assert notice.status == Notice.Status.PENDING
    assert notice.appeal_deadline == DEADLINE
    assert notice.appeal_deadline_rule.endswith("due Mon 2026-04-06")
    assert notice.content["decision"] == "You are not eligible for the DACA Coverage Program."
    assert notice.content["appeal"]["deadline"] == "2026-04-06"
    rows = list(notice.recipients.order_by("role").values_list("role", "channel", "user", "status"))
    assert rows == [
        ("applicant", "mail", None, NoticeRecipient.Status.PENDING),
        ("representative", "portal", rep_user.pk, NoticeRecipient.Status.PENDING),
    ]
    assert notice.history.count() == 1


@pytest.mark.django_db
def test_rendering_is_queued_only_after_commit(issue, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("notices.services.queue_render", queued.append)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = issue()

    assert queued == [] and len(callbacks) == 1
    callbacks[0]()
    assert queued == [notice.pk]


@pytest.mark.parametrize(
    ("notice_date", "due"),
    [
        (date(2026, 3, 2), date(2026, 4, 1)),  # a Wednesday: no move
        (date(2026, 3, 5), date(2026, 4, 6)),  # Saturday -> Monday
        (date(2026, 10, 27), date(2026, 11, 30)),  # Thanksgiving and the Friday after, then the weekend
    ],
)
@pytest.mark.django_db
def test_appeal_deadline_counts_30_calendar_days_and_rolls_to_a_business_day(issue, notice_date, due):
    assert issue(notice_date=notice_date).appeal_deadline == due


@pytest.mark.django_db
def test_a_deadline_given_by_the_caller_is_kept(issue):
    notice = issue(appeal_deadline=date(2026, 5, 1), appeal_to="bureau")

    assert notice.appeal_deadline == date(2026, 5, 1)
    assert notice.appeal_deadline_rule == ""
    assert "final appeal" in notice.content["appeal"]["how"][0]


@pytest.mark.django_db
def test_non_appealable_notice_says_so_and_has_no_deadline(issue):
    notice = issue(
        notice_type="information_request",
        decision="We need more information to decide your application.",
        effective_date=None,
        reasons=[],
        details={"items": "Proof of New Mexico residence", "due_on": "2026-04-06"},
    )

    assert notice.appeal_deadline is None and notice.appeal_to == ""
    assert notice.effective_date == NOTICE_DATE
    assert "not a decision you can appeal" in notice.content["not_appealable"]
    rows = {r["key"]: r["value"] for r in notice.content["detail_rows"]}
    assert rows["due_on"] == "Monday, April 6, 2026"


@pytest.mark.django_db
def test_a_language_without_templates_gets_english_with_its_tagline_first(issue):
    from notices.models import Tagline

    # Changed by issue 9 item 6: Navajo and the other languages of New Mexico are seeded now.
    Tagline.objects.filter(language_code="nv").update(text="Diné tagline {phone}")

    notice = issue(language="nv")

    assert notice.language == "nv" and notice.render_language == "en"
    assert [t["code"] for t in notice.content["taglines"]] == [
        "nv",
        "en",
        "es",
        "vi",
        "zh",
        "ar",
        "tl",
        "ko",
        "de",
    ]
    assert notice.content["taglines"][0]["text"] == "Diné tagline 1-800-555-0100"


@pytest.mark.django_db
def test_a_type_registered_by_another_app_needs_no_change_in_notices(issue, monkeypatch):
    # a registry of this test's own: the made-up type does not outlive it
    monkeypatch.setattr(types, "_REGISTRY", dict(types._REGISTRY))
    register(NoticeType("test_final_decision", "Final appeal decision", appealable=False, final_action=True))

    notice = issue(notice_type="test_final_decision", reasons=["The bureau upheld the denial."])

    assert notice.notice_type == "test_final_decision"
    assert notice.appeal_deadline is None
    assert "final administrative action" in notice.content["final_action"]


@pytest.mark.parametrize(
    ("language", "count", "expedited"),
    [
        (
            "en",
            "That is 30 calendar days after the date of this notice",
            "within 3 business days and a final appeal within 5 business days",
        ),
        (
            "es",
            "Son 30 días naturales después de la fecha de este aviso",
            "en un plazo de 3 días hábiles y una apelación final en un plazo de 5 días hábiles",
        ),
    ],
)
@pytest.mark.django_db
def test_the_notice_states_the_periods_of_the_rule(issue, language, count, expedited):
    """The day counts in the wording are the rule's periods (hca_portal.dates), in each language."""
    notice = issue(language=language)

    assert count in notice.content["appeal"]["count_sentence"]
    assert expedited in notice.content["expedited_appeal_right"]
