"""Fixtures for notices: a case, recipients, and issue_notice with complete defaults."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from notices.services import Recipient, issue_notice
from tests.factories import ApplicationFactory, UserFactory

# A Thursday: 30 calendar days later is Saturday 2026-04-04, so the deadline moves to Monday 2026-04-06.
NOTICE_DATE = date(2026, 3, 5)
DEADLINE = date(2026, 4, 6)
EFFECTIVE = date(2026, 4, 1)


@pytest.fixture
def application(db):
    return ApplicationFactory()


@pytest.fixture
def rep_user(db):
    return UserFactory(username="rep-notices", first_name="Rosa", last_name="Navigator")


@pytest.fixture
def recipients(rep_user):
    return [
        Recipient(
            name="Ana Garcia", role="applicant", channel="mail", address="100 Main St\nSanta Fe, NM 87501"
        ),
        Recipient(name="Rosa Navigator", role="representative", channel="portal", user=rep_user),
    ]


@pytest.fixture
def notice_kwargs(application, recipients):
    """Everything a complete denial notice needs."""
    return {
        "application": application,
        "notice_type": "denial",
        "language": "en",
        "notice_date": NOTICE_DATE,
        "decision": "You are not eligible for the DACA Coverage Program.",
        "effective_date": EFFECTIVE,
        "reasons": ["Your household income is above the program's limit for a household of 1."],
        "recipients": recipients,
        "acting_user": None,
        "details": {"member": "Ana Garcia"},
    }


@pytest.fixture
def issue(notice_kwargs):
    """issue_notice with the complete defaults, any of them overridden."""

    def make(**overrides):
        return issue_notice(**{**notice_kwargs, **overrides})

    return make


def pdf_text(notice) -> str:
    """The PDF's text with whitespace collapsed (line breaks fall anywhere)."""
    with notice.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def blank_pdf(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def fake_render(monkeypatch):
    """Skip WeasyPrint where a test is not about the PDF's words: a blank one-page PDF instead."""
    calls = []

    def render(content, template="notices/notice.html"):
        calls.append(content["reference"])
        return blank_pdf(1), 1

    monkeypatch.setattr("notices.rendering.render_notice_pdf", render)
    return calls
