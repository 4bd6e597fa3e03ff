"""Shared factory-boy factories. Dates are fixed, never random."""

import io
from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from eligibility.models import Application, Member, PlanYear

FIXED_RECEIVED = date(2026, 3, 2)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.django.Password("pass-1234-word")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def member_input(first_name: str = "Ana", **overrides):
    """An applying member as intake takes them: a DACA recipient (C33) with no other coverage."""
    from eligibility.services import MemberInput

    values = dict(
        last_name="Garcia",
        date_of_birth=date(1998, 6, 15),
        ead_category="C33",
        daca_valid_from=date(2025, 1, 1),
        daca_valid_to=date(2027, 12, 31),
        has_other_coverage=False,
        is_incarcerated=False,
    )
    return MemberInput(first_name=first_name, **(values | overrides))


def plan_year(year: int = 2026) -> PlanYear:
    """The seeded plan year (migration 0002 seeds 2026 and 2027 with example guidance)."""
    return PlanYear.objects.get(year=year)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application row as intake leaves it (state received); use services for real flows."""

    class Meta:
        model = Application

    plan_year = factory.LazyFunction(plan_year)
    received_on = FIXED_RECEIVED
    household_size = 1
    annual_magi = Decimal("30000.00")
    preferred_language = "en"
    address_line = "100 Main St"
    city = "Santa Fe"
    state_code = "NM"
    zip_code = "87501"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    application = factory.SubFactory(ApplicationFactory)
    first_name = "Ana"
    last_name = factory.Sequence(lambda n: f"Garcia{n}")
    date_of_birth = date(1998, 6, 15)
    ead_category = "C33"
    daca_valid_from = date(2025, 1, 1)
    daca_valid_to = date(2027, 12, 31)
    has_other_coverage = False
    is_incarcerated = False


# --- Evidence files: real, small, made by the libraries that open them -----------------------


def pdf_file(pages: int = 1) -> bytes:
    """A real PDF of blank letter-size pages, made with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_file(image_format: str = "PNG", size: tuple[int, int] = (32, 24)) -> bytes:
    """A real PNG or JPEG picture, made with Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 94, 162)).save(buffer, format=image_format)
    return buffer.getvalue()


ATTESTED = {
    "no_other_coverage": "other_coverage_attested",
    "residency": "resident_attested",
    "not_incarcerated": "not_incarcerated_attested",
    "income": "income_attested",
}


def verify_reported(application, caseworker):
    """What a caseworker does before deciding (issue 9 item 4): for every criterion that the facts
    reported would meet, a basis on file: a DACA approval notice uploaded, the others attested.
    Starts the review when it has not started; criteria the facts fail are left as they are."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eligibility import services
    from eligibility.models import ApplicationState, FindingStatus

    application.refresh_from_db()
    if application.state == ApplicationState.RECEIVED:
        services.start_review(application=application, acting_user=caseworker)
    for member in application.members.filter(is_applying=True):
        for finding in member.findings.filter(status=FindingStatus.UNVERIFIED):
            if finding.criterion == "daca":
                document = services.add_evidence(
                    application=application,
                    kind="daca_approval",
                    uploaded_file=SimpleUploadedFile("daca.pdf", pdf_file(), "application/pdf"),
                    acting_user=caseworker,
                    member=member,
                )
                code = "daca_verified"
            else:
                document, code = None, ATTESTED[finding.criterion]
            services.record_finding(
                member=member,
                criterion=finding.criterion,
                status=FindingStatus.MET,
                reason_code=code,
                evidence=document,
                acting_user=caseworker,
            )
    return application
