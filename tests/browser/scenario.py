"""A small program in mid-year, made through the services as staff would: the browser journeys and
the screenshots of every role's home start from it.

Dates are relative to the real today (the live server and Chromium share the real clock), and
every name is fixed. A decision made in December starts coverage in the next plan year, under that
year's guidance and cap: the scenario's cap is set on the guidance its decisions are made under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from eligibility import selectors, services
from eligibility.models import Application, Guidance, PlanYear, Representation
from hca_portal import roles
from hca_portal.dates import local_today
from tests.factories import verify_reported

PASSWORD = "pass-1234-word"

USERS = [
    ("carmen", "Carmen", "Caseworker", roles.CASEWORKER, False),
    ("diego", "Diego", "Caseworker", roles.CASEWORKER, False),
    ("sofia", "Sofia", "Supervisor", roles.SUPERVISOR, False),
    ("olivia", "Olivia", "Officer", roles.APPEALS_OFFICER, False),
    ("benito", "Benito", "Bureau", roles.BUREAU_REVIEWER, False),
    ("alma", "Alma", "Administrator", roles.PROGRAM_ADMIN, True),
    ("nora", "Nora", "Navigator", roles.REPRESENTATIVE, False),
    ("raul", "Raúl", "Representative", roles.REPRESENTATIVE, False),
    ("ana", "Ana", "García", roles.APPLICANT, False),
    ("luz", "Luz", "Waitlisted", roles.APPLICANT, False),
]


@dataclass
class Scenario:
    today: date
    plan_year: PlanYear  # the applications' plan year (today's)
    coverage_year: PlanYear  # the plan year whose guidance and cap govern today's decisions
    users: dict = field(default_factory=dict)
    cases: dict = field(default_factory=dict)


def _users() -> dict:
    User = get_user_model()
    users = {}
    for username, first, last, role, is_staff in USERS:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "is_staff": is_staff}
        )
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users


def _member(first: str, last: str, **kw) -> services.MemberInput:
    values = dict(
        date_of_birth=date(1998, 6, 15),
        ead_category="C33",
        daca_valid_from=date(2025, 1, 1),
        daca_valid_to=date(2028, 12, 31),
        has_other_coverage=False,
        is_incarcerated=False,
    )
    values.update(kw)
    return services.MemberInput(first_name=first, last_name=last, **values)


def build(*, cap: int = 2) -> Scenario:
    today = local_today()
    plan_year = selectors.plan_year_for(today) or PlanYear.objects.order_by("-year").first()
    starts = max(services.first_of_next_month(today), plan_year.starts_on)
    coverage_year, guidance = services.governing_guidance(starts)
    Guidance.objects.filter(pk=guidance.pk).update(enrollment_cap=cap)
    s = Scenario(today=today, plan_year=plan_year, coverage_year=coverage_year, users=_users())
    worker, other = s.users["carmen"], s.users["diego"]
    received = max(today - timedelta(days=12), plan_year.starts_on)

    def take(key, first, last, magi, *, applicant=None, size=1, language="en", **member_kw):
        application = services.create_application(
            plan_year=plan_year,
            received_on=received,
            household_size=size,
            annual_magi=Decimal(magi),
            address_line="100 Camino Real",
            city="Santa Fe",
            zip_code="87501",
            preferred_language=language,
            members=[_member(first, last, **member_kw)],
            acting_user=worker,
            applicant_user=applicant,
        )
        s.cases[key] = application
        return application

    def decide(application, by=worker):
        services.start_review(application=application, acting_user=by)
        verify_reported(application, by)
        services.decide_application(application=application, acting_user=by, today=today)
        application.refresh_from_db()
        return application

    # Two enrollments fill the cap; the next eligible household waits.
    decide(take("enrolled", "Elena", "Enrolled", "21000"))
    decide(take("enrolled_2", "Tomás", "Torres", "24000"))
    decide(take("waitlisted", "Luz", "Waitlisted", "23000", applicant=s.users["luz"]))
    # Ana was denied (income over the limit); Nora, her navigator, appeals.
    decide(take("denied", "Ana", "García", "90000", applicant=s.users["ana"], language="es"))
    # Raúl represents someone else: Nora must never see that case.
    decide(take("other_client", "Hector", "Hidalgo", "95000"))
    for key, rep in (("denied", "nora"), ("waitlisted", "nora"), ("other_client", "raul")):
        services.designate_representative(
            application=s.cases[key],
            representative=s.users[rep],
            kind=Representation.Kind.NAVIGATOR,
            starts_on=received,
            acting_user=worker,
        )
    # Open work: one in review, one waiting on the applicant, some unassigned.
    review = take("in_review", "Iván", "Ibarra", "26000")
    services.start_review(application=review, acting_user=worker)
    waiting = take("awaiting", "Wendy", "Wong", "28000", has_other_coverage=None)
    services.start_review(application=waiting, acting_user=other)
    services.request_information(
        application=waiting,
        items="Proof that you have no other health coverage.",
        acting_user=other,
        today=today,
    )
    for i, (first, last) in enumerate((("Rosa", "Ramos"), ("Pablo", "Peña"), ("Marta", "Montoya"))):
        take(f"received_{i}", first, last, str(22000 + 1000 * i))
    for application in s.cases.values():
        application.refresh_from_db()
    return s


def case(key: str, s: Scenario) -> Application:
    return Application.objects.get(pk=s.cases[key].pk)
