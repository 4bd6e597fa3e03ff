"""Ends of coverage, reinstatements, answers to offers and the lapse sweep (issue 10 items 4-5; P4, P11).

An adverse end waits for the advance notice of the guidance and keeps the appeal rights; an end at
the person's request needs no advance period; every end offers the freed place at once; a
reinstatement restores coverage, even over the cap; an offer's reply-by date comes from guidance;
staff record answers received by phone or mail; unanswered offers lapse by a sweep that is safe to
run twice, passes the place on, and is not stopped by one failing offer.
"""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from eligibility import selectors, services
from eligibility.models import Enrollment, EnrollmentState
from eligibility.services import cap as cap_services
from eligibility.tasks import lapse_unanswered_offers
from hca_portal.dates import LOCAL_TZ

from ..conftest import set_cap
from ..factories import verify_reported

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def _decided(new_application, caseworker, *, magi="30000.00"):
    application = new_application(magi=magi)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=TODAY)
    return application


def _place(application) -> Enrollment:
    return Enrollment.objects.filter(member__application=application).latest("created_at")


@pytest.fixture
def one_slot_two_waiting(new_application, caseworker, year2026):
    set_cap(year2026, 1)
    holder = _decided(new_application, caseworker)
    first = _decided(new_application, caseworker)
    second = _decided(new_application, caseworker)
    assert [_place(a).state for a in (holder, first, second)] == ["enrolled", "waitlisted", "waitlisted"]
    return holder, first, second


def test_an_adverse_end_gives_advance_notice_and_appeal_rights(one_slot_two_waiting, caseworker):
    holder, first, _second = one_slot_two_waiting

    # when: ended on Fri 2026-03-20 because the person moved out of state
    services.terminate_enrollment(
        enrollment=_place(holder),
        reason_code="end_moved_out_of_state",
        acting_user=caseworker,
        today=date(2026, 3, 20),
    )

    # then: 10 days' notice land on Mon 2026-03-30, so coverage runs to the end of March
    place = _place(holder)
    assert (place.state, place.ended_on) == (EnrollmentState.TERMINATED, date(2026, 3, 31))
    assert (place.end_reason, place.end_notice_on) == ("end_moved_out_of_state", date(2026, 3, 20))
    assert place.end_rule["advance"]["due"] == "2026-03-30"
    last = place.history.first()
    assert (last.history_user, last.history_change_reason) == (
        caseworker,
        "Coverage ended: end_moved_out_of_state",
    )
    notice = holder.notices.get(notice_type="termination")
    content = notice.content
    assert notice.notice_date == date(2026, 3, 20)
    assert content["effective_date"] == "2026-03-31"
    assert "March 31, 2026" in content["decision"]
    assert "moved out of New Mexico" in " ".join(content["reasons"])
    assert "10 calendar days" in content["details"]["advance_notice"]
    assert content["appeal"]["appealable"] and content["appeal"]["deadline"]
    # and the freed slot is offered at once to the first in line
    assert _place(first).state == EnrollmentState.OFFERED
    assert first.notices.filter(notice_type="slot_offer").count() == 1


def test_an_end_one_day_later_runs_to_the_next_month(one_slot_two_waiting, caseworker):
    holder, _first, _second = one_slot_two_waiting
    services.terminate_enrollment(
        enrollment=_place(holder),
        reason_code="end_daca_ended",
        acting_user=caseworker,
        today=date(2026, 3, 22),
    )
    # 10 days from Sun 2026-03-22 land on Wed 2026-04-01: April is the last month covered
    assert _place(holder).ended_on == date(2026, 4, 30)


def test_an_end_at_the_persons_request_needs_no_advance_period(one_slot_two_waiting, caseworker):
    holder, first, _second = one_slot_two_waiting

    services.terminate_enrollment(
        enrollment=_place(holder),
        reason_code="end_request",
        last_day=date(2026, 3, 25),
        acting_user=caseworker,
        today=date(2026, 3, 20),
    )

    place = _place(holder)
    assert place.ended_on == date(2026, 3, 25) and place.end_rule["advance"] is None
    content = holder.notices.get(notice_type="termination").content
    assert "advance_notice" not in content["details"]
    assert "You asked us to end your coverage." in content["reasons"]
    assert _place(first).state == EnrollmentState.OFFERED


def test_a_bad_end_names_its_field_and_saves_nothing(one_slot_two_waiting, caseworker):
    holder, first, _second = one_slot_two_waiting
    with pytest.raises(ValidationError) as error:
        services.terminate_enrollment(
            enrollment=_place(holder), reason_code="end_non_payment", acting_user=caseworker, today=TODAY
        )
    assert "reason_code" in error.value.message_dict
    assert _place(holder).state == EnrollmentState.ENROLLED
    assert _place(first).state == EnrollmentState.WAITLISTED
    assert not holder.notices.filter(notice_type="termination").exists()


def test_non_payment_ends_coverage_where_guidance_says_so(one_slot_two_waiting, caseworker, year2026):
    holder, _first, _second = one_slot_two_waiting
    year2026.guidance_versions.update(nonpayment_ends_coverage=True)
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_non_payment", acting_user=caseworker, today=TODAY
    )
    assert _place(holder).state == EnrollmentState.TERMINATED


def test_a_reinstatement_restores_coverage_over_the_cap_and_the_offer_stands(
    one_slot_two_waiting, caseworker
):
    holder, first, second = one_slot_two_waiting
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_other_coverage", acting_user=caseworker, today=TODAY
    )
    assert _place(first).state == EnrollmentState.OFFERED

    # when: the end was a mistake (the other coverage never started)
    services.reinstate_enrollment(
        enrollment=_place(holder),
        reason_code="reinstate_ended_in_error",
        acting_user=caseworker,
        today=date(2026, 3, 12),
    )

    # then: coverage continues with no gap, with its own notice
    place = _place(holder)
    assert (place.state, place.ended_on, place.end_reason) == (EnrollmentState.ENROLLED, None, "")
    assert place.reinstated_on == date(2026, 3, 12)
    assert "over the cap" in place.history.first().history_change_reason
    notice = holder.notices.get(notice_type="reinstatement")
    assert notice.content["effective_date"] == "2026-04-01"  # the day after the cancelled last day
    assert "ended by mistake" in " ".join(notice.content["reasons"])
    # the offer made meanwhile stands; the year is over its cap and offers nothing more
    assert _place(first).state == EnrollmentState.OFFERED
    assert selectors.cap_summary(_place(holder).plan_year, TODAY)["held"] == 2
    assert services.promote_waitlist(plan_year=place.plan_year, acting_user=caseworker, today=TODAY) == []
    assert _place(second).state == EnrollmentState.WAITLISTED


def test_only_ended_coverage_is_reinstated(one_slot_two_waiting, caseworker):
    holder, _first, _second = one_slot_two_waiting
    with pytest.raises(ValidationError) as error:
        services.reinstate_enrollment(
            enrollment=_place(holder),
            reason_code="reinstate_ended_in_error",
            acting_user=caseworker,
            today=TODAY,
        )
    assert "state" in error.value.message_dict
    assert not holder.notices.filter(notice_type="reinstatement").exists()


def test_the_reply_by_date_comes_from_guidance(one_slot_two_waiting, caseworker, year2026):
    holder, first, _second = one_slot_two_waiting
    year2026.guidance_versions.update(offer_reply_days=20)
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_request", acting_user=caseworker, today=date(2026, 3, 20)
    )
    # 20 days from Fri 2026-03-20: Thu 2026-04-09
    assert _place(first).reply_by == date(2026, 4, 9)


def _offered(one_slot_two_waiting, caseworker):
    holder, first, second = one_slot_two_waiting
    services.terminate_enrollment(
        enrollment=_place(holder), reason_code="end_request", acting_user=caseworker, today=TODAY
    )
    offer = _place(first)
    assert offer.reply_by == date(2026, 3, 25)  # 15 days from Tue 2026-03-10
    return first, second, offer


def test_staff_record_a_reply_received_by_mail_on_the_last_day(one_slot_two_waiting, caseworker):
    first, _second, offer = _offered(one_slot_two_waiting, caseworker)

    services.accept_offer(
        enrollment=offer,
        acting_user=caseworker,
        today=date(2026, 3, 25),
        channel="mail",
        received_on=date(2026, 3, 25),
    )

    offer.refresh_from_db()
    assert (offer.state, offer.reply_channel, offer.replied_on) == ("enrolled", "mail", date(2026, 3, 25))
    assert offer.history.filter(
        history_change_reason="Offer accepted (mail)", history_user=caseworker
    ).exists()
    assert first.notices.filter(notice_type="approval").count() == 1  # after the waitlist notice


def test_a_reply_received_after_the_reply_by_date_is_refused(one_slot_two_waiting, caseworker):
    _first, _second, offer = _offered(one_slot_two_waiting, caseworker)
    with pytest.raises(ValidationError) as error:
        services.accept_offer(
            enrollment=offer,
            acting_user=caseworker,
            today=date(2026, 3, 26),
            channel="phone",
            received_on=date(2026, 3, 26),
        )
    assert "received_on" in error.value.message_dict
    offer.refresh_from_db()
    assert offer.state == EnrollmentState.OFFERED and offer.reply_channel == ""


def test_a_declined_offer_passes_to_the_next_in_line(one_slot_two_waiting, caseworker):
    _first, second, offer = _offered(one_slot_two_waiting, caseworker)
    services.decline_offer(enrollment=offer, acting_user=caseworker, today=date(2026, 3, 12), channel="phone")
    offer.refresh_from_db()
    assert (offer.state, offer.reply_channel) == ("declined", "phone")
    assert _place(second).state == EnrollmentState.OFFERED


def test_the_lapse_sweep_passes_the_place_on_and_is_safe_to_run_twice(one_slot_two_waiting, caseworker):
    first, second, offer = _offered(one_slot_two_waiting, caseworker)

    # the reply-by day itself: nothing lapses
    assert services.lapse_offers(today=date(2026, 3, 25)).lapsed == []
    # the day after: the offer lapses, with an appealable notice, and the next in line is offered
    result = services.lapse_offers(today=date(2026, 3, 26))

    assert result.lapsed == [offer.pk] and result.failed == []
    offer.refresh_from_db()
    assert offer.state == EnrollmentState.LAPSED
    content = first.notices.get(notice_type="offer_lapsed").content
    assert content["appeal"]["appealable"] and content["appeal"]["deadline"]
    assert "March 25, 2026" in content["decision"]
    assert _place(second).state == EnrollmentState.OFFERED
    assert second.notices.filter(notice_type="slot_offer").count() == 1

    # run again: nothing more
    again = services.lapse_offers(today=date(2026, 3, 26))
    assert again.lapsed == [] and again.failed == []
    assert first.notices.filter(notice_type="offer_lapsed").count() == 1
    assert second.notices.filter(notice_type="slot_offer").count() == 1


def test_one_failing_offer_does_not_stop_the_sweep(new_application, caseworker, year2026, monkeypatch):
    # given: two offers past their reply-by date
    set_cap(year2026, 0)
    broken, fine = _decided(new_application, caseworker), _decided(new_application, caseworker)
    set_cap(year2026, 2)
    offers = services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=TODAY)
    assert len(offers) == 2
    real_notify = cap_services._notify

    def notify(application, **kwargs):
        if application.pk == broken.pk:
            raise RuntimeError("renderer down for this one")
        return real_notify(application, **kwargs)

    monkeypatch.setattr(cap_services, "_notify", notify)

    # when: the sweep runs and one offer fails
    result = services.lapse_offers(today=date(2026, 3, 26))

    # then: the other lapsed; the failing one is untouched but marked, and retried next time
    assert result.lapsed == [_place(fine).pk] and result.failed == [_place(broken).pk]
    assert _place(fine).state == EnrollmentState.LAPSED
    assert _place(broken).state == EnrollmentState.OFFERED and _place(broken).sweep_failed_at is not None
    assert not broken.notices.filter(notice_type="offer_lapsed").exists()
    monkeypatch.setattr(cap_services, "_notify", real_notify)
    retry = services.lapse_offers(today=date(2026, 3, 27))
    assert retry.lapsed == [_place(broken).pk]
    assert _place(broken).sweep_failed_at is None


def test_the_lapse_sweep_runs_daily_from_celery_beat(one_slot_two_waiting, caseworker, settings):

    first, second, offer = _offered(one_slot_two_waiting, caseworker)
    schedule = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "eligibility.tasks.lapse_unanswered_offers" in schedule

    with time_machine.travel(datetime(2026, 3, 26, 1, 20, tzinfo=LOCAL_TZ), tick=False):
        assert lapse_unanswered_offers.delay().get() == {"lapsed": 1, "failed": 0}

    assert _place(second).state == EnrollmentState.OFFERED


def test_a_spanish_termination_counts_the_advance_notice_in_spanish(new_application, caseworker, year2026):
    # Ended on Mon 2026-11-16: 10 days land on Thanksgiving (Thu 2026-11-26), then the day after and
    # the weekend; the count names the days it skipped in the reader's language.
    set_cap(year2026, None)
    application = new_application(preferred_language="es")
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=TODAY)

    services.terminate_enrollment(
        enrollment=_place(application),
        reason_code="end_incarcerated",
        acting_user=caseworker,
        today=date(2026, 11, 16),
    )

    place = _place(application)
    assert place.ended_on == date(2026, 11, 30)  # the period runs to Mon 2026-11-30
    counted = application.notices.get(notice_type="termination").content["details"]["advance_notice"]
    assert counted.startswith("desde lun 2026-11-16; 10 días naturales; cae en jue 2026-11-26")
    assert "Acción de Gracias" in counted and "sábado" in counted and "vence el lun 2026-11-30" in counted
