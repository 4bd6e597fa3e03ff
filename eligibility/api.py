"""REST API for the vendor's systems: intake, status and decisions (PRODUCT P9), under /api/v1/.

Token authentication is configured globally. Every case is reached through
eligibility.access (which logs the read); a 400 names each bad field by its path,
nested ones included (`members[0].date_of_birth`), and nothing is half-saved. The
services' errors become API errors in one place, ``hca_portal.api.exception_handler``.
"""

import uuid

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter

from hca_portal.dates import local_today

from . import access, selectors, services
from .filters import ApplicationFilter
from .models import Application, CaseAccessLog, Enrollment, ReplyChannel, ReportedChange
from .serializers import (
    ApplicationIntakeSerializer,
    ApplicationListSerializer,
    ApplicationStatusSerializer,
    ChangeInputSerializer,
    EnrollmentSerializer,
    OfferReplySerializer,
    PlanChoiceSerializer,
    ReinstateSerializer,
    ReportedChangeSerializer,
    TerminateSerializer,
)


def _status(application: Application, code: int = status.HTTP_200_OK, **kwargs) -> Response:
    return Response(
        ApplicationStatusSerializer(selectors.case_detail(application)).data, status=code, **kwargs
    )


@extend_schema_view(
    list=extend_schema(summary="Applications you may see", description="Filter by state; paged."),
    retrieve=extend_schema(
        summary="Status of an application",
        description="State, each member's findings and enrollments, determinations and the next due date.",
        responses={200: ApplicationStatusSerializer},
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Application.objects.none()  # the real one comes from access, per user
    serializer_class = ApplicationListSerializer
    filterset_class = ApplicationFilter
    lookup_value_converter = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.application_queue(self.request.user)

    def get_object(self) -> Application:
        return access.get_application_for_user(
            self.request.user, self.kwargs["pk"], what=CaseAccessLog.What.CASE_API
        )

    def retrieve(self, request, *args, **kwargs):
        return _status(self.get_object())

    @extend_schema(
        summary="Take an application",
        request=ApplicationIntakeSerializer,
        responses={201: ApplicationStatusSerializer},
    )
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("eligibility.add_application"):
            raise PermissionDenied
        serializer = ApplicationIntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.create_application(**serializer.service_kwargs(), acting_user=request.user)
        location = reverse("application-detail", args=[application.pk], request=request)
        return _status(application, status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        summary="Decide eligibility",
        description="Decides every applying member; needs the decide permission.",
        request=None,
        responses={200: ApplicationStatusSerializer},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        application = self.get_object()  # 404 first: a case the caller may not see looks missing
        if not request.user.has_perm("eligibility.decide_application"):
            raise PermissionDenied
        services.decide_application(application=application, acting_user=request.user, today=local_today())
        return _status(application)

    @extend_schema(
        summary="Record a member's plan choice",
        description=(
            "The member's assistance is figured against the plan chosen (null: the benchmark plan) and "
            "never exceeds its premium. A member covered now gets a new determination from the first of "
            "next month, superseding the one in force, with a notice. Needs the decide permission."
        ),
        request=PlanChoiceSerializer,
        responses={200: ApplicationStatusSerializer},
    )
    @action(detail=True, methods=["post"], url_path="choose-plan")
    def choose_plan(self, request, *args, **kwargs):
        application = self.get_object()  # 404 first: a case the caller may not see looks missing
        if not request.user.has_perm("eligibility.decide_application"):
            raise PermissionDenied
        serializer = PlanChoiceSerializer(data=request.data, application=application)
        serializer.is_valid(raise_exception=True)
        services.choose_plan(**serializer.validated_data, acting_user=request.user, today=local_today())
        return _status(application)


# --- Enrollments: ends, reinstatements and answers to offers (P4, P11) ----------------------------


def _enrollment_for(request, pk) -> Enrollment:
    """The enrollment through its case's access helper (logged); a case the caller may not see, or
    an id that exists nowhere, is a 404 alike."""
    application_id = (
        Enrollment.objects.filter(pk=pk).values_list("member__application_id", flat=True).first()
        if _is_uuid(pk)
        else None
    )
    if application_id is None:
        raise Http404("No such case.")  # the access helper's answer, word for word
    application = access.get_application_for_user(
        request.user, application_id, what=CaseAccessLog.What.CASE_API
    )
    return Enrollment.objects.select_related("member__application").get(
        pk=pk, member__application=application
    )


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _enrollment_status(enrollment: Enrollment) -> Response:
    enrollment.refresh_from_db()
    return Response(EnrollmentSerializer(enrollment).data)


@extend_schema_view(
    retrieve=extend_schema(
        summary="An enrollment",
        description="A member's place: its state, dates, the answer to an offer and the end of coverage.",
        responses={200: EnrollmentSerializer},
    )
)
class EnrollmentViewSet(viewsets.GenericViewSet):
    queryset = Enrollment.objects.none()  # reached through the case's access helper
    serializer_class = EnrollmentSerializer
    lookup_value_converter = "uuid"

    def retrieve(self, request, pk=None):
        return Response(EnrollmentSerializer(_enrollment_for(request, pk)).data)

    @extend_schema(
        summary="End coverage",
        description=(
            "Ends coverage for a coded reason, with a notice and appeal rights. An adverse end takes "
            "effect after the guidance's advance notice (coverage runs to the end of that month); an "
            "end at the person's request or on death needs none. The freed place is offered to the "
            "next in line at once. Needs the decide permission."
        ),
        request=TerminateSerializer,
        responses={200: EnrollmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        enrollment = _enrollment_for(request, pk)
        if not request.user.has_perm("eligibility.decide_application"):
            raise PermissionDenied
        data = _valid(TerminateSerializer, request)
        services.terminate_enrollment(
            enrollment=enrollment, acting_user=request.user, today=local_today(), **data
        )
        return _enrollment_status(enrollment)

    @extend_schema(
        summary="Reinstate coverage",
        description=(
            "Restores ended coverage with no gap, with a reinstatement notice; the place comes back even "
            "if the plan year's cap is reached meanwhile. Needs the decide permission."
        ),
        request=ReinstateSerializer,
        responses={200: EnrollmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        enrollment = _enrollment_for(request, pk)
        if not request.user.has_perm("eligibility.decide_application"):
            raise PermissionDenied
        data = _valid(ReinstateSerializer, request)
        services.reinstate_enrollment(
            enrollment=enrollment, acting_user=request.user, today=local_today(), **data
        )
        return _enrollment_status(enrollment)

    @extend_schema(
        summary="Accept an offer",
        description=(
            "The applicant or their representative accept online (empty body); staff record an answer "
            "received by phone, mail or in person with `channel` and `received_on`. An answer received "
            "after the reply-by date is refused."
        ),
        request=OfferReplySerializer,
        responses={200: EnrollmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(request, pk, services.accept_offer)

    @extend_schema(
        summary="Decline an offer",
        description="As accepting; the place is offered to the next in line at once.",
        request=OfferReplySerializer,
        responses={200: EnrollmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(request, pk, services.decline_offer)

    def _answer(self, request, pk, service):
        enrollment = _enrollment_for(request, pk)
        application = enrollment.member.application
        if not access.may_answer_offer(request.user, application):
            raise PermissionDenied
        kwargs = {"enrollment": enrollment, "acting_user": request.user, "today": local_today()}
        if access.is_party(request.user, application):
            service(**kwargs, channel=ReplyChannel.ONLINE)
        else:
            data = _valid(OfferReplySerializer, request)
            if "channel" not in data:
                raise ValidationError({"channel": [_("Say how the answer reached us.")]})
            service(**kwargs, **data)
        return _enrollment_status(enrollment)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


router = SimpleRouter(use_regex_path=False)
router.register("applications", ApplicationViewSet, basename="application")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")

urlpatterns = router.urls


# --- Reported changes and corrections (PRODUCT P11) -------------------------------------------


class ApplicationChangesView(GenericAPIView):
    """A case's reported changes: list them, or report one (the applicant, their representative)
    or record one (a caseworker; corrections are applied at once)."""

    serializer_class = ReportedChangeSerializer
    queryset = ReportedChange.objects.none()  # for the schema only: every case is read through access

    def _application(self, request, pk):
        return access.get_application_for_user(request.user, pk, what=CaseAccessLog.What.CASE_API)

    @extend_schema(
        summary="Changes reported on an application", responses={200: ReportedChangeSerializer(many=True)}
    )
    def get(self, request, pk):
        application = self._application(request, pk)
        changes = application.reported_changes.select_related("kind").prefetch_related(
            "determinations", "documents"
        )
        return Response(ReportedChangeSerializer(changes, many=True).data)

    @extend_schema(
        summary="Report or record a change",
        description="Only the facts the kind sets are read; a missing one is named. Corrections need `why`.",
        request=ChangeInputSerializer,
        responses={201: ReportedChangeSerializer},
    )
    def post(self, request, pk):
        application = self._application(request, pk)
        source = services.reporter_source(request.user, application)
        if source is None:
            raise PermissionDenied
        serializer = ChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = {
            **serializer.service_kwargs(application),
            "application": application,
            "acting_user": request.user,
        }
        if source == "caseworker":
            change = services.record_change(
                **kwargs, today=local_today(), apply_now=serializer.validated_data["apply_now"]
            )
        else:
            change = services.report_change(**kwargs, today=local_today())
        return Response(ReportedChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class ApplyChangeView(GenericAPIView):
    serializer_class = ReportedChangeSerializer
    queryset = ReportedChange.objects.none()  # for the schema only: every case is read through access

    @extend_schema(
        summary="Apply a reported change and redetermine",
        description="Writes the new facts and redetermines the case with a change notice; needs the decide "
        "permission.",
        request=None,
        responses={200: ReportedChangeSerializer},
    )
    def post(self, request, pk, change_pk):
        application = access.get_application_for_user(request.user, pk, what=CaseAccessLog.What.CASE_API)
        change = application.reported_changes.filter(pk=change_pk).first()
        if change is None:
            raise NotFound
        if not services.may_apply(request.user):
            raise PermissionDenied
        services.apply_change(change=change, acting_user=request.user, today=local_today())
        change.refresh_from_db()
        return Response(ReportedChangeSerializer(change).data)


urlpatterns += [
    path("applications/<uuid:pk>/changes/", ApplicationChangesView.as_view(), name="application-changes"),
    path(
        "applications/<uuid:pk>/changes/<uuid:change_pk>/apply/",
        ApplyChangeView.as_view(),
        name="application-change-apply",
    ),
]
