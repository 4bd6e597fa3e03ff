"""Forms of the workspaces: the supervisor's bulk assignment and the report filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eligibility.models import Application, PlanYear
from eligibility.selectors import open_states

from . import selectors


class CaseworkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class BulkAssignForm(forms.Form):
    """Assign (or reassign, or unassign) the chosen open applications to one caseworker."""

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Applications"),
        error_messages={"required": _("Choose at least one application.")},
    )
    assignee = CaseworkerChoice(
        queryset=selectors.caseworkers(),
        required=False,
        label=_("Assign to"),
        empty_label=_("No one (unassign)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = Application.objects.filter(state__in=open_states())


class ReportFilterForm(forms.Form):
    plan_year = forms.ModelChoiceField(
        queryset=PlanYear.objects.order_by("-year"),
        to_field_name="year",
        empty_label=None,
        label=_("Plan year"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
