"""The end date of coverage (rules.coverage_end) and the offer reply rules, as tables (PRODUCT P11).

An adverse end needs the guidance's advance notice (10 calendar days here, rolled past weekends and
holidays), then runs to the end of that month; a request or a death needs none. Each table has the
boundary day and the day after.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from eligibility import rules

NO_HOLIDAYS: dict = {}


@pytest.mark.parametrize(
    ("notice_date", "holidays", "last_day", "advance_due"),
    [
        # 10 days land on the last day of the month (Mon 2026-11-30): coverage ends that month ...
        (date(2026, 11, 20), NO_HOLIDAYS, date(2026, 11, 30), date(2026, 11, 30)),
        # ... a notice one day later runs into December: coverage ends on December 31.
        (date(2026, 11, 21), NO_HOLIDAYS, date(2026, 12, 31), date(2026, 12, 1)),
        # A holiday on the 10th day pushes the period, and the end, into the next month.
        (date(2026, 11, 20), {date(2026, 11, 30): "Test holiday"}, date(2026, 12, 31), date(2026, 12, 1)),
        # A period ending on Friday 2027-01-29 keeps January; on Saturday it runs to Monday, February.
        (date(2027, 1, 19), NO_HOLIDAYS, date(2027, 1, 31), date(2027, 1, 29)),
        (date(2027, 1, 20), NO_HOLIDAYS, date(2027, 2, 28), date(2027, 2, 1)),
        # Early in the month: the same month.
        (date(2026, 12, 1), NO_HOLIDAYS, date(2026, 12, 31), date(2026, 12, 11)),
    ],
)
def test_an_adverse_end_waits_for_the_advance_notice(notice_date, holidays, last_day, advance_due):
    end = rules.coverage_end(
        reason=rules.END_MOVED, notice_date=notice_date, adverse_notice_days=10, holidays=holidays
    )
    assert end.adverse
    assert end.last_day == last_day
    assert end.advance.due == advance_due
    assert end.to_data()["advance"]["code"] == "adverse_notice"


@pytest.mark.parametrize(
    "reason",
    [rules.END_DACA_ENDED, rules.END_MOVED, rules.END_OTHER_COVERAGE, rules.END_INCARCERATED],
)
def test_every_adverse_reason_needs_advance_notice(reason):
    end = rules.coverage_end(
        reason=reason, notice_date=date(2026, 11, 21), adverse_notice_days=10, holidays=NO_HOLIDAYS
    )
    assert end.adverse and end.last_day == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("days", "notice_date", "last_day"),
    [
        (0, date(2026, 11, 30), date(2026, 11, 30)),  # no advance period set: the same month
        (30, date(2026, 12, 1), date(2026, 12, 31)),  # 30 days land on Thu 2026-12-31: December
        (30, date(2026, 12, 2), date(2027, 1, 31)),  # the day after: Fri 2027-01-01, January
    ],
)
def test_the_advance_period_comes_from_guidance(days, notice_date, last_day):
    end = rules.coverage_end(
        reason=rules.END_DACA_ENDED, notice_date=notice_date, adverse_notice_days=days, holidays=NO_HOLIDAYS
    )
    assert end.last_day == last_day


@pytest.mark.parametrize(
    ("asked", "notice_date", "last_day"),
    [
        (None, date(2026, 11, 30), date(2026, 11, 30)),  # no day given: the end of the notice's month
        (date(2026, 11, 30), date(2026, 11, 30), date(2026, 11, 30)),  # today itself: no advance period
        (date(2026, 12, 1), date(2026, 11, 30), date(2026, 12, 1)),  # a later day asked for
    ],
)
def test_an_end_at_the_persons_request_needs_no_advance_period(asked, notice_date, last_day):
    end = rules.coverage_end(
        reason=rules.END_REQUEST,
        notice_date=notice_date,
        adverse_notice_days=10,
        holidays=NO_HOLIDAYS,
        last_day=asked,
    )
    assert not end.adverse and end.advance is None
    assert end.last_day == last_day


def test_a_request_cannot_end_coverage_before_the_notice():
    with pytest.raises(ValidationError) as error:
        rules.coverage_end(
            reason=rules.END_REQUEST,
            notice_date=date(2026, 11, 30),
            adverse_notice_days=10,
            holidays=NO_HOLIDAYS,
            last_day=date(2026, 11, 29),
        )
    assert "last_day" in error.value.message_dict


@pytest.mark.parametrize(
    ("died", "ok"),
    [(date(2026, 11, 30), True), (date(2026, 11, 2), True), (date(2026, 12, 1), False)],
)
def test_an_end_on_death_is_the_day_of_death_not_after_today(died, ok):
    kwargs = dict(
        reason=rules.END_DEATH,
        notice_date=date(2026, 11, 30),
        adverse_notice_days=10,
        holidays=NO_HOLIDAYS,
        last_day=died,
    )
    if ok:
        end = rules.coverage_end(**kwargs)
        assert (end.last_day, end.adverse, end.advance) == (died, False, None)
    else:
        with pytest.raises(ValidationError) as error:
            rules.coverage_end(**kwargs)
        assert "last_day" in error.value.message_dict


def test_an_end_on_death_needs_the_date():
    with pytest.raises(ValidationError) as error:
        rules.coverage_end(
            reason=rules.END_DEATH, notice_date=date(2026, 11, 30), adverse_notice_days=10, holidays={}
        )
    assert "last_day" in error.value.message_dict


@pytest.mark.parametrize(
    ("asked", "ok"),
    [(date(2026, 11, 30), True), (date(2026, 11, 29), False), (date(2027, 1, 31), True)],
)
def test_an_adverse_end_may_be_set_later_never_earlier(asked, ok):
    # notice 2026-11-20: the earliest last day is 2026-11-30
    kwargs = dict(
        reason=rules.END_OTHER_COVERAGE,
        notice_date=date(2026, 11, 20),
        adverse_notice_days=10,
        holidays=NO_HOLIDAYS,
        last_day=asked,
    )
    if ok:
        assert rules.coverage_end(**kwargs).last_day == asked
    else:
        with pytest.raises(ValidationError) as error:
            rules.coverage_end(**kwargs)
        assert "2026-11-30" in error.value.message_dict["last_day"][0]


@pytest.mark.parametrize(("allowed", "ok"), [(False, False), (True, True)])
def test_non_payment_ends_coverage_only_where_guidance_says_so(allowed, ok):
    kwargs = dict(
        reason=rules.END_NON_PAYMENT,
        notice_date=date(2026, 11, 20),
        adverse_notice_days=10,
        holidays=NO_HOLIDAYS,
        nonpayment_ends_coverage=allowed,
    )
    if ok:
        end = rules.coverage_end(**kwargs)
        assert end.adverse and end.last_day == date(2026, 11, 30)
    else:
        with pytest.raises(ValidationError) as error:
            rules.coverage_end(**kwargs)
        assert "reason_code" in error.value.message_dict


def test_an_unknown_reason_is_refused_on_its_field():
    with pytest.raises(ValidationError) as error:
        rules.coverage_end(
            reason="because", notice_date=date(2026, 11, 20), adverse_notice_days=10, holidays={}
        )
    assert "reason_code" in error.value.message_dict


def test_every_reason_code_has_plain_words():
    for code in (*rules.END_REASON_CODES, *rules.REINSTATE_REASON_CODES, rules.OFFER_LAPSED_REASON):
        assert rules.reason_text(code)


@pytest.mark.parametrize(
    ("received_on", "on_time"),
    [(date(2026, 12, 15), True), (date(2026, 12, 16), False)],  # reply-by 2026-12-15: its last day counts
)
def test_a_reply_counts_through_the_reply_by_date(received_on, on_time):
    assert rules.reply_on_time(received_on, date(2026, 12, 15)) is on_time


@pytest.mark.parametrize(
    ("today", "lapsed"),
    [(date(2026, 12, 15), False), (date(2026, 12, 16), True)],  # lapses the day after the reply-by date
)
def test_an_unanswered_offer_lapses_the_day_after_its_reply_by_date(today, lapsed):
    assert rules.offer_lapsed(date(2026, 12, 15), today) is lapsed
