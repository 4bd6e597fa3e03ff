"""Demo users for every role and demo cases in every application and enrollment state (`make demo`).

Demo data only: fixed names, fixed dates, a demo password. Never run against production.
"""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pypdf import PdfWriter

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


def demo_pdf() -> bytes:
    """A stand-in for a scanned USCIS approval notice: one blank page, a real PDF (the evidence check
    opens the file, so it must parse)."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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
                    uploaded_file=SimpleUploadedFile("uscis-approval.pdf", demo_pdf(), "application/pdf"),
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


# A Spanish-speaking household (issue 9): four relatives, each on their own application, whose
# notices together cover every notice kind. Their steps are dated in the past, ending long enough
# before today for the appeals of two of them to run to the end (appeals.demo).
FAMILY_ADDRESS = {"address_line": "418 Calle de la Acequia", "city": "Española", "zip_code": "87532"}


def household_decision_day(today: date) -> date:
    """The day the household's applications are decided: about two months ago, and never after
    November 20, so every eligibility step and the accepted offer start coverage in the same plan year."""
    day = today - timedelta(days=60)
    if day.month == 12 or (day.month == 11 and day.day > 20):
        day = date(day.year, 11, 20)
    return day


def create_spanish_household(users: dict) -> dict:
    """The Morales family, in Spanish: Lucía is asked for information, approved, her coverage ended
    and reinstated; Mateo is waitlisted (the cap reached), offered Lucía's freed slot, and his offer
    lapses unanswered (create_household_coverage); Rafael and Josefina are denied (income above the
    limit) and appeal (appeals.demo).
    Made through the services. Returns the applications, or {} when no plan year fits the dates."""
    worker = users["caseworker"]
    decided = household_decision_day(local_today())
    effective = services.first_of_next_month(decided)
    plan_year = selectors.plan_year_for(effective)
    if plan_year is None:
        return {}
    guidance = selectors.guidance_in_force(plan_year, effective)
    received = decided - timedelta(days=7)

    def take(first, last, magi, *, born):
        application = services.create_application(
            applicant_user=None,
            plan_year=plan_year,
            received_on=received,
            household_size=1,
            annual_magi=Decimal(magi),
            preferred_language="es",
            members=[
                _member(
                    first,
                    last,
                    date_of_birth=born,
                    daca_valid_from=decided - timedelta(days=365),
                    daca_valid_to=decided + timedelta(days=3 * 365),
                )
            ],
            acting_user=worker,
            **FAMILY_ADDRESS,
        )
        verify_reported(application, worker)
        return application

    family = {}
    family["es_approved"] = take("Lucía", "Morales Ortega", "30000", born=date(1998, 2, 14))
    services.request_information(
        application=family["es_approved"],
        items="Un talón de pago reciente.",
        acting_user=worker,
        today=decided - timedelta(days=5),
    )
    services.receive_information(
        request=family["es_approved"].information_requests.get(),
        acting_user=worker,
        today=decided - timedelta(days=3),
    )
    services.decide_application(application=family["es_approved"], acting_user=worker, today=decided)
    # Demo only: the cap reached for a moment, so the next one of the family is waitlisted.
    Guidance.objects.filter(pk=guidance.pk).update(enrollment_cap=selectors.slots_held(plan_year))
    family["es_waitlisted"] = take("Mateo", "Morales Ortega", "30000", born=date(2000, 9, 3))
    services.decide_application(application=family["es_waitlisted"], acting_user=worker, today=decided)
    create_household_coverage(family, worker, decided)
    for key, first, born in (
        ("es_denied", "Rafael", date(1995, 6, 21)),
        ("es_late", "Josefina", date(1996, 1, 9)),
    ):
        family[key] = take(first, "Morales Ortega", "95000", born=born)
        services.decide_application(application=family[key], acting_user=worker, today=decided)
    return family


def create_household_coverage(family: dict, worker, decided: date) -> None:
    """The life of coverage (issue 10): Lucía's coverage ends because she reported other coverage,
    after the advance notice (a termination notice with appeal rights); her place is offered to
    Mateo at once; he does not answer, so the daily sweep lets the offer lapse the day after its
    reply-by date (a notice he may appeal); Lucía then shows the other coverage never began, and her
    coverage is reinstated with no gap (a reinstatement notice); then she reports that her income
    fell, and the change is applied with a change notice."""
    lucia = family["es_approved"].members.get().enrollments.get()
    services.terminate_enrollment(
        enrollment=lucia,
        reason_code="end_other_coverage",
        acting_user=worker,
        today=decided + timedelta(days=2),
    )
    offer = family["es_waitlisted"].members.get().enrollments.get()
    services.lapse_offers(today=offer.reply_by + timedelta(days=1))
    services.reinstate_enrollment(
        enrollment=lucia,
        reason_code="reinstate_ended_in_error",
        acting_user=worker,
        today=offer.reply_by + timedelta(days=3),
    )
    # Lucía reports that her income fell: applied with a change notice in Spanish (PRODUCT P11).
    change = services.report_change(
        application=family["es_approved"],
        kind=services.active_kinds().get(code="income"),
        facts={"annual_magi": Decimal("27000")},
        event_on=offer.reply_by + timedelta(days=3),
        why="Menos horas en el trabajo.",
        acting_user=worker,
        today=offer.reply_by + timedelta(days=4),
    )
    services.apply_change(change=change, acting_user=worker, today=offer.reply_by + timedelta(days=5))


def create_coverage_cases(cases: dict, users: dict) -> None:
    """Ends of coverage and an offer answered online (issue 10): Nina asks to end her coverage; her
    place goes to Ana, first in line, who accepts it online from her own page; Tomas moves out of
    state (an adverse end, with advance notice) and his place is offered to Oscar."""
    worker, today = users["caseworker"], local_today()
    services.terminate_enrollment(
        enrollment=cases["requested_end"].members.get().enrollments.get(),
        reason_code="end_request",
        acting_user=worker,
        today=today,
    )
    services.accept_offer(
        enrollment=cases["enrolled"].members.get().enrollments.get(),
        acting_user=users["applicant"],
        today=today,
        channel="online",
    )
    services.terminate_enrollment(
        enrollment=cases["terminated"].members.get().enrollments.get(),
        reason_code="end_moved_out_of_state",
        acting_user=worker,
        today=today,
    )


def renew_spanish_household(users: dict, family: dict) -> dict:
    """Lucía's household, enrolled again after her reinstatement, renewed into the next plan year by
    the program administrator's renewal run, 30 days after the family's decisions (PRODUCT P11): an
    enrollment under the next year's guidance and a renewal notice in Spanish. Returns the renewed
    application, or {} when the next plan year has no guidance yet."""
    if "es_approved" not in family:
        return {}
    day = household_decision_day(local_today()) + timedelta(days=30)
    current = selectors.plan_year_for(day)
    next_year = PlanYear.objects.filter(year=current.year + 1).first() if current else None
    if next_year is None:
        return {}
    try:
        run = services.start_renewal_run(plan_year=next_year, acting_user=users["hca-admin"], today=day)
    except ValidationError:
        return {}
    for renewal_id in run.renewals.values_list("pk", flat=True):
        services.renew_household(renewal_id=renewal_id, today=day)
    return {"es_renewed": family["es_approved"]}


@transaction.atomic
def create_demo_cases(users: dict) -> dict:
    """Cases in every state, made through the services as a caseworker would. Idempotent."""
    if Application.objects.exists():
        return {}
    worker = users["caseworker"]
    today = local_today()
    plan_year = selectors.plan_year_for(today) or PlanYear.objects.order_by("-year").first()
    received = today - timedelta(days=20)
    cases = create_spanish_household(users)
    cases.update(renew_spanish_household(users, cases))
    # Demo only: a small cap, so the waitlist and offers show (three slots besides the household's),
    # on the guidance of the coverage today's decisions start (next year's in December).
    cap_year, cap_guidance = services.governing_guidance(
        max(services.first_of_next_month(today), plan_year.starts_on)
    )
    Guidance.objects.filter(pk=cap_guidance.pk).update(enrollment_cap=3 + selectors.slots_held(cap_year))

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
    cases["denied"] = decide(take("Hector", "Denied", "90000"))
    cases["enrolled_2"] = decide(take("Elena", "Enrolled", "35000", size=2))
    cases["terminated"] = decide(take("Tomas", "Terminated", "32000"))
    cases["requested_end"] = decide(take("Nina", "Requested", "33000"))
    # The cap is reached: Ana waits first in line (priority group 1), then Luz and Oscar.
    cases["enrolled"] = decide(
        take("Ana", "Applicant", "30000", language="es", applicant_user=users["applicant"])
    )
    cases["waitlisted"] = decide(take("Luz", "Waitlisted", "38000"))
    cases["offered"] = decide(take("Oscar", "Offered", "21000"))
    create_coverage_cases(cases, users)
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
    create_demo_changes(users, cases)
    show_plan_choice(cases, users)
    return cases


def create_demo_changes(users: dict, cases: dict) -> None:
    """The life of a case (PRODUCT P11), through the services: Ana reports an income change with a pay
    stub (open work in the caseworker's queue); intake's household size for Elena is corrected, which
    supersedes her determination (the Spanish household's change is in create_household_coverage)."""
    worker, today = users["caseworker"], local_today()
    income = services.active_kinds().get(code="income")
    if "enrolled" in cases:
        services.report_change(
            application=cases["enrolled"],
            kind=income,
            facts={"annual_magi": Decimal("26000")},
            event_on=today - timedelta(days=10),
            why="Trabajo menos horas desde este mes.",
            acting_user=users["applicant"],
            today=today,
            uploads=(("income", SimpleUploadedFile("talon-de-pago.pdf", demo_pdf(), "application/pdf")),),
        )
    if "enrolled_2" in cases:
        services.record_change(
            application=cases["enrolled_2"],
            kind=services.active_kinds().get(code="intake_correction"),
            facts={"household_size": 3},
            event_on=today,
            why="Intake typed 2; the application lists three people in the household.",
            acting_user=worker,
            today=today,
        )


def show_plan_choice(cases: dict, users: dict) -> None:
    """A covered member chooses a cheaper plan: a new determination supersedes the first, with the
    assistance against that plan (never above its premium) and a notice of the change (P11)."""
    application = cases.get("enrolled_2")
    if application is None:
        return
    member = application.members.get()
    current = selectors.current_determination(member)
    plans = selectors.eligible_plans(current.guidance.plan_year, current.effective_date)
    cheaper = min((p for p in plans if not p.is_benchmark), key=lambda p: p.monthly_premium, default=None)
    if cheaper is not None:
        worker = users["caseworker"]
        services.choose_plan(member=member, plan=cheaper, acting_user=worker, today=local_today())
