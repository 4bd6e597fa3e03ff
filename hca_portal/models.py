import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Where the seeded days come from, as the admin says it.
STATE_HOLIDAY_SOURCE = _(
    "NMSA 1978 § 12-5-2 (legal holidays); a holiday on a Saturday is observed the Friday before, "
    "on a Sunday the Monday after, and Presidents' Day on the day after Thanksgiving."
)


class LegalHoliday(models.TextChoices):
    """The legal holidays of NMSA 1978 § 12-5-2 as the state observes them: stable codes, translated names."""

    NEW_YEARS_DAY = "new_years_day", pgettext_lazy("holiday", "New Year's Day")
    MARTIN_LUTHER_KING_JR_DAY = "mlk_day", pgettext_lazy("holiday", "Martin Luther King Jr. Day")
    MEMORIAL_DAY = "memorial_day", pgettext_lazy("holiday", "Memorial Day")
    INDEPENDENCE_DAY = "independence_day", pgettext_lazy("holiday", "Independence Day")
    LABOR_DAY = "labor_day", pgettext_lazy("holiday", "Labor Day")
    INDIGENOUS_PEOPLES_DAY = "indigenous_peoples_day", pgettext_lazy("holiday", "Indigenous Peoples' Day")
    VETERANS_DAY = "veterans_day", pgettext_lazy("holiday", "Veterans Day")
    THANKSGIVING_DAY = "thanksgiving_day", pgettext_lazy("holiday", "Thanksgiving Day")
    PRESIDENTS_DAY = "presidents_day", pgettext_lazy("holiday", "Presidents' Day")
    CHRISTMAS_DAY = "christmas_day", pgettext_lazy("holiday", "Christmas Day")


def holiday_label(code: str, observed: bool, name: str) -> str:
    """A holiday's name in the active language: a seeded legal holiday's translated label, else ``name``."""
    if not code:
        return name
    try:
        label = str(LegalHoliday(code).label)
    except ValueError:  # a code this version does not know: the stored name
        return name
    return gettext("%(holiday)s (observed)") % {"holiday": label} if observed else label


class StateHoliday(models.Model):
    """A New Mexico state holiday (NMSA 12-5-2): a day that is not a business day.

    Seeded with the legal holidays of NMSA 1978 § 12-5-2 (``code`` says which; its name is
    translated when shown); program administrators add, rename or remove days in the admin.
    """

    date = models.DateField(unique=True)
    name = models.CharField(
        max_length=200,
        help_text=_(
            "Shown as typed for a day you add. A seeded legal holiday is shown under its own name in the "
            "reader's language; renaming it makes the typed name the one shown."
        ),
    )
    code = models.CharField(
        max_length=40,
        blank=True,
        choices=LegalHoliday.choices,
        help_text=_("The legal holiday this day is, when it was seeded from NMSA 1978 § 12-5-2."),
        verbose_name=_("legal holiday"),
    )
    observed = models.BooleanField(
        default=False,
        help_text=_("The weekday on which a Saturday or Sunday holiday is observed."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.label}"

    @property
    def label(self) -> str:
        return holiday_label(self.code, self.observed, self.name)


class ApiToken(models.Model):
    """A key for the REST API (issue 11 item 2): shown once, stored as its SHA-256, valid until
    it expires or is revoked. Its owner issues and revokes it; administrators revoke it in the admin.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
