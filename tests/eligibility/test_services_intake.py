"""Intake through the service: every row it writes has its audit row, the whole intake is one
transaction (committed, or rolled back leaving nothing), and the connection stays usable after."""

import pytest
from django.db import IntegrityError, connection

from eligibility.models import Application, CriterionFinding, Member

from ..factories import member_input


def _counts() -> dict[str, int]:
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Application, Member, CriterionFinding)
    }


@pytest.mark.django_db(transaction=True)
def test_intake_commits_every_row_with_its_audit_row(new_application, caseworker):
    members = [member_input("Ana"), member_input("Luis", is_applying=False), member_input("Eva")]
    application = new_application(members=members, size=3, channel="mail")
    connection.close()  # read back through a new connection: what was committed

    saved = Application.objects.get(pk=application.pk)
    members = {m.first_name: m for m in saved.members.all()}
    assert set(members) == {"Ana", "Luis", "Eva"}
    assert members["Luis"].findings.count() == 0  # not applying: no criteria
    assert members["Ana"].findings.count() == members["Eva"].findings.count() == 5
    records = [
        (saved.history.get(), "Application received (mail)"),
        *[(m.history.get(), "Application received") for m in members.values()],
        *[
            (f.history.get(), "Criteria evaluated at intake")
            for f in CriterionFinding.objects.filter(member__application=saved)
        ],
    ]
    assert len(records) == 1 + 3 + 10
    for record, reason in records:
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+",
            caseworker,
            reason,
        )


@pytest.mark.django_db(transaction=True)
def test_a_failed_intake_leaves_nothing_and_the_connection_usable(new_application):
    before = _counts()
    # The second member has no date of birth: the database refuses the members' row after the
    # application's row went in, inside the same transaction.
    with pytest.raises(IntegrityError):
        new_application(members=[member_input("Ana"), member_input("Luis", date_of_birth=None)], size=2)
    assert _counts() == before
    application = new_application()  # the next intake goes through
    assert Application.objects.filter(pk=application.pk).exists()


@pytest.mark.django_db
def test_a_failed_intake_inside_a_larger_transaction_leaves_nothing(new_application):
    before = _counts()
    with pytest.raises(IntegrityError):
        new_application(members=[member_input("Ana", date_of_birth=None)])
    assert _counts() == before
