"""Appeals of eligibility and assistance decisions (8.401.2.12 E(1), (3)-(5) NMAC; PRODUCT P6).

An ``Appeal`` is one request for review at one level: first level (the vendor's
impartial member) or final (the HCA health care affordability bureau). Its life
is two state machines on protected fields:

- ``state``: received -> screened (timely) | late -> good cause claimed ->
  screened | dismissed; incomplete -> received (cured) | dismissed; screened ->
  under review -> decided (first level) | closed (final level, the final
  administrative action); first level past its due date -> vendor delayed ->
  (late decision) decided | escalated (a final appeal was filed); any open
  state -> dismissed (withdrawn); dismissed -> screened (vacated on good cause).
- ``expedite``: none -> requested -> granted | denied.

Transitions change only fields of ``self``. Services (``appeals.services``) set
due dates, write the event row and history (actor and reason), and issue notices.
Every due date is a column stored with the rule that produced it, so the daily
sweep finds what is due with one indexed query.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from eligibility.models import (
    Application,
    CriterionFinding,
    Determination,
    EvidenceDocument,
    InformationRequest,
)
from hca_portal.counting import explain_count_lazy

from .choices import (  # noqa: F401 - re-exported: other apps import them from appeals.models
    CLOCK_STATES,
    FIRST_LEVEL_CLOCK_STATES,
    FIRST_LEVEL_DECIDABLE,
    OPEN_STATES,
    WITHDRAWABLE,
    AppealChannel,
    AppellantKind,
    DismissalReason,
    Expedite,
    Issue,
    Level,
    Outcome,
    State,
)


def reference_of(pk) -> str:
    """The short reference staff and appellants quote (no personal data)."""
    return "A-" + str(pk).split("-")[0].upper()


def _is_first(appeal) -> bool:
    return appeal.level == Level.FIRST


def _is_final(appeal) -> bool:
    return appeal.level == Level.FINAL


def _is_open(appeal) -> bool:
    return appeal.state in OPEN_STATES


def _may_decide(appeal, user) -> bool:
    return appeal.may_be_decided_by(user)


def _may_assign(appeal, user) -> bool:
    return appeal.may_assign(user)


def _is_screening_staff(appeal, user) -> bool:
    return bool(user and (user.has_perm("appeals.log_appeal") or user.has_perm(appeal.decide_permission)))


def _acts_for_appellant(appeal, user) -> bool:
    """The applicant, their active representative, or staff who log what the appellant sends by
    mail, fax, phone or in person. Not the deciders: they never act for the appellant."""
    if user and user.has_perm("appeals.log_appeal"):
        return True
    return appeal.is_appellant_side(user)


def _screens_or_acts_for_appellant(appeal, user) -> bool:
    return _is_screening_staff(appeal, user) or _acts_for_appellant(appeal, user)


# --- Who may decide an appeal, and be assigned it: the one rule (PRODUCT P6, P7) ----------------
#
# An appeal is decided by someone holding its level's permission (an impartial member of the
# vendor for the first level, the bureau for the final one) who took no part in what it reviews.
# The queues (``AppealQuerySet.decidable_by``), the buttons and the transitions
# (``Appeal.may_be_decided_by``), the assignee list (``Appeal.deciders``) and the services all
# read it from here.

DECIDE_PERMISSIONS = {
    Level.FIRST: "appeals.decide_first_level_appeal",
    Level.FINAL: "appeals.decide_final_appeal",
}
ASSIGN_PERMISSION = "appeals.assign_appeal"


def _ways_of_taking_part(*, user, determination, application, parent) -> list[Exists]:
    """One test per way of taking part in what an appeal reviews, each true when ``user`` did.

    Whoever decided the determination, the case's assignee, anyone who recorded or changed a
    finding on the member or requested information on the case; for a final appeal also the
    first-level decider and assignee. Each argument is a value or an ``OuterRef``: the same tests
    filter appeals for one user (the queues) and users for one appeal (who may be assigned), and
    each is its own NOT EXISTS, found through its own index (no OR across them).
    """
    ways = [
        Exists(Determination.objects.filter(pk=determination, decided_by=user)),
        Exists(Application.objects.filter(pk=application, assigned_to=user)),
        Exists(CriterionFinding.objects.filter(member__determinations=determination, recorded_by=user)),
        Exists(CriterionFinding.history.filter(member__determinations=determination, history_user=user)),
        Exists(InformationRequest.objects.filter(application=application, requested_by=user)),
    ]
    if parent is not None:
        ways += [
            Exists(Appeal.objects.filter(pk=parent, decided_by=user)),
            Exists(Appeal.objects.filter(pk=parent, assigned_to=user)),
        ]
    return ways


class AppealQuerySet(models.QuerySet):
    def decidable_by(self, user) -> AppealQuerySet:
        """The appeals ``user`` may decide: of a level whose permission they hold, about a decision
        they took no part in. Whatever the state: callers add the states they show."""
        if user is None or not user.is_authenticated:
            return self.none()
        levels = [level for level, perm in DECIDE_PERMISSIONS.items() if user.has_perm(perm)]
        if not levels:
            return self.none()
        appeals = self.filter(level__in=levels)
        for took_part in _ways_of_taking_part(
            user=user.pk,
            determination=OuterRef("determination_id"),
            application=OuterRef("application_id"),
            parent=OuterRef("parent_id"),
        ):
            appeals = appeals.exclude(took_part)
        return appeals


class Appeal(ConcurrentTransitionMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    level = models.CharField(max_length=5, choices=Level.choices, default=Level.FIRST)
    application = models.ForeignKey(
        "eligibility.Application", on_delete=models.PROTECT, related_name="appeals"
    )
    determination = models.ForeignKey(
        "eligibility.Determination", on_delete=models.PROTECT, related_name="appeals"
    )
    notice_appealed = models.ForeignKey(
        "notices.Notice", on_delete=models.PROTECT, related_name="appeals", null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="final_appeals",
        help_text=_("For a final appeal: the first-level appeal it follows."),
    )
    state = FSMField(default=State.RECEIVED, choices=State.choices, protected=True)
    expedite = FSMField(default=Expedite.NONE, choices=Expedite.choices, protected=True)

    # Who appeals, how, and about what.
    appellant_kind = models.CharField(max_length=15, choices=AppellantKind.choices)
    appellant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appellant_name = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=10, choices=AppealChannel.choices)
    received_on = models.DateField(help_text=_("The day the appeal was received, whatever the channel."))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issues = models.JSONField(default=list, help_text=_("Codes from Issue."))
    statement = models.TextField(blank=True, help_text=_("The appellant's reasons, in their words."))
    expedite_reason = models.TextField(blank=True)
    good_cause_statement = models.TextField(blank=True)
    missing_items = models.TextField(blank=True, help_text=_("What an incomplete appeal lacks."))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Due dates: each a column, with its count as data (hca_portal.dates.Deadline.to_data: the rule
    # code, the start, the days skipped), explained in the reader's language when read.
    filing_deadline = models.DateField()
    filing_deadline_rule = models.CharField(max_length=40)
    filing_deadline_count = models.JSONField(default=dict, blank=True)
    decision_clock_start = models.DateField(null=True, blank=True)
    decision_due_on = models.DateField(null=True, blank=True)
    decision_due_rule = models.CharField(max_length=40, blank=True)
    decision_due_count = models.JSONField(default=dict, blank=True)
    remind_on = models.DateField(null=True, blank=True, help_text=_("Remind the assignee on this day."))
    cure_due_on = models.DateField(null=True, blank=True)
    cure_due_count = models.JSONField(default=dict, blank=True)
    vacate_due_on = models.DateField(null=True, blank=True)
    vacate_due_count = models.JSONField(default=dict, blank=True)
    final_appeal_due_on = models.DateField(null=True, blank=True)
    final_appeal_due_count = models.JSONField(default=dict, blank=True)

    # Outcomes.
    incomplete_on = models.DateField(null=True, blank=True)
    vendor_delayed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    new_determination = models.ForeignKey(
        "eligibility.Determination", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dismissal_reason = models.CharField(max_length=12, choices=DismissalReason.choices, blank=True)
    dismissed_on = models.DateField(null=True, blank=True)
    decision_notice = models.ForeignKey(
        "notices.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delay_notice = models.ForeignKey(
        "notices.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delay_notice_on = models.DateField(null=True, blank=True)
    # A notice that could not be issued (shown to supervisors, retried by the next sweep).
    notice_error = models.CharField(max_length=300, blank=True)
    notice_error_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["decision_due_on", "received_on", "created_at"]
        indexes = [
            # The vendor-delay sweep: first-level appeals whose clock runs, by due date.
            models.Index(
                fields=["decision_due_on"],
                condition=Q(
                    level="first", state__in=["late", "good_cause_claimed", "screened", "under_review"]
                ),
                name="appeal_vendor_delay_sweep",
            ),
            # The reminder sweep: assigned appeals whose clock runs, by reminder day.
            models.Index(
                fields=["remind_on"],
                condition=Q(state__in=["screened", "under_review"], assigned_to__isnull=False),
                name="appeal_reminder_sweep",
            ),
            # Delay notices not yet issued (normally empty).
            models.Index(
                fields=["vendor_delayed_on"],
                condition=Q(state="vendor_delayed", delay_notice__isnull=True),
                name="appeal_delay_notice_pending",
            ),
            models.Index(fields=["level", "state", "decision_due_on"], name="appeal_queue"),
            models.Index(fields=["assigned_to", "state"], name="appeal_assignee"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["determination", "level"],
                condition=Q(level="first") & ~Q(state="dismissed"),
                name="one_live_first_level_appeal_per_determination",
            ),
            models.UniqueConstraint(
                fields=["parent"],
                condition=Q(parent__isnull=False) & ~Q(state="dismissed"),
                name="one_live_final_appeal_per_first_level",
            ),
        ]
        permissions = [
            ("log_appeal", "Can log an appeal received by mail, fax, phone or in person"),
            ("assign_appeal", "Can assign appeals"),
            ("decide_first_level_appeal", "Can decide first-level appeals (impartial member)"),
            ("decide_final_appeal", "Can decide final appeals (bureau)"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} appeal {self.reference}"

    def get_absolute_url(self):
        return reverse("appeals:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return reference_of(self.pk)

    @property
    def is_open(self) -> bool:
        return _is_open(self)

    # How each date was counted, in the active language when turned into text (a page's, a notice's).
    @property
    def filing_deadline_explain(self):
        return explain_count_lazy(self.filing_deadline_count)

    @property
    def decision_due_explain(self):
        return explain_count_lazy(self.decision_due_count)

    @property
    def cure_due_explain(self):
        return explain_count_lazy(self.cure_due_count)

    @property
    def vacate_due_explain(self):
        return explain_count_lazy(self.vacate_due_count)

    @property
    def final_appeal_due_explain(self):
        return explain_count_lazy(self.final_appeal_due_count)

    @property
    def issue_labels(self) -> list[str]:
        labels = dict(Issue.choices)
        return [str(labels.get(code, code)) for code in self.issues]

    @property
    def is_expedited(self) -> bool:
        return self.expedite in (Expedite.REQUESTED, Expedite.GRANTED)

    @property
    def decide_permission(self) -> str:
        return DECIDE_PERMISSIONS[self.level]

    def may_be_decided_by(self, user) -> bool:
        """Holds the level's permission and took no part in the decision appealed (P6, P7): the
        queues' rule (``decidable_by``), asked of this row once per user."""
        if user is None or not user.is_authenticated:
            return False
        cache = self.__dict__.setdefault("_decidable_by", {})
        if user.pk not in cache:
            cache[user.pk] = (
                user.has_perm(self.decide_permission)
                and type(self).objects.filter(pk=self.pk).decidable_by(user).exists()
            )
        return cache[user.pk]

    def may_assign(self, user, *, assignee=None) -> bool:
        """An open appeal is assigned by staff who assign appeals, or taken by someone who may
        decide it (to themself only)."""
        if user is None or not user.is_authenticated or self.state not in OPEN_STATES:
            return False
        if user.has_perm(ASSIGN_PERMISSION):
            return True
        return (assignee is None or assignee.pk == user.pk) and self.may_be_decided_by(user)

    def is_appellant_side(self, user) -> bool:
        """The applicant on the case or their active representative of any scope (asked once per user)."""
        if user is None or not user.is_authenticated:
            return False
        cache = self.__dict__.setdefault("_appellant_side", {})
        if user.pk not in cache:
            from .selectors import acts_for_appellant

            cache[user.pk] = acts_for_appellant(user, self)
        return cache[user.pk]

    def may_file_documents(self, user) -> bool:
        """While the appeal is open: the appellant, their representative (appeals-only included),
        or appeals staff (screening, deciding or assigning)."""
        if user is None or not user.is_authenticated or self.state not in OPEN_STATES:
            return False
        return user.has_perm(ASSIGN_PERMISSION) or _screens_or_acts_for_appellant(self, user)

    def deciders(self):
        """The users who may decide this appeal (and so be assigned it), by username."""
        users = get_user_model().objects.with_perm(self.decide_permission)
        for took_part in _ways_of_taking_part(
            user=OuterRef("pk"),
            determination=self.determination_id,
            application=self.application_id,
            parent=self.parent_id,
        ):
            users = users.exclude(took_part)
        return users.order_by("username")

    # --- Transitions of `state`: they change only this row's fields. -----------------------------

    @transition(field=state, source=State.RECEIVED, target=State.SCREENED)
    def screen_timely(self):
        pass

    @transition(field=state, source=State.RECEIVED, target=State.LATE)
    def screen_late(self):
        pass

    @transition(field=state, source=State.RECEIVED, target=State.INCOMPLETE, permission=_is_screening_staff)
    def mark_incomplete(self, *, missing: str, on):
        self.missing_items = missing
        self.incomplete_on = on

    @transition(
        field=state, source=State.INCOMPLETE, target=State.RECEIVED, permission=_screens_or_acts_for_appellant
    )
    def cure(self):
        pass

    @transition(
        field=state, source=State.LATE, target=State.GOOD_CAUSE_CLAIMED, permission=_acts_for_appellant
    )
    def claim_good_cause(self, *, statement: str):
        self.good_cause_statement = statement

    @transition(field=state, source=State.GOOD_CAUSE_CLAIMED, target=State.SCREENED, permission=_may_decide)
    def grant_good_cause(self):
        pass

    @transition(field=state, source=State.GOOD_CAUSE_CLAIMED, target=State.DISMISSED, permission=_may_decide)
    def deny_good_cause(self, *, on):
        self.dismissal_reason = DismissalReason.UNTIMELY
        self.dismissed_on = on

    @transition(field=state, source=State.LATE, target=State.DISMISSED, permission=_is_screening_staff)
    def dismiss_untimely(self, *, on):
        self.dismissal_reason = DismissalReason.UNTIMELY
        self.dismissed_on = on

    @transition(field=state, source=State.RECEIVED, target=State.DISMISSED, permission=_is_screening_staff)
    def dismiss_not_adverse(self, *, on):
        self.dismissal_reason = DismissalReason.NOT_ADVERSE
        self.dismissed_on = on

    @transition(field=state, source=State.INCOMPLETE, target=State.DISMISSED, permission=_is_screening_staff)
    def dismiss_uncured(self, *, on):
        self.dismissal_reason = DismissalReason.INCOMPLETE
        self.dismissed_on = on

    @transition(
        field=state, source=list(WITHDRAWABLE), target=State.DISMISSED, permission=_acts_for_appellant
    )
    def withdraw(self, *, on):
        self.dismissal_reason = DismissalReason.WITHDRAWN
        self.dismissed_on = on

    @transition(field=state, source=State.DISMISSED, target=State.SCREENED, permission=_may_decide)
    def vacate_dismissal(self):
        self.dismissal_reason = ""
        self.dismissed_on = None
        self.vacate_due_on = None
        self.vacate_due_count = {}

    @transition(field=state, source=State.SCREENED, target=State.UNDER_REVIEW, permission=_may_assign)
    def start_review(self):
        pass

    @transition(
        field=state,
        source=list(FIRST_LEVEL_CLOCK_STATES),
        target=State.VENDOR_DELAYED,
        conditions=[_is_first],
    )
    def mark_vendor_delayed(self, *, on):
        self.vendor_delayed_on = on

    @transition(field=state, source=State.VENDOR_DELAYED, target=State.ESCALATED, conditions=[_is_first])
    def escalate(self):
        pass

    @transition(
        field=state,
        source=list(FIRST_LEVEL_DECIDABLE),
        target=State.DECIDED,
        conditions=[_is_first],
        permission=_may_decide,
    )
    def decide_first_level(self, *, outcome: str, reasons: str, on, by):
        self.outcome = outcome
        self.decision_reasons = reasons
        self.decided_on = on
        self.decided_by = by

    @transition(
        field=state,
        source=list(CLOCK_STATES),
        target=State.CLOSED,
        conditions=[_is_final],
        permission=_may_decide,
    )
    def decide_final(self, *, outcome: str, reasons: str, on, by):
        self.outcome = outcome
        self.decision_reasons = reasons
        self.decided_on = on
        self.decided_by = by

    # --- Transitions of `expedite`. -------------------------------------------------------------

    @transition(
        field=expedite,
        source=Expedite.NONE,
        target=Expedite.REQUESTED,
        conditions=[_is_open],
        permission=_acts_for_appellant,
    )
    def request_expedite(self, *, reason: str):
        self.expedite_reason = reason

    @transition(
        field=expedite,
        source=Expedite.REQUESTED,
        target=Expedite.GRANTED,
        conditions=[_is_open],
        permission=_may_decide,
    )
    def grant_expedite(self):
        pass

    @transition(
        field=expedite,
        source=Expedite.REQUESTED,
        target=Expedite.DENIED,
        conditions=[_is_open],
        permission=_may_decide,
    )
    def deny_expedite(self):
        pass


class AppealEvent(models.Model):
    """One step in an appeal's life: the transition, who took it, why, and the notice it produced."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(max_length=40, help_text=_("Transition or action name."))
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    on = models.DateField(help_text=_("The legal date of the step (America/Denver)."))
    at = models.DateTimeField(auto_now_add=True)
    notice = models.ForeignKey(
        "notices.Notice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["appeal", "at", "id"]
        indexes = [models.Index(fields=["appeal", "at"])]

    def __str__(self):
        return f"{self.appeal.reference} {self.name} on {self.on}"


class Reminder(models.Model):
    """A reminder to the assignee before a due date: one row per appeal and due date, so it is sent once."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    remind_on = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["remind_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "due_on"], name="one_reminder_per_appeal_due_date")
        ]
        indexes = [
            models.Index(fields=["remind_on"], condition=Q(sent_at__isnull=True), name="reminder_unsent"),
        ]

    def __str__(self):
        return f"Reminder for {self.appeal.reference}, due {self.due_on}"


class AppealDocument(models.Model):
    """A document filed with an appeal by the appellant, their representative or staff: a PDF, JPEG
    or PNG of at most 10 MB, checked by content like case evidence (eligibility.rules.check_evidence_file)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=EvidenceDocument.Kind.choices)
    file = models.FileField(upload_to="appeals/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_on = models.DateField(help_text=_("The legal date it was filed (America/Denver)."))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.content_type})"

    def get_absolute_url(self):
        return reverse("appeals:document", kwargs={"pk": self.appeal_id, "document_pk": self.pk})
