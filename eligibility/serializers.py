"""API serializers for intake and status (PRODUCT P9).

Intake validates the whole payload here, nested members included, before the
service is called; the service then writes everything in one transaction.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hca_portal.dates import local_today

from . import explanations, rules, selectors, services
from .models import (
    Application,
    ChangeKind,
    Channel,
    CriterionFinding,
    Determination,
    EligiblePlan,
    EndReason,
    Enrollment,
    Language,
    Member,
    ReinstateReason,
    ReplyChannel,
    ReportedChange,
)

# --- Intake -----------------------------------------------------------------------------------


class MemberInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    is_applying = serializers.BooleanField(default=True)
    ead_category = serializers.CharField(max_length=5, required=False, allow_blank=True, default="")
    daca_valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    daca_valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    has_other_coverage = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("null when unknown.")
    )
    is_incarcerated = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("null when unknown.")
    )

    def validate_date_of_birth(self, value):
        if error := rules.birth_date_error(value, local_today()):
            raise serializers.ValidationError(error)
        return value

    def validate_ead_category(self, value):
        return value.strip().upper()

    def validate(self, attrs):
        if errors := rules.daca_dates_errors(
            attrs.get("daca_valid_from"), attrs.get("daca_valid_to"), local_today()
        ):
            raise serializers.ValidationError(errors)
        return attrs


class ApplicationIntakeSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    household_size = serializers.IntegerField(min_value=1, max_value=30)
    annual_magi = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    preferred_language = serializers.ChoiceField(choices=Language.choices, default=Language.ENGLISH)
    address_line = serializers.CharField(max_length=200)
    city = serializers.CharField(max_length=100)
    state_code = serializers.RegexField(r"^[A-Za-z]{2}$", default="NM")
    zip_code = serializers.RegexField(r"^\d{5}(-\d{4})?$")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    members = MemberInputSerializer(many=True, allow_empty=False)

    def validate_received_on(self, value):
        if error := rules.received_date_error(value, local_today()):
            raise serializers.ValidationError(error)
        if selectors.plan_year_for(value) is None:
            raise serializers.ValidationError(_("No plan year covers this date."))
        return value

    def validate_state_code(self, value):
        return value.upper()

    def validate(self, attrs):
        errors = rules.household_errors(
            household_size=attrs["household_size"], applying=[m["is_applying"] for m in attrs["members"]]
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        data["members"] = [services.MemberInput(**m) for m in data["members"]]
        data["plan_year"] = selectors.plan_year_for(data["received_on"])
        return data


# --- Status -----------------------------------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    reason = serializers.SerializerMethodField(help_text=_("The reason in plain language."))

    class Meta:
        model = CriterionFinding
        fields = ["criterion", "status", "reason_code", "reason", "updated_at"]

    @extend_schema_field(serializers.CharField())
    def get_reason(self, finding) -> str:
        return rules.reason_text(finding.reason_code) if finding.reason_code in rules.REASONS else ""


class EnrollmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrollment
        fields = [
            "id",
            "member",
            "state",
            "priority_group",
            "effective_date",
            "ended_on",
            "offered_on",
            "reply_by",
            "replied_on",
            "reply_channel",
            "end_reason",
            "end_notice_on",
            "reinstated_on",
        ]


class MemberStatusSerializer(serializers.ModelSerializer):
    findings = FindingSerializer(many=True, read_only=True)
    enrollments = EnrollmentSerializer(many=True, read_only=True)

    class Meta:
        model = Member
        fields = ["id", "first_name", "last_name", "is_applying", "chosen_plan", "findings", "enrollments"]


class EligiblePlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = EligiblePlan
        fields = ["id", "issuer", "name", "metal_level", "actuarial_value", "monthly_premium", "is_benchmark"]


class PlanChoiceSerializer(serializers.Serializer):
    """A member's plan choice; ``plan`` null means no choice (the benchmark plan)."""

    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(), help_text=_("An applying member.")
    )
    plan = serializers.PrimaryKeyRelatedField(
        queryset=EligiblePlan.objects.none(), allow_null=True, help_text=_("One of the application's plans.")
    )

    def __init__(self, *args, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is None:  # the schema's instance
            return
        self.fields["member"].queryset = application.members.filter(is_applying=True)
        plans = selectors.eligible_plans(application.plan_year, local_today())
        self.fields["plan"].queryset = EligiblePlan.objects.filter(pk__in=[plan.pk for plan in plans])


class DeterminationSerializer(serializers.ModelSerializer):
    """A determination with the inputs of its figures, the rule each came from, and the words.

    ``explanation`` and ``standing`` are rendered from the stored inputs in the request's language.
    """

    reason_codes = serializers.ListField(child=serializers.CharField(), read_only=True)
    in_force = serializers.BooleanField(read_only=True, help_text=_("No newer determination replaced it."))
    superseded_by = serializers.SerializerMethodField(help_text=_("The determination that replaced it."))
    plan_year = serializers.IntegerField(source="guidance.plan_year.year", read_only=True)
    guidance_effective_date = serializers.DateField(source="guidance.effective_date", read_only=True)
    plan_name = serializers.SerializerMethodField(help_text=_("The plan the assistance was figured against."))
    standing = serializers.SerializerMethodField(help_text=_("Which one stands and since when, in words."))
    explanation = serializers.SerializerMethodField(help_text=_("The computation in plain words."))

    class Meta:
        model = Determination
        fields = [
            "id",
            "member",
            "decision",
            "effective_date",
            "reason_codes",
            "fpl_pct",
            "premium_assistance",
            "oop_tier",
            "decided_on",
            "waitlisted",
            "decided_by_kind",
            "in_force",
            "supersedes",
            "superseded_by",
            "superseded_on",
            "ended_on",
            "plan_year",
            "guidance",
            "guidance_effective_date",
            "household_size",
            "annual_income",
            "fpl_first_person",
            "fpl_each_additional",
            "fpl_amount",
            "income_limit_pct",
            "applicable_pct",
            "applicable_rule",
            "scale_band",
            "benchmark_premium",
            "plan",
            "plan_name",
            "plan_premium",
            "plan_rule",
            "expected_contribution",
            "assistance_rule",
            "enrollee_share",
            "oop_band",
            "tier_rule",
            "standing",
            "explanation",
        ]

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_superseded_by(self, determination) -> str | None:
        newer = getattr(determination, "superseded_by", None)
        return str(newer.pk) if newer is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_plan_name(self, determination) -> str | None:
        return str(determination.plan) if determination.plan_id else None

    @extend_schema_field(serializers.CharField())
    def get_standing(self, determination) -> str:
        return explanations.standing(determination)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_explanation(self, determination) -> list[str]:
        return explanations.explain(determination)


class ApplicationListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    plan_year = serializers.IntegerField(source="plan_year.year", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    assigned_to = serializers.CharField(
        source="assigned_to.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "state",
            "channel",
            "received_on",
            "plan_year",
            "member_count",
            "assigned_to",
            "next_due_on",
        ]


class ApplicationStatusSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    plan_year = serializers.IntegerField(source="plan_year.year", read_only=True)
    members = MemberStatusSerializer(many=True, read_only=True)
    determinations = DeterminationSerializer(many=True, read_only=True)
    plans = serializers.SerializerMethodField(help_text=_("The plans a member may choose, benchmark first."))

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "state",
            "channel",
            "received_on",
            "plan_year",
            "next_due_on",
            "members",
            "determinations",
            "plans",
        ]

    @extend_schema_field(EligiblePlanSerializer(many=True))
    def get_plans(self, application) -> list[dict]:
        return EligiblePlanSerializer(
            selectors.eligible_plans(application.plan_year, local_today()), many=True
        ).data


# --- Reported changes and corrections (PRODUCT P11) -------------------------------------------


class ReportedChangeSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_label = serializers.SerializerMethodField(
        help_text=_("The kind of change, in the reader's language.")
    )
    facts = serializers.DictField(read_only=True, help_text=_("The new facts, by field."))
    previous = serializers.DictField(read_only=True, help_text=_("The facts they replaced, once applied."))
    determinations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ReportedChange
        fields = [
            "id",
            "kind",
            "kind_label",
            "member",
            "state",
            "source",
            "event_on",
            "reported_on",
            "facts",
            "previous",
            "why",
            "reported_late",
            "due_on",
            "effective_date",
            "adverse",
            "applied_on",
            "appeal_id",
            "determinations",
            "documents",
        ]

    @extend_schema_field(serializers.CharField())
    def get_kind_label(self, change) -> str:
        return change.kind.display_label


class ChangeInputSerializer(serializers.Serializer):
    """A change to report (or, for a caseworker, to record); only the facts its kind sets are read."""

    kind = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ChangeKind.objects.filter(is_active=True),
        help_text=_("A change kind's code."),
    )
    member = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("The member it is about (their id).")
    )
    event_on = serializers.DateField(help_text=_("The day the change happened."))
    annual_magi = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    household_size = serializers.IntegerField(min_value=1, max_value=30, required=False, allow_null=True)
    address_line = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    state_code = serializers.RegexField(r"^[A-Za-z]{2}$", required=False, allow_blank=True)
    zip_code = serializers.RegexField(r"^\d{5}(-\d{4})?$", required=False, allow_blank=True)
    ead_category = serializers.CharField(max_length=5, required=False, allow_blank=True)
    daca_valid_from = serializers.DateField(required=False, allow_null=True)
    daca_valid_to = serializers.DateField(required=False, allow_null=True)
    has_other_coverage = serializers.BooleanField(required=False, allow_null=True, default=None)
    is_incarcerated = serializers.BooleanField(required=False, allow_null=True, default=None)
    why = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    apply_now = serializers.BooleanField(
        default=False, help_text=_("Caseworkers: apply it at once and redetermine (corrections always are).")
    )

    FACTS = tuple(rules.FACT_LABELS)  # every fact a change may set

    def service_kwargs(self, application) -> dict:
        d = self.validated_data
        member = None
        if d.get("member") is not None:
            member = application.members.filter(pk=d["member"]).first()
            if member is None:
                raise serializers.ValidationError({"member": [_("That member is not on this application.")]})
        return {
            "kind": d["kind"],
            "member": member,
            "event_on": d["event_on"],
            "facts": {f: d.get(f) for f in self.FACTS if d.get(f) not in (None, "")},
            "why": d.get("why", ""),
        }


# --- Coverage: ends, reinstatements, answers to offers (P4, P11) ------------------------------------


class TerminateSerializer(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=EndReason.choices)
    last_day = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("For a request, the day asked for; for a death, the date of death; otherwise omit it."),
    )


class ReinstateSerializer(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=ReinstateReason.choices)


class OfferReplySerializer(serializers.Serializer):
    """Staff give how the answer came and the day it was received; the applicant or representative
    answering for themselves send an empty body (their answer is online, today)."""

    channel = serializers.ChoiceField(
        choices=[c for c in ReplyChannel.choices if c[0] != ReplyChannel.ONLINE], required=False
    )
    received_on = serializers.DateField(required=False)
