"""The appeals daily sweep (PRODUCT P8): vendor delays, their notices, reminders.

(Eligibility sweeps its own timers, the requests for information, with its own task:
``eligibility.tasks.daily_sweep``.)

Set-based and idempotent. Each part finds its rows with one indexed query, locks
them with ``select_for_update(skip_locked=True)`` (two sweeps at once split the
work instead of doubling it) and writes with a few set-based statements whose
number does not grow with the rows. Notices and reminder emails go out afterwards
through tasks that take ids and lock their rows, so running the sweep twice sends
one notice and one email.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hca_portal.calendar import holidays_between
from hca_portal.failures import reason_of
from hca_portal.history import copy_to_history

from .. import notifying, rules
from ..choices import FIRST_LEVEL_CLOCK_STATES
from ..models import CLOCK_STATES, Appeal, AppealEvent, Level, Reminder, State, reference_of
from ._common import HORIZON, Change, refresh_clocks

log = logging.getLogger(__name__)

DELAY_REASON = "No first-level decision by the due date (vendor delay)"
NOTICE_CHUNK = 200
REMINDER_CHUNK = 500


@dataclass(frozen=True)
class SweepResult:
    vendor_delayed: int
    delay_notices_queued: int
    reminders_queued: int


def run_daily_sweep(*, today: date) -> SweepResult:
    """Run every part; each commits on its own, so one failing part does not undo the others."""
    delayed = mark_vendor_delays(today=today)
    queued = queue_delay_notices()
    reminded = queue_reminders(today=today)
    result = SweepResult(len(delayed), queued, reminded)
    log.info("appeals daily sweep %s: %s", today.isoformat(), result)
    return result


@transaction.atomic
def mark_vendor_delays(*, today: date) -> list:
    """First-level appeals whose decision due date has passed with no decision become vendor-delayed
    (late filings awaiting a good-cause decision included: their clock runs from receipt too).

    The 30 days to file a final appeal count from the missed due date (8.401.2.12 E(5)); the
    window is written by ``rules.clock_fields`` like every other clock.
    """
    rows = list(
        Appeal.objects.select_for_update(skip_locked=True)
        .filter(level=Level.FIRST, state__in=FIRST_LEVEL_CLOCK_STATES, decision_due_on__lt=today)
        .only("pk", "level", "state", "expedite", "decision_due_on")
        .order_by("decision_due_on")
    )
    # The query narrows by the index; the rule itself decides (the day after the due date).
    rows = [r for r in rows if rules.is_vendor_delayed(r.decision_due_on, today)]
    if not rows:
        return []
    due_dates = sorted({r.decision_due_on for r in rows})
    holidays = holidays_between(due_dates[0], due_dates[-1] + HORIZON)
    fields = {
        d: rules.clock_fields(
            rules.ClockFacts(
                level=Level.FIRST, state=State.VENDOR_DELAYED, decision_due_on=d, vendor_delayed_on=today
            ),
            holidays,
        )
        for d in due_dates
    }
    before = {r.pk: r.state for r in rows}
    for row in rows:
        row.mark_vendor_delayed(on=today)  # the machine still decides: raises for a row it does not allow
    now = timezone.now()
    # One UPDATE per distinct missed due date: bounded by the days since the last sweep, not by rows.
    for due, clock in fields.items():
        Appeal.objects.filter(pk__in=[r.pk for r in rows if r.decision_due_on == due]).update(
            state=State.VENDOR_DELAYED, vendor_delayed_on=today, updated_at=now, **clock
        )
    ids = [r.pk for r in rows]
    copy_to_history(Appeal, ids, reason=DELAY_REASON, when=now)
    AppealEvent.objects.bulk_create(
        AppealEvent(
            appeal_id=pk,
            name="mark_vendor_delayed",
            from_state=state,
            to_state=State.VENDOR_DELAYED,
            reason=DELAY_REASON,
            on=today,
        )
        for pk, state in before.items()
    )
    return ids


def queue_delay_notices() -> int:
    """Queue the vendor-delay notices not yet issued (normally those just marked), in chunks of ids;
    those that failed before go last, so one stuck appeal is never first in every batch."""
    from ..tasks import issue_delay_notices

    ids = [
        str(pk)
        for pk in Appeal.objects.filter(state=State.VENDOR_DELAYED, delay_notice__isnull=True)
        .order_by(F("notice_error_at").asc(nulls_first=True), "vendor_delayed_on", "pk")
        .values_list("pk", flat=True)
    ]
    for start in range(0, len(ids), NOTICE_CHUNK):
        chunk = ids[start : start + NOTICE_CHUNK]
        transaction.on_commit(lambda chunk=chunk: issue_delay_notices.delay(chunk))
    return len(ids)


@transaction.atomic
def issue_vendor_delay_notice(*, appeal_id, today: date):
    """Tell the appellant they may file a final appeal, and by when. Once per appeal.

    The window never ends sooner than 30 days after this notice's date (rules.clock_fields)."""
    appeal = Appeal.objects.select_for_update().filter(pk=appeal_id).first()
    if appeal is None or appeal.state != State.VENDOR_DELAYED or appeal.delay_notice_id is not None:
        return None
    change = Change(appeal, user=None, reason="Vendor-delay notice issued", today=today)
    change.note("vendor_delay_notice")
    appeal.delay_notice_on = today
    refresh_clocks(appeal)
    notice = notifying.notify(
        appeal,
        code=notifying.VENDOR_DELAY,
        decision=_("Your first-level appeal was not decided by its due date. You may file a final appeal."),
        reasons=[appeal.decision_due_explain, appeal.final_appeal_due_explain],
        acting_user=None,
        today=today,
        details={"decision_due_on": appeal.decision_due_on, "due_rule": appeal.final_appeal_due_explain},
        appeal_deadline=appeal.final_appeal_due_on,
        appeal_to="bureau",
    )
    appeal.delay_notice = notice
    appeal.notice_error, appeal.notice_error_at = "", None
    change.save(notice=notice)
    return notice


def record_notice_failure(*, appeal_id, error: Exception) -> None:
    """A notice could not be issued for this appeal: keep why (no personal data: the field errors
    or the error's kind), for supervisors to see; the next sweep tries again."""
    log.warning("vendor-delay notice for appeal %s not issued: %s", appeal_id, type(error).__name__)
    Appeal.objects.filter(pk=appeal_id).update(notice_error=reason_of(error), notice_error_at=timezone.now())


def queue_reminders(*, today: date) -> int:
    """One reminder row per assigned appeal and due date, 2 business days ahead (a late sweep still
    catches up before the due date); the unsent ones are queued for delivery by workers."""
    from ..tasks import deliver_reminders

    already = Reminder.objects.filter(appeal=OuterRef("pk"), due_on=OuterRef("decision_due_on"))
    due = (
        Appeal.objects.filter(
            state__in=CLOCK_STATES,
            assigned_to__isnull=False,
            remind_on__lte=today,
            decision_due_on__gte=today,
        )
        .exclude(Exists(already))
        .values_list("pk", "decision_due_on", "remind_on", "assigned_to_id")
    )
    # ignore_conflicts: a sweep running at the same moment may have inserted the same row.
    Reminder.objects.bulk_create(
        [Reminder(appeal_id=a, due_on=d, remind_on=r, recipient_id=u) for a, d, r, u in due],
        ignore_conflicts=True,
    )
    ids = list(
        Reminder.objects.filter(sent_at__isnull=True, remind_on__lte=today, due_on__gte=today).values_list(
            "pk", flat=True
        )
    )
    for start in range(0, len(ids), REMINDER_CHUNK):
        chunk = ids[start : start + REMINDER_CHUNK]
        transaction.on_commit(lambda chunk=chunk: deliver_reminders.delay(chunk, today.isoformat()))
    return len(ids)


@transaction.atomic
def deliver_reminders(*, reminder_ids: list[int], today: date) -> int:
    """Email the assignees of these reminders, each at most once (rows locked, skipped if taken)."""
    pending = list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=reminder_ids, sent_at__isnull=True, due_on__gte=today)
        .select_related("recipient")
        .only("id", "due_on", "appeal_id", "recipient__email")
    )
    if not pending:
        return 0
    messages = [_reminder_email(r) for r in pending if r.recipient is not None and r.recipient.email]
    get_connection().send_messages(messages)
    Reminder.objects.filter(pk__in=[r.pk for r in pending]).update(sent_at=timezone.now())
    return len(messages)


def _reminder_email(reminder: Reminder) -> EmailMessage:
    """Only the appeal reference, the due date and the link: no personal data (P7)."""
    reference = reference_of(reminder.appeal_id)
    body = (
        f"Appeal {reference} has a decision due on {reminder.due_on.isoformat()}.\n"
        f"Open it in the portal: /appeals/{reminder.appeal_id}/\n"
    )
    return EmailMessage(
        subject=f"Decision due {reminder.due_on.isoformat()}: appeal {reference}",
        body=body,
        to=[reminder.recipient.email],
    )
