"""Demo users for every role and demo cases in every application and enrollment state (`make demo`).

Demo data only: fixed names, fixed dates, a demo password. Never run against production.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from hca_portal import roles
from hca_portal.auth import second_factor
from hca_portal.dates import local_today

from . import selectors, services
from .models import Application, ApplicationState, FindingStatus, Guidance, PlanYear

DEMO_PASSWORD = "demo-portal-2026"
# Every demo staff user's authenticator app holds this secret (RFC 6238's test key,
# "12345678901234567890"): add it to an app, or run `manage.py totp_code <username>`.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_USERS = [
    ("caseworker", "Carmen", "Caseworker", roles.CASEWORKER, False),
    ("caseworker2", "Diego", "Caseworker", roles.CASEWORKER, False),
    ("supervisor", "Sofia", "Supervisor", roles.SUPERVISOR, False),
    ("officer", "Olivia", "Appeals Officer", roles.APPEALS_OFFICER, False),
    ("bureau", "Benito", "Bureau Reviewer", roles.BUREAU_REVIEWER, False),
    ("hca-admin", "Alma", "Program Administrator", roles.PROGRAM_ADMIN, True),
    ("navigator", "Nora", "Navigator", roles.REPRESENTATIVE, False),
    ("applicant", "Ana", "Applicant", roles.APPLICANT, False),
]


def create_demo_users() -> dict:
    User = get_user_model()
    users = {}
    for username, first, last, role, is_staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "is_staff": is_staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        if second_factor.required_for(user):
            second_factor.enrol_known_key(user=user, key_hex=DEMO_TOTP_KEY_HEX)
        users[username] = user
    return users


def _member(first, last, **kw):
    defaults = dict(
        date_of_birth=date(1997, 5, 4),
        ead_category="C33",
        daca_valid_from=date(2025, 1, 1),
        daca_valid_to=date(2028, 1, 1),
        has_other_coverage=False,
        is_incarcerated=False,
    )
    defaults.update(kw)
    return services.MemberInput(first_name=first, last_name=last, **defaults)


# A stand-in for a scanned USCIS approval notice (the evidence check reads the content, not the name).
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ATTESTED = {
    "no_other_coverage": "other_coverage_attested",
    "residency": "resident_attested",
    "not_incarcerated": "not_incarcerated_attested",
    "income": "income_attested",
}


def verify_reported(application: Application, worker) -> None:
    """What the caseworker does before deciding: every criterion the application would meet gets its
    basis, a DACA approval notice on file and the others attested (issue 9 item 4)."""
    application.refresh_from_db()
    if application.state == ApplicationState.RECEIVED:
        services.start_review(application=application, acting_user=worker)
    for member in application.members.filter(is_applying=True):
        for finding in member.findings.filter(status=FindingStatus.UNVERIFIED):
            document, code = None, ATTESTED.get(finding.criterion)
            if finding.criterion == "daca":
                document = services.add_evidence(
                    application=application,
                    kind="daca_approval",
                    uploaded_file=SimpleUploadedFile("uscis-approval.pdf", DEMO_PDF, "application/pdf"),
                    acting_user=worker,
                    member=member,
                )
                code = "daca_verified"
            services.record_finding(
                member=member,
                criterion=finding.criterion,
                status=FindingStatus.MET,
                reason_code=code,
                evidence=document,
                acting_user=worker,
            )


@transaction.atomic
def create_demo_cases(users: dict) -> dict:
    """Cases in every state, made through the services as a caseworker would. Idempotent."""
    if Application.objects.exists():
        return {}
    worker = users["caseworker"]
    today = local_today()
    plan_year = selectors.plan_year_for(today) or PlanYear.objects.order_by("-year").first()
    received = today - timedelta(days=20)
    # Demo only: a small cap, so the waitlist and offers show.
    Guidance.objects.filter(pk=selectors.guidance_in_force(plan_year, today).pk).update(enrollment_cap=3)

    def take(first, last, magi, size=1, applicant_user=None, **member_kw):
        return services.create_application(
            applicant_user=applicant_user,
            plan_year=plan_year,
            received_on=received,
            household_size=size,
            annual_magi=Decimal(magi),
            address_line="100 Demo Street",
            city="Las Cruces",
            zip_code="88001",
            preferred_language=member_kw.pop("language", "en"),
            members=[_member(first, last, **member_kw)],
            acting_user=worker,
        )

    def decide(application):
        services.start_review(application=application, acting_user=worker)
        verify_reported(application, worker)
        services.decide_application(application=application, acting_user=worker, today=today)
        return application

    cases = {}
    cases["received"] = take("Rosa", "Received", "24000")
    cases["in_review"] = take("Ivan", "Review", "26000")
    services.start_review(application=cases["in_review"], acting_user=worker)
    cases["awaiting"] = take("Wendy", "Waiting", "28000", has_other_coverage=None)
    services.start_review(application=cases["awaiting"], acting_user=worker)
    services.request_information(
        application=cases["awaiting"],
        items="Proof that you have no other health coverage.",
        acting_user=worker,
        today=today,
    )
    cases["enrolled"] = decide(
        take("Ana", "Applicant", "30000", language="es", applicant_user=users["applicant"])
    )
    cases["denied"] = decide(take("Hector", "Denied", "90000"))
    cases["enrolled_2"] = decide(take("Elena", "Enrolled", "35000", size=2))
    cases["terminated"] = decide(take("Tomas", "Terminated", "32000"))
    cases["waitlisted"] = decide(take("Luz", "Waitlisted", "38000"))
    cases["offered"] = decide(take("Oscar", "Offered", "21000"))
    terminated_enrollment = cases["terminated"].members.get().enrollments.get()
    services.terminate_enrollment(
        enrollment=terminated_enrollment, reason_codes=["not_resident_nm"], acting_user=worker, today=today
    )
    cases["withdrawn"] = take("Walter", "Withdrawn", "27000")
    services.withdraw_application(application=cases["withdrawn"], acting_user=worker)
    for key in ("denied", "enrolled", "waitlisted"):
        services.designate_representative(
            application=cases[key],
            representative=users["navigator"],
            kind="navigator",
            starts_on=received,
            acting_user=worker,
        )
    return cases
