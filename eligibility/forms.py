"""Caseworker forms for eligibility pages (PRODUCT P2, P9).

Forms only collect and validate input; every write goes through services.py.
Filters carry no personal data (PRODUCT P7): state, assignment and reference only.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from hca_portal import roles
from hca_portal.dates import local_today

from . import rules, selectors, services
from .models import (
    Application,
    ApplicationState,
    ChangeKind,
    Criterion,
    EligiblePlan,
    EndReason,
    EvidenceDocument,
    FindingStatus,
    Member,
    ReinstateReason,
    ReplyChannel,
    Representation,
)

REFERENCE_PATTERN = r"[0-9A-Fa-f]{4,8}"


class PlainSelect(forms.Select):
    """Django's select, its markup written here instead of by its templates.

    Django's template includes one template per option and one more for each option's attributes:
    the case page's forms hold about a hundred options, which took longer than all its queries.
    Same markup as Django's `select.html`, `select_option.html` and `attrs.html`.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            mark_safe("".join(groups)),
        )


def _attrs(attrs: dict) -> str:
    """HTML attributes as Django's `attrs.html` writes them: True alone, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class UswdsMixin:
    """Gives every widget its USWDS class, so templates render fields uniformly."""

    CLASSES = {
        "select": "usa-select",
        "nullbooleanselect": "usa-select",
        "textarea": "usa-textarea",
        "checkbox": "usa-checkbox__input",
        "clearablefile": "usa-file-input",
        "file": "usa-file-input",
    }

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        # Several forms share the case page: distinct ids keep each label tied to its own input.
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name = type(field.widget).__name__.lower().removesuffix("input").removesuffix("widget")
            field.widget.attrs.setdefault("class", self.CLASSES.get(name, "usa-input"))
            if type(field.widget) is forms.Select:  # this form's own copy of the widget
                field.widget.__class__ = PlainSelect

    def full_clean(self):
        """Tie each error message to its input, so screen readers announce it with the field."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                ids = [f"{bound.auto_id}_helptext"] if bound.help_text else []
                bound.field.widget.attrs["aria-describedby"] = " ".join([*ids, f"{bound.auto_id}-error"])


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def attach_errors(exc: ValidationError, form, *, default_field: str | None = None, formset=None) -> None:
    """Show a service's ValidationError on the field it names, else on the form as a whole."""
    if not hasattr(exc, "error_dict"):
        form.add_error(default_field if default_field in form.fields else None, exc)
        return
    for field, errors in exc.message_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif formset is not None and field == "members":
            formset._non_form_errors = formset.error_class(
                [*formset.non_form_errors(), *errors], error_class="nonform"
            )
        else:
            form.add_error(None, errors if field == NON_FIELD_ERRORS else [f"{field}: {e}" for e in errors])


def show_loaded_choices(form, name: str, rows) -> None:
    """List `rows`, already loaded for the page, as the options of the unbound form's model choice field
    `name`, instead of querying them again (through a server-side cursor) while the page renders. A
    submitted form still checks the choice against the field's queryset."""
    field = form.fields[name]
    blank = [] if field.empty_label is None else [("", field.empty_label)]
    field.choices = [*blank, *((row.pk, field.label_from_instance(row)) for row in rows)]


def error_text(exc: ValidationError) -> str:
    """A service error as one sentence, for a message after a button."""
    return " ".join(exc.messages)


# --- Queue ------------------------------------------------------------------------------------


class QueueFilterForm(UswdsMixin, forms.Form):
    id_prefix = "filter"

    ASSIGNED = [("", _("Anyone")), ("me", _("Me")), ("none", _("No one"))]

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *ApplicationState.choices]
    )
    assigned = forms.ChoiceField(label=_("Assigned to"), required=False, choices=ASSIGNED)
    q = forms.RegexField(
        label=_("Reference"),
        required=False,
        regex=rf"^{REFERENCE_PATTERN}$",
        help_text=_("The first 4 to 8 characters of the reference, e.g. 3F2A91BC."),
        error_messages={"invalid": _("Search by case reference only: 4 to 8 letters A-F and digits.")},
        widget=forms.TextInput(
            attrs={"pattern": REFERENCE_PATTERN, "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def filters(self) -> dict[str, str]:
        """The valid filters only; an invalid one is dropped, never echoed into a link."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.cleaned_data[name] for name in self.fields if self.cleaned_data.get(name)}


# --- Intake -----------------------------------------------------------------------------------


class IntakeForm(UswdsMixin, forms.ModelForm):
    """The household. The plan year follows from the received date."""

    class Meta:
        model = Application
        fields = [
            "received_on",
            "channel",
            "household_size",
            "annual_magi",
            "preferred_language",
            "address_line",
            "city",
            "state_code",
            "zip_code",
            "email",
            "phone",
        ]
        labels = {
            "received_on": _("Date received"),
            "channel": _("How it was received"),
            "household_size": _("Household size"),
            "annual_magi": _("Annual household income (MAGI), in dollars"),
            "preferred_language": _("Preferred language"),
            "address_line": _("Street address"),
            "city": _("City"),
            "state_code": _("State (two letters)"),
            "zip_code": _("ZIP code"),
            "email": _("Email (optional)"),
            "phone": _("Phone (optional)"),
        }
        widgets = {"received_on": date_widget()}

    zip_code = forms.RegexField(
        label=_("ZIP code"),
        regex=r"^\d{5}(-\d{4})?$",
        error_messages={"invalid": _("Enter a ZIP code of 5 digits, or 5+4 digits.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"received_on": local_today(), "state_code": "NM"})
        super().__init__(*args, **kwargs)
        self.fields["household_size"].widget.attrs.update(min=1, max=30)
        self.fields["annual_magi"].widget.attrs.update(min=0)
        self.plan_year = None

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if error := rules.received_date_error(received_on, local_today()):
            raise ValidationError(error)
        self.plan_year = selectors.plan_year_for(received_on)
        if self.plan_year is None:
            raise ValidationError(
                _("No plan year covers this date; a program administrator must set one up first.")
            )
        return received_on

    def clean_state_code(self):
        return self.cleaned_data["state_code"].strip().upper()

    def service_kwargs(self) -> dict:
        return {"plan_year": self.plan_year, **{name: self.cleaned_data[name] for name in self.Meta.fields}}


class MemberForm(UswdsMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "is_applying",
            "ead_category",
            "daca_valid_from",
            "daca_valid_to",
            "has_other_coverage",
            "is_incarcerated",
        ]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "date_of_birth": _("Date of birth"),
            "is_applying": _("Applying for coverage"),
            "ead_category": _("EAD category (e.g. C33)"),
            "daca_valid_from": _("DACA valid from"),
            "daca_valid_to": _("DACA valid to"),
            "has_other_coverage": _("Has or can get other coverage"),
            "is_incarcerated": _("Incarcerated"),
        }
        help_texts = {"has_other_coverage": _("Job-based coverage, Medicaid or another third-party payor.")}
        widgets = {
            "date_of_birth": date_widget(),
            "daca_valid_from": date_widget(),
            "daca_valid_to": date_widget(),
            "has_other_coverage": forms.NullBooleanSelect,
            "is_incarcerated": forms.NullBooleanSelect,
        }

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if error := rules.birth_date_error(born, local_today()):
            raise ValidationError(error)
        return born

    def clean_ead_category(self):
        return self.cleaned_data["ead_category"].strip().upper()

    def clean(self):
        data = super().clean()
        errors = rules.daca_dates_errors(
            data.get("daca_valid_from"), data.get("daca_valid_to"), local_today()
        )
        for field, error in errors.items():
            if field in data:
                self.add_error(field, error)
        return data

    def member_input(self) -> services.MemberInput:
        return services.MemberInput(**{name: self.cleaned_data[name] for name in self.Meta.fields})


class BaseMemberFormSet(forms.BaseFormSet):
    def member_inputs(self) -> list[services.MemberInput]:
        return [form.member_input() for form in self.forms if form.has_changed()]

    def with_another_member(self):
        """An unbound copy holding what was typed, plus one blank member (no JavaScript needed)."""
        typed = [{name: form[name].value() for name in form.fields} for form in self.forms]
        return type(self)(initial=typed, prefix=self.prefix)


MemberFormSet = forms.formset_factory(
    MemberForm,
    formset=BaseMemberFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=30,
    validate_max=True,
)


def unbound_copy(form):
    """An unbound copy of a bound form, keeping what was typed (for "add another member")."""
    return type(form)(initial={name: form[name].value() for name in form.fields})


# --- Case actions -----------------------------------------------------------------------------


class EvidenceForm(UswdsMixin, forms.Form):
    id_prefix = "evidence"

    kind = forms.ChoiceField(label=_("Kind of document"), choices=EvidenceDocument.Kind.choices)
    member = forms.ModelChoiceField(
        label=_("Household member"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("The household"),
    )
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 10 MB)"))

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = application.members.all()
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        )


def reason_choices(*, statuses: tuple[str, ...] | None = None):
    """Coded reasons grouped by criterion; `statuses` keeps only those going with these findings."""

    def keep(reason):
        if (
            reason.status == FindingStatus.UNVERIFIED
            or reason.code in rules.WAITLIST_CODES
            or reason.code in rules.CHANGE_REASONS
        ):
            return False  # the system's own reasons: intake's first look, a waitlist placement, a change
        if reason.code in rules.COVERAGE_CODES:
            return False  # ends, reinstatements and lapses have their own forms
        return statuses is None or reason.status in statuses or reason.code == "caseworker_other"

    def option(reason):
        return (reason.code, f"{reason.code}: {reason.text}")

    groups = [
        (label, [option(r) for r in rules.REASONS.values() if r.criterion == value and keep(r)])
        for value, label in Criterion.choices
    ]
    general = [option(r) for r in rules.REASONS.values() if not r.criterion and keep(r)]
    return [("", "---------"), *[g for g in groups if g[1]], (_("General"), general)]


class FindingForm(UswdsMixin, forms.Form):
    id_prefix = "finding"

    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    criterion = forms.ChoiceField(label=_("Criterion"), choices=Criterion.choices)
    status = forms.ChoiceField(
        label=_("Finding"), choices=[c for c in FindingStatus.choices if c[0] != FindingStatus.UNVERIFIED]
    )
    reason_code = forms.ChoiceField(label=_("Reason"), choices=reason_choices)
    evidence = forms.ModelChoiceField(
        label=_("Evidence that settled it"), queryset=EvidenceDocument.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = application.members.filter(is_applying=True)
        self.fields["evidence"].queryset = application.documents.all()


class InformationRequestForm(UswdsMixin, forms.Form):
    id_prefix = "rfi"

    items = forms.CharField(
        label=_("What the applicant must send"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class AssignForm(UswdsMixin, forms.Form):
    id_prefix = "assign"

    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("No one"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.deciders().order_by("username")


class RepresentativeForm(UswdsMixin, forms.Form):
    id_prefix = "rep"

    representative = forms.ModelChoiceField(
        label=_("Representative"), queryset=get_user_model().objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Representation.Kind.choices)
    scope = forms.ChoiceField(label=_("Scope"), choices=Representation.Scope.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=date_widget())
    ends_on = forms.DateField(label=_("Ends on (optional)"), required=False, widget=date_widget())
    written_designation = forms.ModelChoiceField(
        label=_("Written designation (uploaded document)"),
        queryset=EvidenceDocument.objects.none(),
        required=False,
    )

    def __init__(self, *args, application: Application, **kwargs):
        kwargs.setdefault("initial", {"starts_on": local_today()})
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.REPRESENTATIVE, is_active=True)
            .order_by("username")
        )
        self.fields["written_designation"].queryset = application.documents.all()


class TerminateForm(UswdsMixin, forms.Form):
    id_prefix = "terminate"

    reason_code = forms.ChoiceField(label=_("Reason coverage ends"), choices=EndReason.choices)
    last_day = forms.DateField(
        label=_("Last day of coverage (optional)"),
        required=False,
        widget=date_widget(),
        help_text=_(
            "For a request, the day the person asked for; for a death, the date of death. Otherwise leave "
            "it empty: coverage runs to the end of the month in which the advance notice ends."
        ),
    )


# --- Reported changes and corrections (PRODUCT P11) -------------------------------------------


class ChangeKindField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_label


YES_NO = [("", "---------"), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class ChangeForm(UswdsMixin, forms.Form):
    """A change the household reports (or a caseworker records for them); only the facts the kind
    sets are read (rules.FACT_GROUPS), and the service names any that are missing."""

    id_prefix = "change"

    kind = ChangeKindField(label=_("What changed"), queryset=ChangeKind.objects.none())
    member = forms.ModelChoiceField(
        label=_("Household member it is about (DACA, other coverage, incarceration, death)"),
        queryset=Member.objects.none(),
        required=False,
    )
    event_on = forms.DateField(label=_("Date it happened"), widget=date_widget())
    annual_magi = forms.DecimalField(
        label=_("New annual household income (MAGI), in dollars"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    household_size = forms.IntegerField(
        label=_("New household size"), min_value=1, max_value=30, required=False
    )
    address_line = forms.CharField(label=_("New street address"), max_length=200, required=False)
    city = forms.CharField(label=_("New city"), max_length=100, required=False)
    state_code = forms.CharField(label=_("New state (two letters)"), max_length=2, required=False)
    zip_code = forms.RegexField(
        label=_("New ZIP code"),
        regex=r"^\d{5}(-\d{4})?$",
        required=False,
        error_messages={"invalid": _("Enter a ZIP code of 5 digits, or 5+4 digits.")},
    )
    ead_category = forms.CharField(label=_("EAD category, e.g. C33"), max_length=5, required=False)
    daca_valid_from = forms.DateField(label=_("DACA valid from"), widget=date_widget(), required=False)
    daca_valid_to = forms.DateField(label=_("DACA valid to"), widget=date_widget(), required=False)
    has_other_coverage = forms.TypedChoiceField(
        label=_("Has other health coverage now"), choices=YES_NO, coerce=_yes_no, required=False
    )
    is_incarcerated = forms.TypedChoiceField(
        label=_("Is incarcerated now"), choices=YES_NO, coerce=_yes_no, required=False
    )
    why = forms.CharField(
        label=_("Tell us about it (for a correction: what intake got wrong and how you know)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    document_kind = forms.ChoiceField(
        label=_("Kind of document"), choices=EvidenceDocument.Kind.choices, required=False
    )
    document = forms.FileField(
        label=_("Document (PDF, JPEG or PNG, at most 10 MB; optional)"), required=False
    )

    FACTS = tuple(rules.FACT_LABELS)  # every fact a change may set

    def __init__(self, *args, application: Application, staff: bool, **kwargs):
        kwargs.setdefault("initial", {"event_on": local_today()})
        super().__init__(*args, **kwargs)
        kinds = services.active_kinds()
        self.fields["kind"].queryset = kinds if staff else kinds.filter(is_correction=False)
        self.fields["member"].queryset = application.members.filter(is_applying=True)
        self.fields["document"].widget.attrs["accept"] = (
            ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        )
        if staff:
            self.fields["apply_now"] = forms.BooleanField(
                label=_("Apply it now and redetermine (a correction is always applied at once)"),
                required=False,
            )
            self.fields["apply_now"].widget.attrs["class"] = "usa-checkbox__input"

    def clean(self):
        data = super().clean()
        if data.get("document") and not data.get("document_kind"):
            self.add_error("document_kind", _("Choose the kind of document."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        uploads = ((d["document_kind"], d["document"]),) if d.get("document") else ()
        return {
            "kind": d["kind"],
            "member": d.get("member"),
            "event_on": d["event_on"],
            "facts": {name: d.get(name) for name in self.FACTS if d.get(name) not in (None, "")},
            "why": d.get("why", ""),
            "uploads": uploads,
        }


class DismissChangeForm(UswdsMixin, forms.Form):
    id_prefix = "dismiss"

    why = forms.CharField(label=_("Why it is dismissed"), max_length=500)


class ReinstateForm(UswdsMixin, forms.Form):
    id_prefix = "reinstate"

    reason_code = forms.ChoiceField(label=_("Reason for reinstating"), choices=ReinstateReason.choices)


STAFF_REPLY_CHANNELS = [(c.value, c.label) for c in ReplyChannel if c != ReplyChannel.ONLINE]


class OfferReplyForm(UswdsMixin, forms.Form):
    """Staff record an answer to an offer that came by phone, mail or in person."""

    id_prefix = "reply"

    channel = forms.ChoiceField(label=_("How the answer reached us"), choices=STAFF_REPLY_CHANNELS)
    received_on = forms.DateField(label=_("Date received"), widget=date_widget())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"received_on": local_today()})
        super().__init__(*args, **kwargs)


class PlanChoiceForm(UswdsMixin, forms.Form):
    """The plan a member chose, among the plan year's eligible plans (none: the benchmark plan)."""

    id_prefix = "plan"

    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=EligiblePlan.objects.none(),
        required=False,
        empty_label=_("No choice: the benchmark plan"),
    )

    def __init__(self, *args, application: Application, plans: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = application.members.filter(is_applying=True)
        self.fields["plan"].queryset = EligiblePlan.objects.filter(pk__in=[plan.pk for plan in plans])
        self.fields["plan"].label_from_instance = plan_label


def plan_label(plan) -> str:
    params = {"plan": plan, "metal": plan.get_metal_level_display(), "premium": plan.monthly_premium}
    if plan.is_benchmark:
        return _("%(plan)s (%(metal)s), $%(premium)s a month: the benchmark plan") % params
    return _("%(plan)s (%(metal)s), $%(premium)s a month") % params
