"""REST API for the vendor's systems: intake, status and decisions (PRODUCT P9), under /api/v1/.

Token authentication is configured globally. Every case is reached through
eligibility.access (which logs the read); a 400 names each bad field by its path,
nested ones included (`members[0].date_of_birth`), and nothing is half-saved. The
services' errors become API errors in one place, ``hca_portal.api.exception_handler``.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter

from hca_portal.dates import local_today

from . import access, selectors, services
from .filters import ApplicationFilter
from .models import Application, CaseAccessLog
from .serializers import (
    ApplicationIntakeSerializer,
    ApplicationListSerializer,
    ApplicationStatusSerializer,
    PlanChoiceSerializer,
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


router = SimpleRouter(use_regex_path=False)
router.register("applications", ApplicationViewSet, basename="application")

urlpatterns = router.urls
