"""The case timeline: transitions, determinations, notices, documents and appeals, with actors and reasons."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eligibility import services as eligibility_services
from eligibility.models import CaseAccessLog
from workspaces.selectors import case_timeline

from ..factories import pdf_file
from ..http import comparable_body

PDF = pdf_file()


@pytest.fixture
def busy_case(
    decided_case,
    designate,
    representative,
    applicant_user,
    file_appeal,
    caseworker,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        case = decided_case(magi="90000.00", applicant=applicant_user)
        designate(case, representative)
        eligibility_services.add_evidence(
            application=case,
            kind="income",
            uploaded_file=SimpleUploadedFile("pay.pdf", PDF, content_type="application/pdf"),
            acting_user=representative,
        )
        appeal = file_appeal(case, representative)
    return case, appeal


def test_timeline_merges_every_source_oldest_first(today, busy_case, caseworker, representative):
    case, appeal = busy_case
    entries = case_timeline(case)
    kinds = [e.kind for e in entries]
    for kind in ("transition", "determination", "notice", "representative", "document", "appeal"):
        assert kind in kinds, kind
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    titles = [e.title for e in entries]
    assert titles[0] == "Application received"
    assert "Application: In review" in titles and "Application: Determined" in titles
    assert "Determination for Ana Garcia: Not eligible" in titles
    assert "Notice issued: Notice of denial" in titles
    assert "Document uploaded: Proof of income" in titles
    assert any(t.startswith("First level (vendor) appeal " + appeal.reference) for t in titles)
    received = entries[0]
    assert (received.actor, received.reason) == (caseworker, "Application received (online)")
    # (the caseworker's DACA document is on the case too: they verified it before deciding)
    document = next(e for e in entries if e.title == "Document uploaded: Proof of income")
    assert document.actor == representative and document.url.startswith(f"/cases/{case.pk}/documents/")
    issued = next(e for e in entries if e.title == "Notice issued: Notice of denial")
    assert issued.url.endswith("/pdf/")


def test_timeline_partial_for_htmx_and_page_otherwise(client, today, busy_case, representative):
    case, _appeal = busy_case
    client.force_login(representative)
    url = reverse("workspaces:case_timeline", args=[case.pk])
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode() and "Notice issued" in partial.content.decode()
    page = client.get(url)
    assert "<html" in page.content.decode()
    assert CaseAccessLog.objects.filter(application=case, user=representative, what="timeline").count() == 2


def test_timeline_of_a_case_one_may_not_see_is_the_same_404_as_a_missing_one(
    client, today, busy_case, make_user
):
    case, _appeal = busy_case
    stranger = make_user("Representative", username="stranger")
    client.force_login(stranger)
    forbidden = client.get(reverse("workspaces:case_timeline", args=[case.pk]))
    missing = client.get(reverse("workspaces:case_timeline", args=[uuid.uuid4()]))
    assert forbidden.status_code == missing.status_code == 404
    assert comparable_body(forbidden) == comparable_body(missing)


def test_the_case_page_loads_the_timeline_with_htmx(client, today, busy_case, caseworker):
    case, _appeal = busy_case
    client.force_login(caseworker)
    body = client.get(case.get_absolute_url()).content.decode()
    assert f'hx-get="{reverse("workspaces:case_timeline", args=[case.pk])}"' in body
