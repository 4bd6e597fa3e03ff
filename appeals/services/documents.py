"""Documents filed with an appeal (PRODUCT P6): the appellant's evidence for the decider."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from eligibility import rules as eligibility_rules
from eligibility.models import EvidenceDocument
from hca_portal.uploads import sha256_of

from ..models import OPEN_STATES, Appeal, AppealDocument
from ._common import Change, lock


@transaction.atomic
def add_document(*, appeal: Appeal, kind: str, uploaded_file, acting_user, today: date) -> AppealDocument:
    """File a document with an open appeal: a PDF, JPEG or PNG that opens, at most 10 MB (the same
    checks as case evidence), with an event on the appeal and history on the document."""
    lock(appeal)
    if appeal.state not in OPEN_STATES:
        raise ValidationError({"file": _("Documents can be filed only while the appeal is open.")})
    if not appeal.may_file_documents(acting_user):
        raise PermissionDenied("You may not file documents with this appeal.")
    if kind not in EvidenceDocument.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    try:
        content_type = eligibility_rules.check_evidence_file(
            uploaded_file, uploaded_file.size, settings.EVIDENCE_MAX_BYTES
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from exc
    document = AppealDocument(
        appeal=appeal,
        kind=kind,
        file=uploaded_file,
        content_type=content_type,
        size=uploaded_file.size,
        sha256=sha256_of(uploaded_file),
        uploaded_by=acting_user,
        filed_on=today,
    )
    document._history_user = acting_user
    document._change_reason = "Document filed with the appeal"
    document.save()
    change = Change(appeal, user=acting_user, reason=f"Document filed: {kind}", today=today)
    change.note("document_filed")
    change.save()
    return document
