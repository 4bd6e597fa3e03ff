"""The dismissal notice says by when and how to ask to reopen, in the reader's language
(issue 9 item 6, dismissal bullet; 45 CFR 155.530(d): a written request showing good cause)."""

from datetime import date

import pytest

from appeals.models import Appeal
from appeals.services import withdraw_appeal
from eligibility.models import Application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "last_day_label", "last_day", "how_label", "how"),
    [
        (
            "en",
            "Last day to ask to reopen",
            "Monday, July 6, 2026",  # Wed 06-03 + 30 = Fri 07-03 (Independence Day observed) -> Mon 07-06
            "How to ask to reopen",
            ["by Monday, July 6, 2026", "good cause", "by fax to 1-800-555-0101", "P.O. Box 2348"],
        ),
        (
            "es",
            "Último día para pedir la reapertura",
            "lunes 6 de julio de 2026",
            "Cómo pedir la reapertura",
            ["a más tardar el lunes 6 de julio de 2026", "causa justificada", "por fax al 1-800-555-0101"],
        ),
    ],
)
def test_dismissal_notice_gives_the_last_day_and_how_to_ask(
    file_online, applicant_user, language, last_day_label, last_day, how_label, how
):
    appeal = file_online()
    Application.objects.filter(pk=appeal.application_id).update(preferred_language=language)

    withdraw_appeal(
        appeal=Appeal.objects.get(pk=appeal.pk), acting_user=applicant_user, today=date(2026, 6, 3)
    )

    notice = appeal.application.notices.get(notice_type="appeal_dismissal")
    rows = {row["label"]: row["value"] for row in notice.content["detail_rows"]}
    assert rows[last_day_label] == last_day
    assert "2026-07-06" not in rows[last_day_label]
    for words in how:
        assert words in rows[how_label], words
    if language == "es":
        assert notice.content["reasons"][0] == "Retirada por el apelante"
