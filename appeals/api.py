"""Appeals in the REST API (/api/v1/appeals/; PRODUCT P9): filing, status, due dates and decisions.

Token authentication (settings). Every object is reached through the access
helpers: a case, decision, notice or appeal the caller may not see is reported
as not found on the field that named it. Service errors keep their field names: they
become API errors in one place, ``hca_portal.api.exception_handler``.
"""

from __future__ import annotations

import django_filters
from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from eligibility import rules as eligibility_rules
from eligibility.access import applications_for_user
from eligibility.models import CaseAccessLog, Decision, Determination
from hca_portal.dates import local_today
from notices.models import Notice

from . import selectors, services
from .models import Appeal, AppealChannel, AppellantKind, DismissalReason, Issue, Level, Outcome, State


class _VisibleTo(serializers.PrimaryKeyRelatedField):
    """A related object the requesting user may see; anything else is 'not found'."""

    def __init__(self, visible, **kwargs):
        self.visible = visible
        super().__init__(pk_field=serializers.UUIDField(format="hex_verbose"), **kwargs)

    def get_queryset(self):
        return self.visible(self.context["request"].user)


# Filing reaches the case, its decisions and notices as an appellant: a representative designated
# for appeals only may name them here (and nowhere else in the API).
def _applications(user):
    return applications_for_user(user, appeals=True)


def _determinations(user):
    return Determination.objects.filter(application__in=_applications(user).values("pk"))


def _notices(user):
    return Notice.objects.filter(application__in=_applications(user).values("pk"))


class DueDateSerializer(serializers.Serializer):
    label = serializers.CharField()
    due = serializers.DateField()
    explain = serializers.CharField()
    passed = serializers.BooleanField()


class _ChoiceOrNull(serializers.ChoiceField):
    """A choice stored blank until it is made: null in the API, never an empty string outside the enum."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class AppealSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    assigned_to = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    outcome = _ChoiceOrNull(Outcome.choices)
    dismissal_reason = _ChoiceOrNull(DismissalReason.choices)
    due_dates = serializers.SerializerMethodField()

    class Meta:
        model = Appeal
        fields = [
            "id",
            "reference",
            "level",
            "state",
            "state_display",
            "expedite",
            "application",
            "determination",
            "notice_appealed",
            "parent",
            "appellant_kind",
            "channel",
            "received_on",
            "issues",
            "assigned_to",
            "filing_deadline",
            "filing_deadline_rule",
            "decision_due_on",
            "decision_due_rule",
            "final_appeal_due_on",
            "due_dates",
            "outcome",
            "decision_reasons",
            "decided_on",
            "new_determination",
            "decision_notice",
            "dismissal_reason",
            "dismissed_on",
            "vacate_due_on",
        ]
        read_only_fields = fields

    @extend_schema_field(DueDateSerializer(many=True))
    def get_due_dates(self, appeal) -> list[dict]:
        return DueDateSerializer(selectors.explained_dates(appeal), many=True).data


class FileAppealSerializer(serializers.Serializer):
    """Filing. Applicants and representatives file online; staff with appeals.log_appeal log a paper,
    fax, phone or in-person appeal with the date received. A final appeal names its ``parent``."""

    application = _VisibleTo(_applications, required=False)
    determination = _VisibleTo(_determinations, required=False)
    notice_appealed = _VisibleTo(_notices, required=False)
    parent = _VisibleTo(selectors.appeals_for_user, required=False)
    issues = serializers.ListField(child=serializers.ChoiceField(choices=Issue.choices), allow_empty=False)
    statement = serializers.CharField(required=False, allow_blank=True, default="")
    expedite_reason = serializers.CharField(required=False, allow_blank=True, default="")
    good_cause_statement = serializers.CharField(required=False, allow_blank=True, default="")
    # Logged appeals only:
    channel = serializers.ChoiceField(choices=AppealChannel.choices, required=False)
    received_on = serializers.DateField(required=False)
    appellant_kind = serializers.ChoiceField(choices=AppellantKind.choices, required=False)
    appellant_name = serializers.CharField(required=False, allow_blank=True, default="")
    missing_items = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, data):
        errors = {}
        if data.get("parent") is None:
            for name in ("application", "determination", "notice_appealed"):
                if data.get(name) is None:
                    errors[name] = ["This field is required for a first-level appeal."]
        if self.context["request"].user.has_perm("appeals.log_appeal"):
            for name in ("channel", "received_on", "appellant_kind"):
                if data.get(name) is None:
                    errors[name] = ["This field is required when staff log an appeal."]
        if errors:
            raise ValidationError(errors)
        return data


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reasons = serializers.CharField()
    decision = serializers.ChoiceField(choices=Decision.choices, required=False)
    effective_date = serializers.DateField(required=False)
    premium_assistance = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    oop_tier = serializers.CharField(required=False)
    # A decision on the facts: the corrected facts, recorded as a correction caused by this appeal.
    annual_magi = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, help_text="Corrected annual income."
    )
    household_size = serializers.IntegerField(
        min_value=1, max_value=30, required=False, help_text="Corrected household size."
    )
    state_code = serializers.RegexField(
        r"^[A-Za-z]{2}$", required=False, help_text="Corrected state of residence."
    )

    def validate_effective_date(self, value):
        if error := eligibility_rules.effective_date_error(value, local_today()):
            raise ValidationError(error)
        return value

    def validate(self, data):
        corrected = [n for n in ("annual_magi", "household_size", "state_code") if n in data]
        if data["outcome"] == Outcome.UPHELD and corrected:
            raise ValidationError({n: ["An upheld decision does not correct the facts."] for n in corrected})
        if data["outcome"] != Outcome.UPHELD:
            missing = {
                n: ["Required when the outcome is reversed or modified."]
                for n in ("decision", "effective_date")
                if n not in data
            }
            if missing:
                raise ValidationError(missing)
        return data

    def change(self) -> services.DeterminationChange | None:
        d = self.validated_data
        if d["outcome"] == Outcome.UPHELD:
            return None
        return services.DeterminationChange(
            decision=d["decision"],
            effective_date=d["effective_date"],
            premium_assistance=d.get("premium_assistance"),
            oop_tier=d.get("oop_tier"),
            corrected_facts={n: d[n] for n in ("annual_magi", "household_size", "state_code") if n in d}
            or None,
        )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AppealFilter(django_filters.FilterSet):
    """By case id, level and state. A case id is compared, never looked up: a case the caller may not
    see answers exactly like one that does not exist (200, no rows)."""

    application = django_filters.UUIDFilter(field_name="application_id")
    level = django_filters.ChoiceFilter(choices=Level.choices)
    state = django_filters.ChoiceFilter(choices=State.choices)

    class Meta:
        model = Appeal
        fields = ["application", "level", "state"]


class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AppealSerializer
    filterset_class = AppealFilter
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return (
            selectors.appeals_for_user(self.request.user)
            .select_related("assigned_to")
            .order_by("-received_on", "-created_at")
        )

    def get_object(self):
        return selectors.get_appeal_for_user(
            self.request.user, self.kwargs["pk"], what=CaseAccessLog.What.APPEAL_API
        )

    @extend_schema(request=FileAppealSerializer, responses={201: AppealSerializer})
    def create(self, request):
        data = _validated(FileAppealSerializer, request)
        user, today = request.user, local_today()
        request_ = services.AppealRequest(
            issues=data["issues"],
            statement=data["statement"],
            expedite_reason=data["expedite_reason"],
            good_cause_statement=data["good_cause_statement"],
            missing_items=data["missing_items"],
        )
        logged = user.has_perm("appeals.log_appeal")
        paper = (
            {
                "channel": data["channel"],
                "received_on": data["received_on"],
                "appellant_kind": data["appellant_kind"],
                "appellant_name": data["appellant_name"],
            }
            if logged
            else {}
        )
        if data.get("parent") is not None:
            verb = services.log_final_appeal if logged else services.file_final_appeal
            appeal = verb(parent=data["parent"], request=request_, acting_user=user, today=today, **paper)
        else:
            verb = services.log_appeal if logged else services.file_appeal
            appeal = verb(
                application=data["application"],
                determination=data["determination"],
                notice_appealed=data["notice_appealed"],
                request=request_,
                acting_user=user,
                today=today,
                **paper,
            )
        return Response(AppealSerializer(appeal).data, status=201)

    @extend_schema(request=DecisionSerializer, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """Decide (officer: first level; bureau reviewer: final). 403 for anyone who took part."""
        appeal = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.decide_appeal(
            appeal=appeal,
            outcome=serializer.validated_data["outcome"],
            reasons=serializer.validated_data["reasons"],
            change=serializer.change(),
            acting_user=request.user,
            today=local_today(),
        )
        return Response(AppealSerializer(appeal).data)

    @extend_schema(request=WithdrawSerializer, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        appeal = self.get_object()
        data = _validated(WithdrawSerializer, request)
        services.withdraw_appeal(
            appeal=appeal, reason=data["reason"], acting_user=request.user, today=local_today()
        )
        return Response(AppealSerializer(appeal).data)


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


router = SimpleRouter(use_regex_path=False)
router.register("appeals", AppealViewSet, basename="appeal")

urlpatterns = [path("", include(router.urls))]
