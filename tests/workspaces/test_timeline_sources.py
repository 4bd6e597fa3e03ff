"""The case timeline asks each app for its entries and merges them, in a bounded number of queries."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appeals import services as appeal_services
from eligibility import services as eligibility_services
from hca_portal import timeline
from workspaces.selectors import case_timeline

from ..factories import member_input, pdf_file

PDF = pdf_file()


def test_each_app_gives_its_own_entries():
    names = timeline.registered_sources()
    assert {name.split(".")[0] for name in names} >= {"eligibility", "notices", "appeals"}
    # eligibility before notices before appeals: entries at the same moment keep this order
    assert (
        names.index("eligibility.application")
        < names.index("notices.notices")
        < names.index("appeals.appeals")
    )


def test_a_registered_source_is_merged_in_time_order(today, decided_case):
    case = decided_case()
    first = case_timeline(case)[0]
    made_up = timeline.TimelineEntry(
        first.at - timedelta(seconds=1), "note", "Called the applicant", None, ""
    )

    timeline.register("tests.calls", lambda application: [made_up] if application.pk == case.pk else [])
    try:
        entries = case_timeline(case)
    finally:
        timeline.unregister("tests.calls")

    assert entries[0] == made_up and entries[1] == first
    assert made_up not in case_timeline(case)


def test_a_name_cannot_be_taken_twice():
    with pytest.raises(ValueError):
        timeline.register("eligibility.application", lambda application: [])


def _timeline_queries(client, case) -> int:
    url = reverse("workspaces:case_timeline", args=[case.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return len(captured)


def test_the_timeline_page_runs_the_same_queries_for_a_small_and_a_busy_case(
    client,
    today,
    decided_case,
    designate,
    representative,
    caseworker,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    small = decided_case(magi="90000.00")
    with django_capture_on_commit_callbacks(execute=True):
        busy = decided_case(
            magi="90000.00", size=4, members=[member_input(name) for name in ("Ana", "Luis", "Eva", "Tomas")]
        )
        designate(busy, representative)
        for n in range(3):
            eligibility_services.add_evidence(
                application=busy,
                kind="income",
                uploaded_file=SimpleUploadedFile(f"pay{n}.pdf", PDF, content_type="application/pdf"),
                acting_user=representative,
            )
        appeal_services.file_appeal(
            application=busy,
            determination=busy.determinations.filter(superseded_by__isnull=True).first(),
            notice_appealed=busy.notices.filter(notice_type__in=["denial", "waitlist", "approval"]).first(),
            request=appeal_services.AppealRequest(issues=["income_finding"], statement="I disagree."),
            acting_user=representative,
            today=today,
        )
    client.force_login(caseworker)
    assert len(case_timeline(busy)) > len(case_timeline(small)) + 8

    small_queries = _timeline_queries(client, small)
    assert _timeline_queries(client, busy) == small_queries
    with django_assert_max_num_queries(len(timeline.registered_sources()) + 8):
        client.get(reverse("workspaces:case_timeline", args=[busy.pk]), headers={"HX-Request": "true"})
