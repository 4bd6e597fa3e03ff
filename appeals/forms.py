"""Forms for the appeal pages. Validation of the rules lives in the services; forms check shapes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eligibility import rules as eligibility_rules
from eligibility.models import Decision, EvidenceDocument
from hca_portal.dates import local_today

from .models import AppealChannel, AppellantKind, Issue, Outcome
from .services import AppealRequest, DeterminationChange

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


class AppealRequestForm(forms.Form):
    issues = forms.MultipleChoiceField(
        label=_("What are you appealing?"), choices=Issue.choices, widget=forms.CheckboxSelectMultiple
    )
    statement = forms.CharField(label=_("Why do you disagree?"), widget=TEXT, required=False)
    expedite_reason = forms.CharField(
        label=_("Ask for a fast (expedited) appeal: how would waiting put your care at risk?"),
        widget=TEXT,
        required=False,
    )
    good_cause_statement = forms.CharField(
        label=_("If you are filing late, tell us why (good cause)"), widget=TEXT, required=False
    )

    def appeal_request(self, *, missing_items: str = "") -> AppealRequest:
        d = self.cleaned_data
        return AppealRequest(
            issues=d["issues"],
            statement=d.get("statement", ""),
            expedite_reason=d.get("expedite_reason", ""),
            good_cause_statement=d.get("good_cause_statement", ""),
            missing_items=missing_items,
        )


def _notice_label(notice) -> str:
    """A notice as the filer picks it: its title, reference, household member and date."""
    member = ((notice.content or {}).get("details") or {}).get("member")
    values = {"title": notice.type.title, "ref": notice.reference, "date": notice.notice_date}
    if member:
        return _("%(title)s %(ref)s for %(member)s, dated %(date)s") % {**values, "member": member}
    return _("%(title)s %(ref)s, dated %(date)s") % values


class FileAppealForm(AppealRequestForm):
    """First-level appeal: which decision and which notice."""

    determination = forms.ChoiceField(label=_("Decision appealed"))
    notice_appealed = forms.ChoiceField(label=_("Notice of that decision"))
    field_order = ["determination", "notice_appealed", "issues", "statement", "expedite_reason"]

    def __init__(self, *args, determinations=(), notices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.determinations = {str(d.pk): d for d in determinations}
        self.notices = {str(n.pk): n for n in notices}
        self.fields["determination"].choices = [
            (pk, f"{d.member}: {d.get_decision_display()} from {d.effective_date}")
            for pk, d in self.determinations.items()
        ]
        self.fields["notice_appealed"].choices = [(pk, _notice_label(n)) for pk, n in self.notices.items()]

    def chosen(self):
        return self.determinations[self.cleaned_data["determination"]], self.notices[
            self.cleaned_data["notice_appealed"]
        ]


class LoggedFields(forms.Form):
    """What staff record about an appeal received on paper, by phone or in person."""

    channel = forms.ChoiceField(
        label=_("How it was received"),
        choices=[c for c in AppealChannel.choices if c[0] != AppealChannel.ONLINE],
    )
    received_on = forms.DateField(label=_("Date received"), widget=DATE)
    appellant_kind = forms.ChoiceField(label=_("Filed by"), choices=AppellantKind.choices)
    appellant_name = forms.CharField(label=_("Name of the person appealing"), max_length=200)
    missing_items = forms.CharField(
        label=_("What is missing (leave empty when the appeal is complete)"), widget=TEXT, required=False
    )


class LogAppealForm(FileAppealForm, LoggedFields):
    field_order = ["channel", "received_on", "appellant_kind", "appellant_name", *FileAppealForm.field_order]


class FinalAppealForm(AppealRequestForm):
    pass


class LogFinalAppealForm(AppealRequestForm, LoggedFields):
    pass


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons (plain language; they go on the notice)"), widget=TEXT)
    decision = forms.ChoiceField(
        label=_("New decision (reversed or modified)"), choices=[("", "—"), *Decision.choices], required=False
    )
    effective_date = forms.DateField(label=_("New effective date"), widget=DATE, required=False)
    premium_assistance = forms.DecimalField(
        label=_("Monthly premium assistance (leave empty to compute)"),
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    oop_tier = forms.CharField(label=_("Out-of-pocket tier (leave empty to compute)"), required=False)
    # A decision on the facts: what intake or the determination got wrong, corrected (PRODUCT P11).
    annual_magi = forms.DecimalField(
        label=_("Corrected annual household income (MAGI), in dollars (decided on the facts)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"class": "usa-input"}),
    )
    household_size = forms.IntegerField(
        label=_("Corrected household size (decided on the facts)"),
        min_value=1,
        max_value=30,
        required=False,
        widget=forms.NumberInput(attrs={"class": "usa-input"}),
    )
    state_code = forms.RegexField(
        label=_("Corrected state of residence, two letters (decided on the facts)"),
        regex=r"^[A-Za-z]{2}$",
        required=False,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    CORRECTED = ("annual_magi", "household_size", "state_code")

    def clean(self):
        data = super().clean()
        if data.get("outcome") in (Outcome.REVERSED, Outcome.MODIFIED):
            if not data.get("decision"):
                self.add_error("decision", _("Say what the new decision is."))
            if not data.get("effective_date"):
                self.add_error("effective_date", _("Give the new effective date."))
        if data.get("effective_date") and (
            error := eligibility_rules.effective_date_error(data["effective_date"], local_today())
        ):
            self.add_error("effective_date", error)
        if data.get("outcome") == Outcome.UPHELD:
            for name in self.CORRECTED:
                if data.get(name) not in (None, ""):
                    self.add_error(name, _("An upheld decision does not correct the facts."))
        return data

    def change(self) -> DeterminationChange | None:
        d = self.cleaned_data
        if d["outcome"] == Outcome.UPHELD:
            return None
        return DeterminationChange(
            decision=d["decision"],
            effective_date=d["effective_date"],
            premium_assistance=d.get("premium_assistance"),
            oop_tier=d.get("oop_tier") or None,
            corrected_facts={n: d[n] for n in self.CORRECTED if d.get(n) not in (None, "")} or None,
        )


class ReasonsForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=TEXT)


class GrantDenyForm(ReasonsForm):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Grant")), ("0", _("Deny"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class StatementForm(forms.Form):
    statement = forms.CharField(label=_("Explain"), widget=TEXT)


class ReceivedOnForm(forms.Form):
    received_on = forms.DateField(label=_("Date the missing items were received"), widget=DATE)


class VacateForm(ReasonsForm):
    requested_on = forms.DateField(label=_("Date the request to reopen was received"), widget=DATE)


class OptionalReasonForm(forms.Form):
    reasons = forms.CharField(label=_("Reason (optional)"), widget=TEXT, required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = candidates


class AppealDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=EvidenceDocument.Kind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 10 MB)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        )
