"""The case page reads each kind of row once, however many there are (issue 11: speed)."""

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eligibility import services
from eligibility.models import EvidenceDocument
from hca_portal.dates import LOCAL_TZ
from tests.factories import member_input


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 10)


def _case(new_application, caseworker, *, members: int, documents: int):
    application = new_application(size=members, members=[member_input(f"Member{i}") for i in range(members)])
    services.start_review(application=application, acting_user=caseworker)
    for i in range(documents):
        EvidenceDocument.objects.create(
            application=application,
            kind="ead",
            file=f"evidence/doc{i}.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
        )
    return application


def _page(client, application):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("eligibility:case", kwargs={"pk": application.pk}))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
def test_the_forms_offer_the_members_and_documents_the_page_already_read(client, caseworker, new_application):
    # given: a household of three with two documents, in review (so every form is on the page)
    application = _case(new_application, caseworker, members=3, documents=2)
    client.force_login(caseworker)

    # when
    body, statements = _page(client, application)

    # then: each member is offered by the upload, the finding and the plan-choice forms, each
    # document as evidence; the members and the documents were each read once, for the whole page
    for member in application.members.all():
        assert body.count(f'value="{member.pk}">{member}</option>') == 3
    for document in application.documents.all():
        assert f'value="{document.pk}"' in body
    assert sum('FROM "eligibility_member"' in sql for sql in statements) == 1
    assert sum('FROM "eligibility_evidencedocument"' in sql for sql in statements) == 1


@pytest.mark.django_db
def test_the_case_page_runs_as_many_queries_for_a_large_household(client, caseworker, new_application):
    small = _case(new_application, caseworker, members=1, documents=0)
    large = _case(new_application, caseworker, members=5, documents=4)
    client.force_login(caseworker)
    _page(client, small)  # warm up (content types, permissions of the session)

    _body, few = _page(client, small)
    _body, many = _page(client, large)

    assert len(many) == len(few)
