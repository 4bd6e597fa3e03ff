"""Applications, plan-year guidance, determinations and enrollments (8.401.2.12 A-C, preamble).

Models hold data and their state machines only. Rules live in rules.py (pure),
writes in services.py, reads in selectors.py.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from . import rules

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


def reference_of(pk) -> str:
    """The case reference shown everywhere: the first block of the application's id (no personal data)."""
    return str(pk).split("-")[0].upper()


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    NAVAJO = "nv", _("Navajo")
    VIETNAMESE = "vi", _("Vietnamese")
    CHINESE = "zh", _("Chinese")
    ARABIC = "ar", _("Arabic")


# --- Plan-year guidance (8.401.2.12 A and B) -------------------------------------------------


class PlanYear(TimeStamped):
    """A plan year. Its row is the lock that serializes decisions against the enrollment cap."""

    year = models.PositiveSmallIntegerField(unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class Guidance(TimeStamped):
    """One version of a plan year's guidance, in force from its effective date until the next one."""

    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="guidance_versions")
    effective_date = models.DateField()
    label = models.CharField(max_length=200, help_text=_("Where this guidance comes from."))
    is_example = models.BooleanField(
        default=False, help_text=_("Example values, to be replaced by the secretary's published guidance.")
    )
    fpl_first_person = models.DecimalField(max_digits=10, decimal_places=2, validators=NOT_NEGATIVE)
    fpl_each_additional = models.DecimalField(max_digits=10, decimal_places=2, validators=NOT_NEGATIVE)
    income_limit_pct = models.DecimalField(
        max_digits=6, decimal_places=2, validators=NOT_NEGATIVE, help_text=_("Income limit, % of FPL.")
    )
    priority_threshold_pct = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("200"),
        validators=NOT_NEGATIVE,
        help_text=_("Households under this % of FPL are served first."),
    )
    enrollment_cap = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Most enrollments holding a slot; empty for no cap.")
    )
    # The life of a case (PRODUCT P11): each a guidance setting, not a constant in code.
    offer_reply_days = models.PositiveSmallIntegerField(
        default=15, help_text=_("Calendar days from an offer's notice to accept the place.")
    )
    adverse_notice_days = models.PositiveSmallIntegerField(
        default=10,
        help_text=_(
            "Calendar days between the notice of a change that lowers assistance or ends coverage "
            "and the day it takes effect, so the person has time to act."
        ),
    )
    renewals_hold_place = models.BooleanField(
        default=True,
        help_text=_(
            "Renewing enrollees keep their place under the new plan year's cap before new applicants."
        ),
    )
    nonpayment_ends_coverage = models.BooleanField(
        default=False,
        help_text=_(
            "Coverage may be ended when the enrollee's share of the premium is not paid "
            "(with advance notice and appeal rights)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-plan_year__year", "-effective_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan_year", "effective_date"], name="one_guidance_per_day"),
        ]
        verbose_name_plural = "guidance"

    def __str__(self):
        return f"{self.plan_year} guidance from {self.effective_date}"


class SlidingScaleBand(models.Model):
    """Applicable percentage of income, rising in a straight line from pct_from to pct_to inside the band."""

    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="scale_bands")
    fpl_from = models.DecimalField(max_digits=6, decimal_places=2, validators=NOT_NEGATIVE)
    fpl_to = models.DecimalField(max_digits=6, decimal_places=2, validators=NOT_NEGATIVE)
    pct_from = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT)
    pct_to = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["guidance", "fpl_from"]

    def __str__(self):
        return f"{self.fpl_from}-{self.fpl_to}% FPL: {self.pct_from}-{self.pct_to}%"


class OutOfPocketTier(models.Model):
    """FPL band -> actuarial-value variant of the plan (8.401.2.12 A(2))."""

    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="oop_tiers")
    fpl_from = models.DecimalField(max_digits=6, decimal_places=2, validators=NOT_NEGATIVE)
    fpl_to = models.DecimalField(max_digits=6, decimal_places=2, validators=NOT_NEGATIVE)
    name = models.CharField(max_length=50)
    actuarial_value = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["guidance", "fpl_from"]

    def __str__(self):
        return f"{self.name} ({self.actuarial_value}% AV)"


class EligiblePlan(models.Model):
    """An off-exchange plan eligible for state assistance; one is the benchmark."""

    class MetalLevel(models.TextChoices):
        BRONZE = "bronze", _("Bronze")
        SILVER = "silver", _("Silver")
        GOLD = "gold", _("Gold")
        PLATINUM = "platinum", _("Platinum")

    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="plans")
    issuer = models.CharField(max_length=120)
    name = models.CharField(max_length=120)
    metal_level = models.CharField(max_length=10, choices=MetalLevel.choices)
    actuarial_value = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT)
    monthly_premium = models.DecimalField(max_digits=10, decimal_places=2, validators=NOT_NEGATIVE)
    is_benchmark = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["guidance", "issuer", "name"]

    def __str__(self):
        return f"{self.issuer} {self.name}"


# --- Applications (8.401.2.12 C) --------------------------------------------------------------


class ApplicationState(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    AWAITING_INFORMATION = "awaiting_information", _("Waiting on the applicant")
    DETERMINED = "determined", _("Determined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    API = "api", _("Vendor system (API)")
    MAIL = "mail", _("Mail")
    FAX = "fax", _("Fax")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")


class Application(ConcurrentTransitionMixin, TimeStamped):
    """One household's application. Its life is a state machine on a protected field."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="applications")
    state = FSMField(default=ApplicationState.RECEIVED, choices=ApplicationState.choices, protected=True)
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    received_on = models.DateField()
    household_size = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    annual_magi = models.DecimalField(max_digits=12, decimal_places=2, validators=NOT_NEGATIVE)
    preferred_language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address_line = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state_code = models.CharField(max_length=2, default="NM")
    zip_code = models.CharField(max_length=10)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_applications",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the application became complete: orders the waitlist.")
    )
    next_due_on = models.DateField(null=True, blank=True, help_text=_("The next deadline on the case."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [
            models.Index(fields=["state", "received_on"]),
            models.Index(fields=["assigned_to", "state"]),
            # The caseworker queue's order (selectors.application_queue): a page is read off this index,
            # 25 rows, instead of joining and sorting every row. It serves next_due_on alone as well.
            models.Index(
                fields=["next_due_on", "received_on", "created_at"], name="application_queue_order_idx"
            ),
        ]
        permissions = [
            ("decide_application", "Can decide eligibility"),
            ("assign_application", "Can assign applications"),
            ("view_team_timeliness", "Can see team timeliness"),
            ("view_reports", "Can see program reports"),
        ]

    def __str__(self):
        return f"Application {self.reference}"

    def get_absolute_url(self):
        return reverse("eligibility:case", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return reference_of(self.pk)

    # Transitions change only this row's fields; services do the rest.

    @transition(field=state, source=ApplicationState.RECEIVED, target=ApplicationState.IN_REVIEW)
    def start_review(self):
        pass

    @transition(field=state, source=ApplicationState.IN_REVIEW, target=ApplicationState.AWAITING_INFORMATION)
    def request_information(self):
        pass

    @transition(field=state, source=ApplicationState.AWAITING_INFORMATION, target=ApplicationState.IN_REVIEW)
    def receive_information(self):
        pass

    @transition(
        field=state,
        source=[ApplicationState.IN_REVIEW, ApplicationState.AWAITING_INFORMATION],
        target=ApplicationState.DETERMINED,
    )
    def determine(self):
        pass

    @transition(field=state, source=ApplicationState.DETERMINED, target=ApplicationState.DETERMINED)
    def redetermine(self):
        """A new determination replaces the last (an appeal reversed or modified it)."""

    @transition(
        field=state,
        source=[ApplicationState.RECEIVED, ApplicationState.IN_REVIEW, ApplicationState.AWAITING_INFORMATION],
        target=ApplicationState.WITHDRAWN,
    )
    def withdraw(self):
        pass


class Member(TimeStamped):
    """A household member; only those applying get criteria and a determination."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    is_applying = models.BooleanField(default=True)
    # DACA evidence: USCIS approval notice / EAD category C33 with its validity dates.
    ead_category = models.CharField(max_length=5, blank=True, help_text=_("EAD category, e.g. C33."))
    daca_valid_from = models.DateField(null=True, blank=True)
    daca_valid_to = models.DateField(null=True, blank=True)
    has_other_coverage = models.BooleanField(
        null=True, blank=True, help_text=_("Access to MEC or a third-party payor.")
    )
    is_incarcerated = models.BooleanField(null=True, blank=True)
    chosen_plan = models.ForeignKey(
        EligiblePlan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The plan the member chose; without one, assistance is figured on the benchmark plan."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "created_at", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class EvidenceDocument(TimeStamped):
    """Evidence: a PDF, JPEG or PNG of at most 10 MB, checked by content (rules.check_evidence_file)."""

    class Kind(models.TextChoices):
        DACA_APPROVAL = "daca_approval", _("USCIS DACA approval notice")
        EAD = "ead", _("Employment authorization document (C33)")
        INCOME = "income", _("Proof of income")
        RESIDENCY = "residency", _("Proof of New Mexico residence")
        COVERAGE = "coverage", _("Proof about other coverage")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.content_type})"


class Criterion(models.TextChoices):
    """The five criteria of 8.401.2.12 C(1)(a)-(e)."""

    DACA = "daca", _("DACA recipient")
    NO_OTHER_COVERAGE = "no_other_coverage", _("No other minimum essential coverage")
    RESIDENCY = "residency", _("New Mexico resident")
    NOT_INCARCERATED = "not_incarcerated", _("Not incarcerated")
    INCOME = "income", _("Household income within the limit")


class FindingStatus(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NEEDS_INFORMATION = "needs_information", _("Needs information")
    # Intake's first look: the application reports facts that would meet it; nobody verified them.
    UNVERIFIED = "unverified", _("Not verified yet")


class CriterionFinding(TimeStamped):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="findings")
    criterion = models.CharField(max_length=20, choices=Criterion.choices)
    status = models.CharField(max_length=20, choices=FindingStatus.choices)
    reason_code = models.CharField(max_length=40)
    evidence = models.ForeignKey(
        EvidenceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["member", "criterion"], name="one_finding_per_criterion")
        ]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.get_status_display()}"


class InformationRequest(TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        EXPIRED = "expired", _("Expired without a response")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    items = models.TextField(help_text=_("What the applicant must send."))
    requested_on = models.DateField()
    due_on = models.DateField()
    due_rule = models.CharField(max_length=200, blank=True, help_text=_("How the due date was computed."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answered_on = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The daily sweep could not expire this request: why (field errors or the error's kind, no
    # personal data) and when. Shown to supervisors; the next sweep tries it again, after the others.
    sweep_error = models.CharField(max_length=300, blank=True)
    sweep_error_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"Request due {self.due_on} ({self.get_status_display()})"


class Decision(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")


class Determination(TimeStamped):
    """The decision on one member. A newer determination supersedes an older one; none is edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="determinations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="determinations")
    guidance = models.ForeignKey(Guidance, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    effective_date = models.DateField()
    reason_codes = models.JSONField(default=list)
    fpl_pct = models.DecimalField(max_digits=7, decimal_places=2)
    premium_assistance = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal("0.00"), help_text=_("Monthly premium assistance.")
    )
    oop_tier = models.CharField(max_length=50, blank=True)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    waitlisted = models.BooleanField(
        default=False,
        help_text=_("Eligible but placed on the waitlist: the cap was reached (an adverse decision)."),
    )
    # The inputs of the figures and the rule each came from (PRODUCT P11), stored when it is made so
    # the computation is explained from them, in the reader's language, at display time. Empty on
    # determinations made before inputs were kept.
    decided_by_kind = models.CharField(
        max_length=6,
        choices=[("person", _("A person")), ("system", _("The system"))],
        default="person",
        help_text=_("Whether a person or the system (a sweep, a batch) decided."),
    )
    household_size = models.PositiveSmallIntegerField(null=True, blank=True)
    annual_income = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("Annual household MAGI counted.")
    )
    fpl_first_person = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    fpl_each_additional = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    fpl_amount = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text=_("Poverty level, household size.")
    )
    income_limit_pct = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    applicable_pct = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    applicable_rule = models.CharField(max_length=40, blank=True)
    scale_band = models.JSONField(
        null=True, blank=True, help_text=_("The sliding-scale band used: fpl_from, fpl_to, pct_from, pct_to.")
    )
    benchmark_premium = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    plan = models.ForeignKey(EligiblePlan, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan_premium = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    plan_rule = models.CharField(max_length=40, blank=True)
    expected_contribution = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text=_("Monthly, from the scale.")
    )
    assistance_rule = models.CharField(max_length=40, blank=True)
    enrollee_share = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the enrollee pays of the plan's monthly premium after assistance."),
    )
    oop_band = models.JSONField(
        null=True, blank=True, help_text=_("The tier's band: fpl_from, fpl_to, actuarial_value.")
    )
    tier_rule = models.CharField(max_length=40, blank=True)
    # Append-only: a newer determination end-dates this one; nothing else about it changes.
    superseded_on = models.DateField(null=True, blank=True, help_text=_("The day a newer one replaced it."))
    ended_on = models.DateField(
        null=True, blank=True, help_text=_("Last day in force: the day before its replacement took effect.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-created_at"]

    def __str__(self):
        return f"{self.member}: {self.get_decision_display()} from {self.effective_date}"

    @property
    def in_force(self) -> bool:
        """Whether this determination stands: no newer one has replaced it."""
        return self.superseded_on is None

    @property
    def never_took_effect(self) -> bool:
        return self.ended_on is not None and self.ended_on < self.effective_date

    @property
    def is_adverse(self) -> bool:
        """A denial, or a placement on the waitlist (8.401.2.12 E(1): eligibility status, effective date)."""
        return self.decision == Decision.INELIGIBLE or self.waitlisted


# --- Enrollment cap and waitlist (8.401.2.12 preamble and B) ----------------------------------


class EnrollmentState(models.TextChoices):
    WAITLISTED = "waitlisted", _("Waitlisted")
    OFFERED = "offered", _("Offered a slot")
    ENROLLED = "enrolled", _("Enrolled")
    DECLINED = "declined", _("Declined the offer")
    TERMINATED = "terminated", _("Terminated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Offer lapsed (no answer in time)")


SLOT_HOLDING = (EnrollmentState.OFFERED, EnrollmentState.ENROLLED)


class EndReason(models.TextChoices):
    """Why coverage ended (rules.END_REASON_CODES; the notice's plain words are rules.REASONS)."""

    DACA_ENDED = "end_daca_ended", _("DACA status ended")
    MOVED = "end_moved_out_of_state", _("Moved out of New Mexico")
    OTHER_COVERAGE = "end_other_coverage", _("Has other coverage")
    INCARCERATED = "end_incarcerated", _("Incarcerated")
    REQUEST = "end_request", _("At the enrollee's request")
    DEATH = "end_death", _("Death")
    NON_PAYMENT = "end_non_payment", _("Premium not paid (where guidance allows)")


class ReinstateReason(models.TextChoices):
    ERROR = "reinstate_ended_in_error", _("Ended in error")
    APPEAL = "reinstate_appeal_decided", _("Appeal decided for the enrollee")
    REQUEST_WITHDRAWN = "reinstate_request_withdrawn", _("Request to end withdrawn")
    PAYMENT = "reinstate_payment_received", _("Premium received")


class ReplyChannel(models.TextChoices):
    """How an answer to an offer reached us."""

    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")
    MAIL = "mail", _("Mail")
    IN_PERSON = "in_person", _("In person")


class Enrollment(ConcurrentTransitionMixin, TimeStamped):
    """An eligible member's place in the plan year: holding a slot, or waiting for one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="enrollments")
    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="enrollments")
    determination = models.ForeignKey(Determination, on_delete=models.PROTECT, related_name="enrollments")
    state = FSMField(default=EnrollmentState.WAITLISTED, choices=EnrollmentState.choices, protected=True)
    priority_group = models.PositiveSmallIntegerField(
        help_text=_("1: under the priority threshold; 2: others.")
    )
    completed_at = models.DateTimeField(help_text=_("When the application became complete."))
    fpl_pct = models.DecimalField(max_digits=7, decimal_places=2)
    effective_date = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    offered_on = models.DateField(null=True, blank=True)
    reply_by = models.DateField(null=True, blank=True, help_text=_("Last day to accept an offered slot."))
    # The answer to an offer: the day it was received and how (history keeps who recorded it).
    replied_on = models.DateField(null=True, blank=True)
    reply_channel = models.CharField(max_length=10, choices=ReplyChannel.choices, blank=True)
    # The end of coverage: its coded reason, the notice date, and the rule's inputs and result
    # (rules.CoverageEnd.to_data: the advance notice count), rendered at display time.
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_notice_on = models.DateField(null=True, blank=True)
    end_rule = models.JSONField(default=dict, blank=True)
    reinstated_on = models.DateField(null=True, blank=True)
    # The lapse sweep could not close this offer (the error is logged by id): it is retried on the
    # next run, after the others, and the case page says so.
    sweep_failed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year", "priority_group", "completed_at", "created_at"]
        indexes = [
            models.Index(fields=["plan_year", "state", "priority_group", "completed_at"]),
            # The lapse sweep's due-date index: offers whose reply-by date has passed.
            models.Index(fields=["state", "reply_by"], name="enrollment_offer_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "plan_year"],
                condition=~models.Q(state__in=["declined", "terminated", "withdrawn", "lapsed"]),
                name="one_live_enrollment_per_member_year",
            )
        ]

    def __str__(self):
        return f"{self.member} {self.plan_year}: {self.get_state_display()}"

    @transition(field=state, source=EnrollmentState.WAITLISTED, target=EnrollmentState.OFFERED)
    def offer(self):
        pass

    @transition(field=state, source=EnrollmentState.OFFERED, target=EnrollmentState.ENROLLED)
    def accept(self):
        pass

    @transition(field=state, source=EnrollmentState.OFFERED, target=EnrollmentState.DECLINED)
    def decline(self):
        pass

    @transition(field=state, source=EnrollmentState.ENROLLED, target=EnrollmentState.TERMINATED)
    def terminate(self):
        pass

    @transition(
        field=state,
        source=[EnrollmentState.WAITLISTED, EnrollmentState.OFFERED],
        target=EnrollmentState.WITHDRAWN,
    )
    def withdraw(self):
        pass

    @transition(field=state, source=EnrollmentState.OFFERED, target=EnrollmentState.LAPSED)
    def lapse(self):
        """No answer by the reply-by date: the place passes to the next in line."""

    @transition(field=state, source=EnrollmentState.TERMINATED, target=EnrollmentState.ENROLLED)
    def reinstate(self):
        pass


# --- Authorized representatives (8.401.2.12 E(3); PRODUCT P7) --------------------------------


class Representation(TimeStamped):
    """An authorized representative designated by the applicant (in writing, or by staff on their behalf)."""

    class Kind(models.TextChoices):
        NAVIGATOR = "navigator", _("Navigator")
        ATTORNEY = "attorney", _("Attorney")
        FAMILY = "family", _("Family member")
        OTHER = "other", _("Other")

    class Scope(models.TextChoices):
        FULL = "full", _("Everything on the case")
        APPEALS = "appeals", _("Appeals only")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="representations")
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representations"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.FULL)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_designation = models.ForeignKey(
        EvidenceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["representative", "application"])]

    def __str__(self):
        return f"{self.representative} for {self.application.reference}"

    def is_active_on(self, day) -> bool:
        return (
            self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
            and (self.revoked_on is None or day < self.revoked_on)
        )


class CaseAccessLog(models.Model):
    """Who viewed a case's personal data, through which door, and when (PRODUCT P7).

    Written only by the access helpers (``eligibility.access``, ``appeals.selectors``): every door
    that reaches a case goes through them, so none can forget to log.
    """

    class What(models.TextChoices):
        CASE = "case", _("Case page")
        ACTION = "action", _("Action on the case")
        DOCUMENT = "document", _("Evidence document")
        NOTICE = "notice", _("Notice PDF")
        TIMELINE = "timeline", _("Timeline")
        APPEAL = "appeal", _("Appeal")
        CASE_API = "case_api", _("Case status (API)")
        APPEAL_API = "appeal_api", _("Appeal (API)")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    what = models.CharField(max_length=40, choices=What.choices, default=What.CASE)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("case access log entry")
        verbose_name_plural = _("case access log")

    def __str__(self):
        return f"{self.user} viewed {self.what} at {self.at:%Y-%m-%d %H:%M}"


# --- Reported changes and corrections (PRODUCT P11) -------------------------------------------


class ChangeKind(TimeStamped):
    """A kind of change a household reports (the catalogue, kept in the admin as data).

    ``facts`` names the facts it sets and ``effective_rule`` how its effective date is found: both
    codes from fixed lists in rules.py, which apply them. A seeded kind's label is shown in the
    reader's language (rules.CHANGE_KIND_LABELS by ``code``); a kind added in the admin shows ``label``.
    """

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    facts = models.CharField(
        max_length=20,
        choices=list(rules.FACT_GROUP_LABELS.items()),
        help_text=_("Which facts this kind of change sets."),
    )
    reason_code = models.CharField(
        max_length=40,
        choices=[(code, code) for code in rules.CHANGE_REASONS],
        help_text=_("The reason the change notice gives."),
    )
    effective_rule = models.CharField(
        max_length=20,
        choices=list(rules.EFFECTIVE_RULES.items()),
        help_text=_("How the day the change takes effect is found."),
    )
    report_within_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("Calendar days the household has to report this change.")
    )
    is_correction = models.BooleanField(
        default=False, help_text=_("Corrects what intake recorded wrongly, rather than a change in life.")
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["is_correction", "label"]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self) -> str:
        return rules.change_kind_label(self.code, self.label)


class ChangeState(models.TextChoices):
    REPORTED = "reported", _("Reported, to be acted on")
    APPLIED = "applied", _("Applied")
    DISMISSED = "dismissed", _("Dismissed")


class ReportedChange(ConcurrentTransitionMixin, TimeStamped):
    """A change in a household's facts, or a correction of intake's, with who reported it and why.

    Applying it writes the new facts (history: who, why) and redetermines the case; ``previous``
    keeps the facts it replaced. Appended only: a change is never edited after it is applied.
    """

    class Source(models.TextChoices):
        APPLICANT = "applicant", _("The applicant")
        REPRESENTATIVE = "representative", _("The representative")
        CASEWORKER = "caseworker", _("A caseworker")
        APPEAL = "appeal", _("An appeal decision")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reported_changes")
    kind = models.ForeignKey(ChangeKind, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = FSMField(default=ChangeState.REPORTED, choices=ChangeState.choices, protected=True)
    source = models.CharField(max_length=15, choices=Source.choices)
    event_on = models.DateField(help_text=_("The day the change happened."))
    reported_on = models.DateField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    facts = models.JSONField(default=dict, help_text=_("The new facts, by field."))
    previous = models.JSONField(default=dict, help_text=_("The facts they replaced, when applied."))
    why = models.TextField(blank=True, help_text=_("What the person said, or why a correction was made."))
    reported_late = models.BooleanField(default=False)
    due_on = models.DateField(null=True, blank=True, help_text=_("When the caseworker must act on it."))
    due_rule = models.JSONField(default=dict, blank=True)
    effective_date = models.DateField(null=True, blank=True)
    effective_rule = models.JSONField(default=dict, blank=True)
    adverse = models.BooleanField(default=False)
    applied_on = models.DateField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appeal_id = models.UUIDField(
        null=True, blank=True, help_text=_("The appeal whose decision made this correction.")
    )
    documents = models.ManyToManyField(EvidenceDocument, blank=True, related_name="+")
    determinations = models.ManyToManyField(Determination, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-created_at"]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return f"{self.kind.display_label} ({self.get_state_display()})"

    @transition(field=state, source=ChangeState.REPORTED, target=ChangeState.APPLIED)
    def apply(self):
        pass

    @transition(field=state, source=ChangeState.REPORTED, target=ChangeState.DISMISSED)
    def dismiss(self):
        pass


# --- Renewal for a new plan year (PRODUCT P11) ------------------------------------------------


class RenewalRun(TimeStamped):
    """Renewing every household enrolled in the plan year before ``plan_year`` under its guidance.

    One run per plan year: starting it again adds the households enrolled since, never a second
    renewal of a household (``Renewal`` is unique per household and plan year).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan_year = models.OneToOneField(PlanYear, on_delete=models.PROTECT, related_name="renewal_run")
    from_plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField(help_text=_("The notice date of the run's renewal notices."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-plan_year__year"]

    def __str__(self):
        return f"Renewals into {self.plan_year}"

    def get_absolute_url(self):
        return reverse("eligibility:renewal_run", kwargs={"run_pk": self.pk})


class RenewalStatus(models.TextChoices):
    PENDING = "pending", _("To renew")
    RENEWED = "renewed", _("Renewed")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not renewed: no longer enrolled")


class RenewalFailure(models.TextChoices):
    """Why a household could not be renewed: codes only, labels rendered in the reader's language."""

    GUIDANCE_MISSING = "guidance_missing", _("The new plan year has no guidance in force on its first day.")
    CRITERIA_UNSETTLED = (
        "criteria_unsettled",
        _("A criterion is not verified or still needs information: record a finding, then retry."),
    )
    CASE_NOT_DETERMINED = "case_not_determined", _("The case is not in a determined state.")
    NOTICE_INCOMPLETE = (
        "notice_incomplete",
        _("The renewal notice lacks a required element (for example the mailing address)."),
    )
    CONCURRENT_CHANGE = "concurrent_change", _("The case changed at the same moment: retry.")
    DATABASE_ERROR = "database_error", _("The database did not answer in time: retry.")
    UNEXPECTED = "unexpected", _("An unexpected error: retry; if it fails again, report it.")


class Renewal(TimeStamped):
    """One household's renewal into a plan year: done once (unique), or failed with a coded reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(RenewalRun, on_delete=models.CASCADE, related_name="renewals")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="renewals")
    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=RenewalStatus.choices, default=RenewalStatus.PENDING)
    reason_code = models.CharField(max_length=30, blank=True, choices=RenewalFailure.choices)
    places = models.PositiveSmallIntegerField(
        default=1, help_text=_("Members enrolled the year before: the places held for them until renewed.")
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True, help_text=_("When its job was last sent."))
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "plan_year"], name="one_renewal_per_household_year"
            )
        ]
        indexes = [
            models.Index(fields=["run", "status", "queued_at"], name="renewal_run_status_idx"),
            models.Index(fields=["run", "finished_at"], name="renewal_run_finished_idx"),
            models.Index(fields=["plan_year", "status"], name="renewal_year_status_idx"),
        ]

    def __str__(self):
        return f"{self.application.reference} into {self.plan_year}: {self.get_status_display()}"
