"""Every URL, every role: walk the URL configuration and check who gets in (PRODUCT P7).

The table below says, for each URL name, which roles may use it. The test walks
``django.urls.get_resolver()`` recursively, fills each pattern's parameters with the
objects of case A (the applicant's own case, represented by the representative), or of
case C for the representative designated for appeals only, and requests it as every role:
GET, or POST when the view only takes POST (inside a savepoint that is rolled back, so one
request cannot change what the next one sees).

Allowed: the view did its work (2xx, a redirect that is not to a sign-in page, or 400
when it reached form validation). Forbidden: 401, 403, 404 or a redirect to sign in.
A URL missing from the table fails the test: decide who may use it, then add it.

The second half checks that a forbidden object looks exactly like a missing one: the
representative and the applicant of case A (and the appeals-only representative of case C)
ask for case B's objects (and for case B's objects under their own case's address), and get
the same response as for ids that exist nowhere. The appeals-only representative's own case,
outside its appeals and notices, answers exactly like a case that does not exist.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from eligibility.models import ChangeKind, Guidance, PlanYear, Representation
from hca_portal.auth.second_factor import new_recovery_codes
from hca_portal.auth.tokens import issue_token
from notices.models import MailBatch

from ..http import comparable_body
from . import urlwalk
from .access_world import Case, make_case, values_for
from .conftest import TODAY

ANON, CW, SUP, OFF, BUR, ADM, REP, APR, APP = (
    "anonymous",
    "caseworker",
    "supervisor",
    "appeals_officer",
    "bureau_reviewer",
    "program_admin",
    "representative",
    "appeals_representative",
    "applicant_user",
)
ROLES = (ANON, CW, SUP, OFF, BUR, ADM, REP, APR, APP)
STAFF = {CW, SUP, OFF, BUR, ADM}
SIGNED_IN = STAFF | {REP, APR, APP}
EVERYONE = SIGNED_IN | {ANON}
CASEWORK = {CW, SUP}
PARTIES = {REP, APP}  # of case A only
APPELLANTS = PARTIES | {APR}  # and case C's representative for appeals only: its appeals and notices
CASE_READERS = STAFF | PARTIES  # the whole case: never a representative for appeals only
NOBODY: set[str] = set()
SKIP = "skip"  # aliases that only redirect to another URL in the table
OPEN = "open"  # sign-in, sign-out and language pages: anyone, whatever they answer (short of an error)

ALLOWED: dict[str, set[str] | str] = {
    "home": SIGNED_IN,
    "login": OPEN,
    "logout": OPEN,
    "second_factor": OPEN,
    "second_factor_enrol": OPEN,
    "set_language": OPEN,
    "favicon": OPEN,
    "account_security": SIGNED_IN,  # one's own API tokens (and recovery codes for staff)
    # Caseworker pages and their actions (eligibility).
    "eligibility:queue": STAFF,
    "eligibility:intake": CASEWORK,
    "eligibility:case": CASE_READERS,
    "eligibility:start_review": CASEWORK,
    "eligibility:record_finding": CASEWORK,
    "eligibility:request_information": CASEWORK,
    "eligibility:receive_information": CASEWORK,
    "eligibility:decide": CASEWORK,
    "eligibility:confirm_decision": CASEWORK,
    "eligibility:withdraw": CASEWORK,
    "eligibility:assign": {SUP},
    "eligibility:add_evidence": CASEWORK | PARTIES,
    "eligibility:document": CASE_READERS,
    "eligibility:designate_representative": CASEWORK,
    "eligibility:revoke_representative": CASEWORK,
    # The applicant and their representative answer an offer online (issue 9 item 6).
    "eligibility:accept_offer": CASEWORK | PARTIES,
    "eligibility:decline_offer": CASEWORK | PARTIES,
    "eligibility:terminate": CASEWORK,
    "eligibility:reinstate": CASEWORK,
    "eligibility:notice_pdf": SIGNED_IN,  # the notices are what gets appealed: appeals-only too
    # Reported changes (PRODUCT P11): the household reports, caseworkers record and act on them.
    "eligibility:report_change": CASEWORK | PARTIES,
    "eligibility:apply_change": CASEWORK,
    "eligibility:dismiss_change": CASEWORK,
    "eligibility:choose_plan": CASEWORK,  # a plan choice changes the assistance: who may decide
    # Renewal runs: the program administrator starts them; supervisors follow and retry (P11).
    "eligibility:renewals": {SUP, ADM},
    "eligibility:start_renewals": {ADM},
    "eligibility:renewal_run": {SUP, ADM},
    "eligibility:retry_renewals": {SUP, ADM},
    # Mail batches hold every mailed address: their own permission (the supervisor's).
    "notices:mail_batches": {SUP},
    "notices:mail_batch_download": {SUP},
    # Appeals.
    "appeals:list": SIGNED_IN,
    "appeals:file": APPELLANTS,
    "appeals:log": CASEWORK,
    "appeals:detail": SIGNED_IN,
    "appeals:decide": {OFF},
    "appeals:file_final": CASEWORK | APPELLANTS,
    # The "withdraw" step: the appellant, or staff who log it for them (never the decider).
    "appeals:step": CASEWORK | APPELLANTS,
    # Documents filed with an appeal: the appellant's side and appeals staff (issue 12 item 2).
    "appeals:add_document": CASEWORK | {OFF} | APPELLANTS,
    "appeals:document": SIGNED_IN,
    # Workspaces.
    "workspaces:index": SIGNED_IN,
    "workspaces:caseworker": CASEWORK,
    "workspaces:officer": {OFF},
    "workspaces:bureau": {BUR},
    "workspaces:supervisor": {SUP},
    "workspaces:assign": {SUP},
    "workspaces:program": {ADM},
    "workspaces:representative": {REP, APR},
    "workspaces:applicant": {APP},
    "workspaces:case_timeline": CASE_READERS,
    "workspaces:reports": {SUP, ADM},
    "workspaces:report_csv": {SUP, ADM},
    # REST API.
    "application-list": SIGNED_IN,
    "application-detail": CASE_READERS,
    "application-decide": CASEWORK,
    "application-changes": CASE_READERS,
    "application-change-apply": CASEWORK,
    "enrollment-detail": CASE_READERS,
    "enrollment-terminate": CASEWORK,
    "enrollment-reinstate": CASEWORK,
    # The parties answer online; staff record an answer received by phone, mail or in person.
    "enrollment-accept": CASEWORK | PARTIES,
    "enrollment-decline": CASEWORK | PARTIES,
    "application-choose-plan": CASEWORK,
    "appeal-list": SIGNED_IN,
    "appeal-detail": SIGNED_IN,
    "appeal-decision": {OFF},
    "appeal-withdraw": CASEWORK | APPELLANTS,
    # The schema and Swagger UI need a signed-in user (issue 11 item 5).
    "schema": SIGNED_IN,
    "api-docs": SIGNED_IN,
    # Admin: only staff get in; the program administrator (the one staff role) where the
    # role's permissions allow. Sign-in and sign-out pages are open.
    "admin:login": OPEN,
    "admin:logout": OPEN,
    "admin:index": {ADM},
    "admin:password_change": {ADM},
    "admin:password_change_done": {ADM},
    "admin:jsi18n": {ADM},
    "admin:app_list": {ADM},
    "admin:autocomplete": NOBODY,
    "admin:view_on_site": NOBODY,
    **{
        f"admin:{model}_{view}": NOBODY
        for model in (
            "auth_group",
            "auth_user",
            "notices_mailbatch",
            "appeals_appeal",
            "otp_totp_totpdevice",  # second-factor devices: superusers only
            "otp_static_staticdevice",
        )
        for view in ("changelist", "add", "history", "delete", "change")
    },
    "admin:otp_totp_totpdevice_config": NOBODY,
    "admin:otp_totp_totpdevice_qrcode": NOBODY,
    # Sign-in security: the program administrator sees failed attempts and lockouts, unlocks
    # (deletes an attempt) and revokes API tokens; nobody adds or edits those rows.
    **{
        f"admin:{model}_{view}": {ADM}
        for model in ("axes_accessattempt", "axes_accessfailurelog", "axes_accesslog", "hca_portal_apitoken")
        for view in ("changelist", "history", "change")
    },
    **{
        f"admin:{model}_add": NOBODY
        for model in ("axes_accessattempt", "axes_accessfailurelog", "axes_accesslog", "hca_portal_apitoken")
    },
    "admin:axes_accessattempt_delete": {ADM},
    "admin:axes_accessfailurelog_delete": NOBODY,
    "admin:axes_accesslog_delete": NOBODY,
    "admin:hca_portal_apitoken_delete": NOBODY,
    **{f"admin:{model}_simple_history": NOBODY for model in ("notices_mailbatch", "appeals_appeal")},
    "admin:auth_user_password_change": NOBODY,
    **{
        f"admin:{model}_{view}": {ADM}
        for model in (
            "hca_portal_stateholiday",
            "eligibility_planyear",
            "eligibility_guidance",
            "notices_tagline",
        )
        for view in ("changelist", "add", "history", "change", "simple_history")
    },
    "admin:hca_portal_stateholiday_delete": {ADM},
    "admin:eligibility_planyear_delete": NOBODY,
    "admin:eligibility_guidance_delete": NOBODY,
    "admin:notices_tagline_delete": NOBODY,
    # The catalogue of change kinds: kept by the program administrator; retired, never deleted.
    **{
        f"admin:eligibility_changekind_{view}": {ADM}
        for view in ("changelist", "add", "history", "change", "simple_history")
    },
    "admin:eligibility_changekind_delete": NOBODY,
    **{
        f"admin:notices_notice_{view}": {ADM}
        for view in ("changelist", "history", "change", "simple_history")
    },
    "admin:notices_notice_add": NOBODY,
    # The case access log: read and exported by the program administrator, never written by hand.
    **{f"admin:eligibility_caseaccesslog_{view}": {ADM} for view in ("changelist", "history", "change")},
    "admin:eligibility_caseaccesslog_add": NOBODY,
    "admin:eligibility_caseaccesslog_delete": NOBODY,
    "admin:notices_notice_delete": NOBODY,
    "admin:<admin/<url>>": NOBODY,  # the admin's catch-all: unknown admin pages
}

# A body that passes validation where an empty one would stop at it (so the permission decides).
POST_DATA = {
    "appeal-decision": {"outcome": "upheld", "reasons": "The decision was right."},
}


def _expected(name: str):
    if name.startswith("admin:<admin/") and name != "admin:<admin/<url>>":
        return SKIP  # admin/<model>/<id>/ only redirects to .../change/
    return ALLOWED.get(name)


def _outcome(response) -> str:
    status = response.status_code
    if status in (401, 403, 404):
        return "forbidden"
    if status in (301, 302) and "login" in response.get("Location", ""):
        return "forbidden"
    if status < 400 or status == 400:
        return "allowed"
    return f"error {status}"


def _request(client, route, path):
    sid = transaction.savepoint()
    try:
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path, POST_DATA.get(route.name, {}))
    finally:
        transaction.savepoint_rollback(sid)
    return response


@pytest.fixture
def world(
    request,
    today,
    new_application,
    caseworker,
    representative,
    appeals_representative,
    applicant_user,
    make_user,
    django_capture_on_commit_callbacks,
):
    """Case A (the applicant's, represented by the representative), case B (strangers') and case C
    (a third applicant's, represented for appeals only)."""
    with django_capture_on_commit_callbacks(execute=True):
        case_a = make_case(
            new_application, caseworker, applicant=applicant_user, representative=representative
        )
        case_b = make_case(
            new_application,
            caseworker,
            applicant=make_user("Applicant", username="someone-else"),
            representative=make_user("Representative", username="someone-elses-navigator"),
        )
        case_c = make_case(
            new_application,
            caseworker,
            applicant=make_user("Applicant", username="appellant"),
            representative=appeals_representative,
            scope=Representation.Scope.APPEALS,
        )
    # Objects for the admin's object pages, each with a history record.
    batch, _ = MailBatch.objects.get_or_create(batch_date=TODAY)
    batch.pdf.save("batch.pdf", ContentFile(b"%PDF-1.4 batch"), save=False)
    batch.built_at = timezone.now()
    batch.save()
    issue_token(user=caseworker, name="tests")
    new_recovery_codes(user=caseworker)
    failure = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test", "path_info": "/"}
    AccessAttempt.objects.create(**failure, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**failure)
    for obj in (
        Guidance.objects.order_by("pk").first(),
        PlanYear.objects.order_by("pk").first(),
        ChangeKind.objects.order_by("pk").first(),
    ):
        obj.save()
    users = {role: None if role == ANON else request.getfixturevalue(role) for role in ROLES}
    return case_a, case_b, case_c, users


def _own_case(role, case_a, case_c) -> Case:
    """The case a role's URLs are filled from: case C for its appeals-only representative, else case A."""
    return case_c if role == APR else case_a


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_url_in_the_table():
    names = {route.name for route in urlwalk.routes()}
    missing = sorted(n for n in names if _expected(n) is None)
    assert not missing, f"URLs with no access rule in ALLOWED: {missing}"
    stale = sorted(set(ALLOWED) - names)
    assert not stale, f"ALLOWED names no URL has any more: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_urls_it_may_use(world, role):
    case_a, _case_b, case_c, users = world
    own = _own_case(role, case_a, case_c)
    user = users[role]
    client = _client(user)  # one client per role: building the test client's handler is not free
    wrong = []
    for route in urlwalk.routes():
        expected = _expected(route.name)
        if expected == SKIP:
            continue
        path = urlwalk.build(route, values_for(route.name, route.route, own, user_pk=users[CW].pk))
        if user is not None:
            client.force_login(user)  # sign-out pages end the session
        outcome = _outcome(_request(client, route, path))
        if expected == OPEN:
            want = "allowed" if outcome.startswith("error") else outcome
        else:
            want = "allowed" if role in expected else "forbidden"
        if outcome != want:
            wrong.append(f"{route.name} {path}: {outcome}, expected {want}")
    assert not wrong, "\n".join(wrong)


SUB_OBJECTS = ("request_pk", "document_pk", "representation_pk", "enrollment_pk", "notice_pk", "change_pk")
CASE_PARAMS = {
    "pk",
    "application_pk",
    "request_pk",
    "document_pk",
    "representation_pk",
    "enrollment_pk",
    "notice_pk",
    "change_pk",
}


def _case_routes():
    for route in urlwalk.routes():
        if route.name.startswith(("admin:", "notices:mail_batch")) or not CASE_PARAMS & set(route.params):
            continue
        yield route


@pytest.mark.django_db
@pytest.mark.parametrize("role", [REP, APR, APP])
def test_other_applicants_objects_look_exactly_like_missing_ones(world, role):
    case_a, case_b, case_c, users = world
    own = _own_case(role, case_a, case_c)
    user = users[role]
    client = _client(user)
    missing = Case.missing()
    # Case B's objects addressed under the user's own case, against fresh ids under that case.
    mixed = Case(
        own.application,
        case_b.request_pk,
        case_b.document_pk,
        case_b.representation_pk,
        case_b.enrollment_pk,
        case_b.notice_pk,
        case_b.appeal_pk,
        case_b.appeal_document_pk,
        case_b.change_pk,
    )
    missing_under_own = Case(
        own.application,
        *(getattr(missing, f) for f in SUB_OBJECTS[:5]),
        missing.appeal_pk,
        missing.appeal_document_pk,
        missing.change_pk,
    )
    leaks = []
    checked = 0
    for route in _case_routes():

        def fetch(case, route=route):
            client.force_login(user)
            path = urlwalk.build(route, values_for(route.name, route.route, case, user_pk=user.pk))
            return path, _request(client, route, path)

        variants = [("case B", case_b, missing)]
        if set(SUB_OBJECTS) & set(route.params):
            variants.append(("case B's objects under the user's case", mixed, missing_under_own))
        for label, case, baseline in variants:
            _path, absent = fetch(baseline)
            path, response = fetch(case)
            checked += 1
            if response.status_code not in (403, 404):
                leaks.append(f"{route.name} {path} ({label}): {response.status_code}")
            elif (response.status_code, comparable_body(response)) != (
                absent.status_code,
                comparable_body(absent),
            ):
                leaks.append(f"{route.name} {path} ({label}): differs from a missing object")
    assert checked > 20
    assert not leaks, "\n".join(leaks)


@pytest.mark.django_db
def test_a_case_represented_for_appeals_only_looks_missing_outside_its_appeals(world):
    """The case page, its actions, evidence, timeline and API answer the appeals-only representative
    exactly as for a case that does not exist (the appeal routes reach appeals, which they may see)."""
    _case_a, _case_b, case_c, users = world
    user = users[APR]
    client = _client(user)
    missing = Case.missing()
    leaks = []
    checked = set()
    for route in _case_routes():
        if route.name.startswith(("appeals:", "appeal-")) or APR in ALLOWED[route.name]:
            continue
        responses = []
        for case in (missing, case_c):
            client.force_login(user)
            path = urlwalk.build(route, values_for(route.name, route.route, case, user_pk=user.pk))
            responses.append((path, _request(client, route, path)))
        (_path, absent), (path, response) = responses
        checked.add(route.name)
        if response.status_code != 404:
            leaks.append(f"{route.name} {path}: {response.status_code}")
        elif comparable_body(response) != comparable_body(absent) or absent.status_code != 404:
            leaks.append(f"{route.name} {path}: differs from a missing case")
    assert {
        "eligibility:case",
        "eligibility:add_evidence",
        "eligibility:document",
        "eligibility:decide",
        "workspaces:case_timeline",
        "application-detail",
    } <= checked
    assert not leaks, "\n".join(leaks)
