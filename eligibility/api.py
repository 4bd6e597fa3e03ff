"""REST API for the vendor's systems: intake, status and decisions (PRODUCT P9), under /api/v1/.

Token authentication is configured globally. Every case is reached through
eligibility.access; a 400 names each bad field by its path, nested ones
included (`members[0].date_of_birth`), and nothing is half-saved.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter

from hca_portal.dates import local_today

from . import access, selectors, services
from .filters import ApplicationFilter
from .models import Application
from .serializers import (
    VALIDATION_ERROR_SCHEMA,
    ApplicationIntakeSerializer,
    ApplicationListSerializer,
    ApplicationStatusSerializer,
    flatten_errors,
)

BAD_REQUEST = OpenApiResponse(VALIDATION_ERROR_SCHEMA, description="Each key names a bad field by its path.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="No such case, or not one you may see.")


def _service_error(exc: DjangoValidationError) -> Response:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    return Response(flatten_errors(detail), status=status.HTTP_400_BAD_REQUEST)


def _status(application: Application, code: int = status.HTTP_200_OK, **kwargs) -> Response:
    return Response(
        ApplicationStatusSerializer(selectors.case_detail(application)).data, status=code, **kwargs
    )


@extend_schema_view(
    list=extend_schema(summary="Applications you may see", description="Filter by state; paged."),
    retrieve=extend_schema(
        summary="Status of an application",
        description="State, each member's findings and enrollments, determinations and the next due date.",
        responses={200: ApplicationStatusSerializer, 404: NOT_FOUND},
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
        return access.get_application_for_user(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        return _status(self.get_object())

    @extend_schema(
        summary="Take an application",
        request=ApplicationIntakeSerializer,
        responses={201: ApplicationStatusSerializer, 400: BAD_REQUEST},
    )
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("eligibility.add_application"):
            raise PermissionDenied
        serializer = ApplicationIntakeSerializer(data=request.data)
        if not serializer.is_valid():
            return Response(flatten_errors(serializer.errors), status=status.HTTP_400_BAD_REQUEST)
        try:
            application = services.create_application(**serializer.service_kwargs(), acting_user=request.user)
        except DjangoValidationError as exc:
            return _service_error(exc)
        location = reverse("application-detail", args=[application.pk], request=request)
        return _status(application, status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        summary="Decide eligibility",
        description="Decides every applying member; needs the decide permission.",
        request=None,
        responses={200: ApplicationStatusSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        application = self.get_object()
        if not request.user.has_perm("eligibility.decide_application"):
            raise PermissionDenied
        try:
            services.decide_application(
                application=application, acting_user=request.user, today=local_today()
            )
        except DjangoValidationError as exc:
            return _service_error(exc)
        return _status(application)


router = SimpleRouter(use_regex_path=False)
router.register("applications", ApplicationViewSet, basename="application")

urlpatterns = router.urls
