"""Date rules of 8.401.2.12 E NMAC under NMSA 12-2A-7 / Rule 1-006 NMRA (hca_portal.dates).

Expected dates are worked out by hand; the holiday mapping comes from the same
package the state-holiday table is seeded from, so these tests need no database.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine

from hca_portal import dates as D
from hca_portal.dates import (
    APPEAL_FILING,
    FINAL_APPEAL_FILING,
    FINAL_DECISION,
    FINAL_DECISION_EXPEDITED,
    FIRST_LEVEL_DECISION,
    FIRST_LEVEL_DECISION_EXPEDITED,
    PERIODS,
    add_business_days,
    add_calendar_days,
    business_days_before,
    deadline,
    is_business_day,
    is_late,
    local_today,
    next_business_day_on_or_after,
)

NM = dict(holidays.US(subdiv="NM", years=range(2025, 2031)))

# (period, event day, due day, what the case covers)
TABLE = [
    # appeal filing: 30 calendar days from the notice date
    (APPEAL_FILING, date(2026, 11, 2), date(2026, 12, 2), "plain, across a month end"),
    (APPEAL_FILING, date(2026, 10, 26), date(2026, 11, 25), "Wednesday before Thanksgiving"),
    (APPEAL_FILING, date(2026, 10, 27), date(2026, 11, 30), "lands on Thanksgiving"),
    (APPEAL_FILING, date(2026, 10, 28), date(2026, 11, 30), "lands on the Friday after Thanksgiving"),
    (APPEAL_FILING, date(2026, 10, 29), date(2026, 11, 30), "lands on Saturday"),
    (APPEAL_FILING, date(2026, 10, 30), date(2026, 11, 30), "lands on Sunday"),
    (APPEAL_FILING, date(2026, 11, 25), date(2026, 12, 28), "lands on Christmas (Friday)"),
    (APPEAL_FILING, date(2026, 12, 2), date(2027, 1, 4), "lands on New Year's Day, year end"),
    (APPEAL_FILING, date(2028, 1, 30), date(2028, 2, 29), "Sunday notice, lands on Feb 29"),
    (APPEAL_FILING, date(2028, 1, 31), date(2028, 3, 1), "leap February"),
    (APPEAL_FILING, date(2027, 1, 31), date(2027, 3, 2), "non-leap February"),
    (APPEAL_FILING, date(2026, 10, 12), date(2026, 11, 12), "lands on Veterans Day"),
    (APPEAL_FILING, date(2026, 9, 12), date(2026, 10, 13), "lands on Indigenous Peoples' Day"),
    (APPEAL_FILING, date(2025, 12, 20), date(2026, 1, 20), "lands on MLK Day, across a year end"),
    # first-level decision: 20 calendar days from receipt
    (FIRST_LEVEL_DECISION, date(2026, 11, 5), date(2026, 11, 25), "Wednesday before Thanksgiving"),
    (FIRST_LEVEL_DECISION, date(2026, 11, 6), date(2026, 11, 30), "lands on Thanksgiving"),
    (FIRST_LEVEL_DECISION, date(2026, 12, 11), date(2026, 12, 31), "lands on Dec 31"),
    (FIRST_LEVEL_DECISION, date(2026, 12, 12), date(2027, 1, 4), "lands on New Year's Day"),
    (FIRST_LEVEL_DECISION, date(2028, 2, 9), date(2028, 2, 29), "lands on Feb 29"),
    (FIRST_LEVEL_DECISION, date(2027, 2, 8), date(2027, 3, 1), "lands on Sunday Feb 28"),
    (FIRST_LEVEL_DECISION, date(2027, 12, 4), date(2027, 12, 27), "Christmas observed Friday"),
    (FIRST_LEVEL_DECISION, date(2027, 12, 11), date(2028, 1, 3), "New Year's observed Dec 31"),
    (FIRST_LEVEL_DECISION, date(2025, 10, 22), date(2025, 11, 12), "lands on Veterans Day (Tuesday)"),
    # first-level decision, expedited: 3 business days
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 11, 20), date(2026, 11, 25), "Friday receipt"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 11, 21), date(2026, 11, 25), "Saturday receipt"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 11, 23), date(2026, 11, 30), "across Thanksgiving"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 11, 24), date(2026, 12, 1), "across Thanksgiving"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 11, 25), date(2026, 12, 2), "Thanksgiving + Friday"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 12, 23), date(2026, 12, 29), "across Christmas"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 12, 29), date(2027, 1, 4), "across New Year's Day"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 1, 16), date(2026, 1, 22), "across MLK Day"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 10, 9), date(2026, 10, 15), "across Indigenous Peoples' Day"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2026, 11, 9), date(2026, 11, 13), "across Veterans Day"),
    (FIRST_LEVEL_DECISION_EXPEDITED, date(2028, 2, 26), date(2028, 3, 1), "across Feb 29"),
    # final appeal filing: 30 calendar days from the first-level decision or the vendor delay
    (FINAL_APPEAL_FILING, date(2026, 11, 30), date(2026, 12, 30), "plain"),
    (FINAL_APPEAL_FILING, date(2026, 12, 1), date(2026, 12, 31), "lands on Dec 31"),
    (FINAL_APPEAL_FILING, date(2026, 12, 2), date(2027, 1, 4), "lands on New Year's Day"),
    (FINAL_APPEAL_FILING, date(2027, 11, 24), date(2027, 12, 27), "Christmas observed Friday"),
    (FINAL_APPEAL_FILING, date(2028, 1, 27), date(2028, 2, 28), "lands on Saturday in a leap February"),
    (FINAL_APPEAL_FILING, date(2028, 10, 11), date(2028, 11, 13), "Veterans Day observed Friday"),
    # final decision: 45 calendar days from receipt
    (FINAL_DECISION, date(2026, 11, 2), date(2026, 12, 17), "plain"),
    (FINAL_DECISION, date(2026, 11, 10), date(2026, 12, 28), "lands on Christmas"),
    (FINAL_DECISION, date(2026, 11, 16), date(2026, 12, 31), "lands on Dec 31"),
    (FINAL_DECISION, date(2026, 11, 17), date(2027, 1, 4), "lands on New Year's Day"),
    (FINAL_DECISION, date(2028, 1, 15), date(2028, 2, 29), "lands on Feb 29"),
    (FINAL_DECISION, date(2026, 8, 28), date(2026, 10, 13), "lands on Indigenous Peoples' Day"),
    (FINAL_DECISION, date(2025, 12, 5), date(2026, 1, 20), "lands on MLK Day"),
    (FINAL_DECISION, date(2026, 10, 13), date(2026, 11, 30), "lands on the Friday after Thanksgiving"),
    # final decision, expedited: 5 business days
    (FINAL_DECISION_EXPEDITED, date(2026, 11, 20), date(2026, 12, 1), "across Thanksgiving"),
    (FINAL_DECISION_EXPEDITED, date(2026, 12, 21), date(2026, 12, 29), "across Christmas"),
    (FINAL_DECISION_EXPEDITED, date(2027, 12, 27), date(2028, 1, 4), "New Year's observed Dec 31"),
    (FINAL_DECISION_EXPEDITED, date(2028, 2, 23), date(2028, 3, 1), "across Feb 29"),
    (FINAL_DECISION_EXPEDITED, date(2029, 11, 6), date(2029, 11, 14), "Veterans Day observed Monday"),
    (FINAL_DECISION_EXPEDITED, date(2026, 1, 9), date(2026, 1, 16), "the Friday before MLK Day"),
]


@pytest.mark.parametrize(
    ("period", "start", "due"),
    [pytest.param(p, s, d, id=f"{p.code}-{s}-{why}") for p, s, d, why in TABLE],
)
def test_deadline_table(period, start, due):
    result = deadline(start, period, NM)

    assert result.due == due
    assert result.start == start and result.period == period
    assert is_business_day(result.due, NM)
    # the boundary day is on time, the day after is late
    assert not is_late(due, result.due)
    assert is_late(due + timedelta(days=1), result.due)


def test_table_covers_every_appeal_clock():
    covered = {p.code for p, *_ in TABLE}
    assert covered == {
        APPEAL_FILING.code,
        FIRST_LEVEL_DECISION.code,
        FIRST_LEVEL_DECISION_EXPEDITED.code,
        FINAL_APPEAL_FILING.code,
        FINAL_DECISION.code,
        FINAL_DECISION_EXPEDITED.code,
    }
    assert len(TABLE) >= 45


def test_periods_registry():
    assert PERIODS["appeal_filing"] is APPEAL_FILING
    assert {(p.code, p.days, p.business) for p in PERIODS.values()} >= {
        ("information_response", 30, False),
        ("dismissal_vacate", 30, False),
        ("reminder_lead", 2, True),
    }


def test_calendar_period_does_not_skip_holidays_inside_it():
    # 30 days over Thanksgiving, the Friday after and two weekends: every day counts.
    assert add_calendar_days(date(2026, 11, 2), 30, NM).due == date(2026, 12, 2)


def test_add_business_days_matches_named_period():
    assert add_business_days(date(2026, 11, 25), 3, NM).due == date(2026, 12, 2)
    assert add_business_days(date(2026, 11, 20), 0, NM).due == date(2026, 11, 20)


def test_negative_period_is_refused():
    with pytest.raises(ValueError):
        add_calendar_days(date(2026, 11, 2), -1, NM)


def test_skipped_days_name_the_reason():
    result = deadline(date(2026, 10, 27), APPEAL_FILING, NM)

    assert result.skipped == (
        (date(2026, 11, 26), "Thanksgiving Day"),
        (date(2026, 11, 27), NM[date(2026, 11, 27)]),
        (date(2026, 11, 28), "Saturday"),
        (date(2026, 11, 29), "Sunday"),
    )


def test_holiday_on_a_weekend_is_skipped_as_the_weekend_day():
    # Christmas 2027 is a Saturday; it is observed Friday Dec 24.
    result = add_calendar_days(date(2027, 11, 24), 30, NM)

    assert [r for _, r in result.skipped] == [NM[date(2027, 12, 24)], "Saturday", "Sunday"]


@pytest.mark.parametrize(
    ("result", "text"),
    [
        (
            deadline(date(2026, 11, 2), APPEAL_FILING, NM),
            "notice dated Mon 2026-11-02; 30 calendar days; lands on Wed 2026-12-02; due Wed 2026-12-02",
        ),
        (
            deadline(date(2026, 10, 29), APPEAL_FILING, NM),
            "notice dated Thu 2026-10-29; 30 calendar days; lands on Sat 2026-11-28; "
            "Saturday, Sunday skipped; due Mon 2026-11-30",
        ),
        (
            deadline(date(2026, 11, 20), FIRST_LEVEL_DECISION_EXPEDITED, NM),
            "received Fri 2026-11-20; 3 business days; due Wed 2026-11-25",
        ),
        (
            deadline(date(2026, 11, 25), FIRST_LEVEL_DECISION_EXPEDITED, NM),
            "received Wed 2026-11-25; 3 business days; Thanksgiving Day, Presidents' Day skipped; "
            "due Wed 2026-12-02",
        ),
        (
            deadline(date(2026, 11, 30), FINAL_APPEAL_FILING, NM),
            "counted from Mon 2026-11-30; 30 calendar days; lands on Wed 2026-12-30; due Wed 2026-12-30",
        ),
    ],
)
def test_explain_english(result, text):
    assert result.explain() == text


def test_explain_spanish():
    result = deadline(date(2026, 10, 29), APPEAL_FILING, NM)

    assert result.explain("es") == (
        "aviso con fecha del jue 2026-10-29; 30 días naturales; cae en sáb 2026-11-28; "
        "días omitidos: sábado, domingo; vence el lun 2026-11-30"
    )
    assert (
        deadline(date(2026, 11, 20), FINAL_DECISION_EXPEDITED, NM)
        .explain("es")
        .startswith("recibida el vie 2026-11-20; 5 días hábiles; días omitidos: Thanksgiving Day")
    )


def test_explain_refuses_unknown_language():
    with pytest.raises(ValueError):
        deadline(date(2026, 11, 2), APPEAL_FILING, NM).explain("fr")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 25), True),  # Wednesday
        (date(2026, 11, 26), False),  # Thanksgiving
        (date(2026, 11, 27), False),  # the Friday after (NMSA 12-5-2)
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 11, 30), True),  # Monday
        (date(2026, 12, 24), True),  # not a state holiday in 2026
    ],
)
def test_is_business_day(day, expected):
    assert is_business_day(day, NM) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 25), date(2026, 11, 25)),
        (date(2026, 11, 26), date(2026, 11, 30)),
        (date(2027, 12, 24), date(2027, 12, 27)),
        (date(2027, 12, 31), date(2028, 1, 3)),
    ],
)
def test_next_business_day_on_or_after(day, expected):
    assert next_business_day_on_or_after(day, NM) == expected


@pytest.mark.parametrize(
    ("due", "reminder"),
    [
        (date(2026, 12, 2), date(2026, 11, 30)),  # Wednesday -> Monday
        (date(2026, 11, 30), date(2026, 11, 24)),  # back over Thanksgiving and the weekend
        (date(2026, 11, 25), date(2026, 11, 23)),
        (date(2027, 1, 4), date(2026, 12, 30)),  # back over New Year's Day
        (date(2028, 3, 1), date(2028, 2, 28)),  # Feb 29 counts
    ],
)
def test_business_days_before_for_reminders(due, reminder):
    assert business_days_before(due, D.REMINDER_LEAD.days, NM) == reminder


DENVER = ZoneInfo("America/Denver")


@pytest.mark.parametrize(
    ("now", "today"),
    [
        # winter, MST = UTC-7: the boundary instant is local midnight
        (datetime(2026, 11, 21, 6, 59, 59, tzinfo=UTC), date(2026, 11, 20)),
        (datetime(2026, 11, 21, 7, 0, 0, tzinfo=UTC), date(2026, 11, 21)),
        # summer, MDT = UTC-6
        (datetime(2026, 7, 1, 5, 59, 59, tzinfo=UTC), date(2026, 6, 30)),
        (datetime(2026, 7, 1, 6, 0, 0, tzinfo=UTC), date(2026, 7, 1)),
        (datetime(2026, 12, 31, 23, 59, tzinfo=DENVER), date(2026, 12, 31)),
    ],
)
def test_local_today(now, today):
    assert local_today(now) == today


def test_local_today_defaults_to_now():
    with time_machine.travel(datetime(2027, 1, 1, 3, 0, tzinfo=UTC), tick=False):
        assert local_today() == date(2026, 12, 31)


def test_local_today_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        local_today(datetime(2026, 11, 21, 12, 0))
