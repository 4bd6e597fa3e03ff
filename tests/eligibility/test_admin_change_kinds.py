"""The catalogue of change kinds is data: seeded, kept by program administrators in the admin (P11)."""

import pytest
from django.urls import reverse

from eligibility.models import ChangeKind

pytestmark = pytest.mark.django_db

SEEDED = {
    "income",
    "member_added",
    "member_removed",
    "address",
    "daca_renewed",
    "daca_ended",
    "other_coverage",
    "incarceration",
    "death",
    "intake_correction",
}


def test_the_catalogue_is_seeded_with_rules_and_windows():
    kinds = {k.code: k for k in ChangeKind.objects.all()}
    assert set(kinds) == SEEDED
    assert kinds["death"].effective_rule == "after_death"
    assert kinds["intake_correction"].is_correction is True
    assert all(k.report_within_days == 30 for k in kinds.values())


def test_the_program_administrator_adds_a_kind_with_history(client, program_admin):
    client.force_login(program_admin)
    response = client.post(
        reverse("admin:eligibility_changekind_add"),
        {
            "code": "moved_out_of_state",
            "label": "Moved out of New Mexico",
            "facts": "address",
            "reason_code": "change_address",
            "effective_rule": "month_after_event",
            "report_within_days": "10",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    kind = ChangeKind.objects.get(code="moved_out_of_state")
    assert kind.display_label == "Moved out of New Mexico"  # an added kind shows what the admin typed
    assert kind.history.get().history_user == program_admin


def test_an_unknown_rule_is_refused(client, program_admin):
    client.force_login(program_admin)
    response = client.post(
        reverse("admin:eligibility_changekind_add"),
        {
            "code": "x",
            "label": "X",
            "facts": "income",
            "reason_code": "change_income",
            "effective_rule": "whenever",
        },
    )
    assert response.status_code == 200
    assert "effective_rule" in response.context["adminform"].form.errors
    assert not ChangeKind.objects.filter(code="x").exists()


def test_a_caseworker_cannot_edit_the_catalogue(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("admin:eligibility_changekind_changelist"))
    assert response.status_code in (302, 403)
