"""The world the access tests walk: two cases with every kind of object, one per applicant.

Case A belongs to `applicant_user` and is represented by `representative`; case B belongs to
someone else, represented by someone else; case C belongs to a third applicant, represented
for appeals only by `appeals_representative`. Each has a request for information, a document,
an enrollment, notices (rendered), a representation and a first-level appeal.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from appeals.services import AppealRequest, add_document, file_appeal
from eligibility import services
from eligibility.models import Application, ChangeKind, Enrollment, Guidance, PlanYear, Representation
from notices.models import MailBatch
from tests.factories import verify_reported

from ..factories import pdf_file
from .conftest import TODAY

PDF = pdf_file()


@dataclass
class Case:
    application: Application
    request_pk: uuid.UUID
    document_pk: uuid.UUID
    representation_pk: uuid.UUID
    enrollment_pk: uuid.UUID
    notice_pk: uuid.UUID
    appeal_pk: uuid.UUID
    appeal_document_pk: uuid.UUID
    change_pk: uuid.UUID | None = None

    @classmethod
    def missing(cls) -> Case:
        """Fresh ids for every object: what a guess at a case that does not exist looks like."""
        return cls(Application(pk=uuid.uuid4()), *(uuid.uuid4() for _ in range(8)))


def make_case(
    new_application, caseworker, *, applicant, representative, scope=Representation.Scope.FULL
) -> Case:
    application = new_application(magi="30000.00", applicant_user=applicant)
    services.start_review(application=application, acting_user=caseworker)
    rfi = services.request_information(
        application=application, items="Proof of residence.", acting_user=caseworker, today=TODAY
    )
    services.receive_information(request=rfi, acting_user=caseworker, today=TODAY)
    document = services.add_evidence(
        application=application,
        kind="residency",
        uploaded_file=SimpleUploadedFile("lease.pdf", PDF, content_type="application/pdf"),
        acting_user=caseworker,
    )
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=TODAY)
    representation = services.designate_representative(
        application=application,
        representative=representative,
        kind=Representation.Kind.NAVIGATOR,
        scope=scope,
        starts_on=date(2026, 3, 1),
        acting_user=caseworker,
    )
    application.refresh_from_db()
    approval = application.notices.get(notice_type="approval")
    appeal = file_appeal(
        application=application,
        determination=application.determinations.get(),
        notice_appealed=approval,
        request=AppealRequest(issues=["assistance_tier"], statement="The tier is wrong."),
        acting_user=applicant,
        today=TODAY,
    )
    change = services.report_change(
        application=application,
        kind=ChangeKind.objects.get(code="income"),
        facts={"annual_magi": "31000"},
        event_on=TODAY,
        acting_user=applicant,
        today=TODAY,
    )
    appeal_document = add_document(
        appeal=appeal,
        kind="income",
        uploaded_file=SimpleUploadedFile("pay.pdf", PDF, content_type="application/pdf"),
        acting_user=applicant,
        today=TODAY,
    )
    return Case(
        change_pk=change.pk,
        application=application,
        request_pk=rfi.pk,
        document_pk=document.pk,
        representation_pk=representation.pk,
        enrollment_pk=Enrollment.objects.get(member__application=application).pk,
        notice_pk=approval.pk,
        appeal_pk=appeal.pk,
        appeal_document_pk=appeal_document.pk,
    )


def values_for(name: str, route: str, case: Case, *, user_pk: int) -> dict:
    """Concrete values for a route's parameters, taken from `case` (or admin objects)."""
    values = {
        "pk": case.application.pk,
        "application_pk": case.application.pk,
        "request_pk": case.request_pk,
        "document_pk": case.document_pk,
        "representation_pk": case.representation_pk,
        "enrollment_pk": case.enrollment_pk,
        "notice_pk": case.notice_pk,
        "change_pk": case.change_pk,
        "report": "applications-by-status",
        "name": "withdraw",
        "kind": "pdf",
        "app_label": "eligibility",
        "url": "no-such-page/",
        "id": user_pk,
    }
    if name.startswith("appeals:") or name.startswith("appeal-"):
        values["pk"] = case.appeal_pk
    if name.startswith("enrollment-"):
        values["pk"] = case.enrollment_pk
    if name == "appeals:document":
        values["document_pk"] = case.appeal_document_pk
    if name in ("eligibility:renewal_run", "eligibility:retry_renewals"):
        values["run_pk"] = _renewal_run().pk
    if name.startswith("notices:mail_batch"):
        values["pk"] = MailBatch.objects.get_or_create(batch_date=TODAY)[0].pk
    if name.startswith("admin:"):
        values.update(_admin_values(route, user_pk))
    return values


def _renewal_run():
    from eligibility.models import RenewalRun

    return RenewalRun.objects.get_or_create(
        plan_year=PlanYear.objects.get(year=2027),
        defaults={"from_plan_year": PlanYear.objects.get(year=2026), "started_on": TODAY},
    )[0]


def _admin_values(route: str, user_pk: int) -> dict:
    parts = route.split("/")
    if "content_type_id" in route:
        guidance = Guidance.objects.first()
        return {"content_type_id": ContentType.objects.get_for_model(Guidance).pk, "object_id": guidance.pk}
    if len(parts) < 3 or "<" in parts[1]:
        return {}
    from django.apps import apps

    try:
        model = apps.get_model(parts[1], parts[2])
    except (LookupError, ValueError):
        return {}
    obj = model.objects.order_by("pk").first()
    if obj is None and model is get_user_model():
        obj = model.objects.get(pk=user_pk)
    if obj is None:
        return {"object_id": 1, "arg0": 1, "arg1": 1}
    history = getattr(model, "history", None)
    record = history.filter(**{model._meta.pk.attname: obj.pk}).first() if history is not None else None
    # "pk": admin views of their own (django-otp's device config and QR code) name it so.
    return {"object_id": obj.pk, "pk": obj.pk, "arg0": obj.pk, "arg1": record.history_id if record else 1}
