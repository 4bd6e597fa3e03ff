"""REST API for the vendor's systems: intake, status and decisions (PRODUCT P9), under /api/v1/.

Token authentication is configured globally. Every case is reached through
eligibility.access (which logs the read); a 400 names each bad field by its path,
nested ones included (`members[0].date_of_birth`), and nothing is half-saved. The
services' errors become API errors in one place, ``hca_portal.api.exception_handler``.
"""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
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
    ChangeInputSerializer,
    ReportedChangeSerializer,
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


router = SimpleRouter(use_regex_path=False)
router.register("applications", ApplicationViewSet, basename="application")

urlpatterns = router.urls


# --- Reported changes and corrections (PRODUCT P11) -------------------------------------------


class ApplicationChangesView(GenericAPIView):
    """A case's reported changes: list them, or report one (the applicant, their representative)
    or record one (a caseworker; corrections are applied at once)."""

    serializer_class = ReportedChangeSerializer

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
