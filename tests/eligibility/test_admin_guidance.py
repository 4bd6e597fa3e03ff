"""Plan-year guidance is edited in the admin by program administrators only, and validated (P3)."""

from datetime import date

import pytest
from django.urls import reverse

from eligibility import services
from eligibility.models import EnrollmentState, Guidance
from tests.factories import verify_reported

from ..conftest import set_cap
from ..faults.conftest import celery_broker, free_port


def _form_data(guidance, **overrides):
    """The admin change form's POST data for `guidance`, with its bands, tiers and plans as they are."""
    data = {
        "plan_year": guidance.plan_year_id,
        "effective_date": guidance.effective_date.isoformat(),
        "label": guidance.label,
        "is_example": "on",
        "fpl_first_person": guidance.fpl_first_person,
        "fpl_each_additional": guidance.fpl_each_additional,
        "income_limit_pct": guidance.income_limit_pct,
        "priority_threshold_pct": guidance.priority_threshold_pct,
        "enrollment_cap": guidance.enrollment_cap,
        "offer_reply_days": guidance.offer_reply_days,
        "adverse_notice_days": guidance.adverse_notice_days,
        "renewals_hold_place": "on" if guidance.renewals_hold_place else "",
    }
    for prefix, rows, fields in (
        ("scale_bands", guidance.scale_bands.all(), ["fpl_from", "fpl_to", "pct_from", "pct_to"]),
        ("oop_tiers", guidance.oop_tiers.all(), ["fpl_from", "fpl_to", "name", "actuarial_value"]),
        (
            "plans",
            guidance.plans.all(),
            ["issuer", "name", "metal_level", "actuarial_value", "monthly_premium"],
        ),
    ):
        rows = list(rows)
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-guidance"] = guidance.pk
            for field in fields:
                data[f"{prefix}-{i}-{field}"] = getattr(row, field)
            if prefix == "plans" and row.is_benchmark:
                data[f"{prefix}-{i}-is_benchmark"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def guidance(db):
    return Guidance.objects.get(plan_year__year=2026)


def test_seeded_guidance_is_labelled_as_example(guidance):
    assert guidance.is_example
    assert "EXAMPLE" in guidance.label
    assert guidance.fpl_first_person == 15650 and guidance.fpl_each_additional == 5500
    assert Guidance.objects.filter(plan_year__year=2027).exists()


def test_program_administrator_raises_the_cap_with_history(client, program_admin, guidance):
    client.force_login(program_admin)
    url = reverse("admin:eligibility_guidance_change", args=[guidance.pk])
    response = client.post(url, _form_data(guidance, enrollment_cap=2500))
    assert response.status_code == 302, response.content.decode()[:2000]
    guidance.refresh_from_db()
    assert guidance.enrollment_cap == 2500
    assert guidance.history.first().history_user == program_admin


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"scale_bands-1-fpl_from": "160"}, "not contiguous"),
        ({"scale_bands-0-pct_to": "101"}, "100"),
        ({"enrollment_cap": "-1"}, "greater than or equal to 0"),
        ({"income_limit_pct": "-5"}, "greater than or equal to 0"),
    ],
)
def test_invalid_guidance_is_refused_with_a_message(client, program_admin, guidance, overrides, message):
    client.force_login(program_admin)
    url = reverse("admin:eligibility_guidance_change", args=[guidance.pk])
    before = guidance.history.count()
    response = client.post(url, _form_data(guidance, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert guidance.history.count() == before


@pytest.mark.parametrize("role_fixture", ["caseworker", "representative", "appeals_officer"])
def test_other_roles_cannot_edit_guidance(client, request, guidance, role_fixture):
    user = request.getfixturevalue(role_fixture)
    user.is_staff = True  # even with admin access, no guidance permission
    user.save()
    client.force_login(user)
    response = client.post(
        reverse("admin:eligibility_guidance_change", args=[guidance.pk]),
        _form_data(guidance, enrollment_cap=9),
    )
    assert response.status_code == 403
    guidance.refresh_from_db()
    assert guidance.enrollment_cap == 2000


def test_raising_the_cap_offers_the_open_slot_once_the_save_commits(
    client, program_admin, guidance, new_application, caseworker, django_capture_on_commit_callbacks
):
    # given: a cap of 0, and one eligible member on the waitlist
    set_cap(guidance.plan_year, 0)
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
    enrollment = application.members.get().enrollments.get()
    assert enrollment.state == EnrollmentState.WAITLISTED
    guidance.refresh_from_db()

    # when: the program administrator raises the cap to 1
    client.force_login(program_admin)
    url = reverse("admin:eligibility_guidance_change", args=[guidance.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form_data(guidance, enrollment_cap=1))

    # then: after the commit, a task offers the slot, with its notice, in the administrator's name
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.OFFERED
    assert enrollment.history.first().history_user == program_admin
    assert application.notices.filter(notice_type="slot_offer").count() == 1


def test_raising_the_cap_with_the_broker_down_saves_and_offers_the_slot_all_the_same(
    client, program_admin, guidance, new_application, caseworker, django_capture_on_commit_callbacks
):
    # given: one eligible member on the waitlist, and a broker that refuses every connection
    set_cap(guidance.plan_year, 0)
    application = new_application()
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
    enrollment = application.members.get().enrollments.get()
    guidance.refresh_from_db()
    client.force_login(program_admin)
    url = reverse("admin:eligibility_guidance_change", args=[guidance.pk])

    # when: the program administrator raises the cap to 1
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, _form_data(guidance, enrollment_cap=1))

    # then: the save answers as usual, and the offer the task could not be sent for is made here
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.OFFERED
