"""Choices of the appeal models (8.401.2.12 E NMAC; PRODUCT P6), importable from ``appeals.models`` too."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    FIRST = "first", _("First level (vendor)")
    FINAL = "final", _("Final (bureau)")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    INCOMPLETE = "incomplete", _("Incomplete: waiting for what is missing")
    LATE = "late", _("Filed late")
    GOOD_CAUSE_CLAIMED = "good_cause_claimed", _("Good cause claimed")
    SCREENED = "screened", _("Accepted")
    UNDER_REVIEW = "under_review", _("Under review")
    VENDOR_DELAYED = "vendor_delayed", _("No timely decision (vendor delay)")
    DECIDED = "decided", _("Decided")
    ESCALATED = "escalated", _("Moved to final appeal")
    CLOSED = "closed", _("Closed: final administrative action")
    DISMISSED = "dismissed", _("Dismissed")


# States in which an appeal still needs someone to act.
OPEN_STATES = (
    State.RECEIVED,
    State.INCOMPLETE,
    State.LATE,
    State.GOOD_CAUSE_CLAIMED,
    State.SCREENED,
    State.UNDER_REVIEW,
    State.VENDOR_DELAYED,
)
# States in which the decision clock runs (and the vendor-delay sweep looks).
CLOCK_STATES = (State.SCREENED, State.UNDER_REVIEW)
# First-level states in which the decision clock runs: E(4) gives the vendor 20 days (3 business days
# expedited) from receipt for a written decision, whatever is pending, a good-cause claim included.
FIRST_LEVEL_CLOCK_STATES = (State.LATE, State.GOOD_CAUSE_CLAIMED, *CLOCK_STATES)
# First-level states a final appeal can follow: decided, or not decided in time (vendor delay).
FINAL_APPEALABLE_STATES = (State.DECIDED, State.VENDOR_DELAYED)
# States a first-level appeal can be decided from (a late decision is still a decision).
FIRST_LEVEL_DECIDABLE = (State.SCREENED, State.UNDER_REVIEW, State.VENDOR_DELAYED)
WITHDRAWABLE = OPEN_STATES


class Expedite(models.TextChoices):
    NONE = "none", _("Not requested")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    REVERSED = "reversed", _("Reversed")
    MODIFIED = "modified", _("Modified")


class DismissalReason(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Withdrawn by the appellant")
    UNTIMELY = "untimely", _("Filed late without good cause")
    NOT_ADVERSE = "not_adverse", _("Not about an adverse decision")
    INCOMPLETE = "incomplete", _("Incomplete and not completed in time")


class Issue(models.TextChoices):
    """What an appeal may be about (8.401.2.12 E(1))."""

    ELIGIBILITY_STATUS = "eligibility_status", _("Eligibility status")
    INCOME_FINDING = "income_finding", _("Income findings")
    RESIDENCY_FINDING = "residency_finding", _("Residency findings")
    ASSISTANCE_TIER = "assistance_tier", _("Assistance amount or tier")
    EFFECTIVE_DATE = "effective_date", _("Effective date")


class AppealChannel(models.TextChoices):
    """Filing methods named in guidance (8.401.2.12 E(3))."""

    ONLINE = "online", _("Online")
    MAIL = "mail", _("Mail")
    FAX = "fax", _("Fax")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")


class AppellantKind(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    REPRESENTATIVE = "representative", _("Authorized representative")
