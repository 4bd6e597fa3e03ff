"""Intake: applications and evidence (8.401.2.12 B; PRODUCT P2)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from hca_portal.db import pipeline
from hca_portal.history import create_with_history
from hca_portal.uploads import sha256_of

from .. import rules, selectors
from ..models import (
    Application,
    CriterionFinding,
    EvidenceDocument,
    Member,
    PlanYear,
)
from ._common import _save
from .figures import _facts


@dataclass(frozen=True)
class MemberInput:
    first_name: str
    last_name: str
    date_of_birth: date
    is_applying: bool = True
    ead_category: str = ""
    daca_valid_from: date | None = None
    daca_valid_to: date | None = None
    has_other_coverage: bool | None = None
    is_incarcerated: bool | None = None


def create_application(
    *,
    plan_year: PlanYear,
    received_on: date,
    household_size: int,
    annual_magi: Decimal,
    address_line: str,
    city: str,
    zip_code: str,
    members: list[MemberInput],
    acting_user,
    state_code: str = "NM",
    preferred_language: str = "en",
    email: str = "",
    phone: str = "",
    channel: str = "online",
    applicant_user=None,
) -> Application:
    """Take an application: the household, its members, and the system's first look at every criterion."""
    errors = rules.household_errors(household_size=household_size, applying=[m.is_applying for m in members])
    if errors:
        raise ValidationError(errors)
    application = Application(
        plan_year=plan_year,
        received_on=received_on,
        household_size=household_size,
        annual_magi=annual_magi,
        address_line=address_line,
        city=city,
        state_code=state_code.upper(),
        zip_code=zip_code,
        preferred_language=preferred_language,
        email=email,
        phone=phone,
        channel=channel,
        applicant_user=applicant_user,
    )
    # Field checks only: the plan year is an instance already and the new UUID is unique.
    application.full_clean(
        exclude=["state", "plan_year", "applicant_user", "assigned_to"], validate_unique=False
    )
    # One transaction in four round trips on PostgreSQL (psycopg's pipeline): BEGIN and the guidance;
    # the application and its members (their ids come back); the findings; COMMIT. Each table's rows
    # and their history rows (actor and reason) are one statement.
    with transaction.atomic(), pipeline():
        # Every criterion is evaluated before anything is written (pure rules on the limit in force).
        limit = selectors.income_limit_in_force(plan_year, received_on)
        findings = [
            _system_findings(application, m, limit, received_on) if m.is_applying else [] for m in members
        ]
        reason = f"Application received ({channel})"
        create_with_history([application], user=acting_user, reason=reason)
        created = create_with_history(
            [Member(application=application, **m.__dict__) for m in members],
            user=acting_user,
            reason="Application received",
        )
        create_with_history(
            [
                CriterionFinding(
                    member=member, criterion=f.criterion, status=f.status, reason_code=f.reason_code
                )
                for member, member_findings in zip(created, findings, strict=True)
                for f in member_findings
            ],
            user=acting_user,
            reason="Criteria evaluated at intake",
        )
    return application


def _system_findings(
    application: Application, member: Member | MemberInput, limit: rules.IncomeLimit, today: date
) -> list[rules.Finding]:
    """The system's first look at each of the five criteria for one applying member (pure).

    What the application reports is never enough to meet a criterion: a criterion the reported
    facts would meet is recorded as not yet verified (rules.first_look).
    """
    return list(rules.first_look(rules.evaluate_criteria(_facts(application, member), limit, today)).values())


@transaction.atomic
def add_evidence(
    *, application: Application, kind: str, uploaded_file, acting_user, member: Member | None = None
):
    """Store an evidence document: a PDF, JPEG or PNG that opens, at most 10 MB (every upload door)."""
    content_type = rules.check_evidence_file(uploaded_file, uploaded_file.size, settings.EVIDENCE_MAX_BYTES)
    if kind not in EvidenceDocument.Kind.values:
        raise ValidationError({"kind": "Choose the kind of document."})
    if member is not None and member.application_id != application.pk:
        raise ValidationError({"member": "That member is not on this application."})
    doc = EvidenceDocument(
        application=application,
        member=member,
        kind=kind,
        file=uploaded_file,
        content_type=content_type,
        size=uploaded_file.size,
        sha256=sha256_of(uploaded_file),
        uploaded_by=acting_user,
    )
    _save(doc, user=acting_user, reason="Evidence uploaded")
    return doc
