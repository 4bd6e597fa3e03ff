"""API filters for applications. Only non-personal fields (PRODUCT P7): state, dates, assignment."""

import django_filters

from .models import Application, ApplicationState


class ApplicationFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=ApplicationState.choices)
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    unassigned = django_filters.BooleanFilter(field_name="assigned_to", lookup_expr="isnull")

    class Meta:
        model = Application
        fields = ["state", "received_after", "received_before", "unassigned"]
