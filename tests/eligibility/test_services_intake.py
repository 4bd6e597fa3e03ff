"""Intake through the service: every row it writes has its audit row, the whole intake is one
transaction (committed, or rolled back leaving nothing), and the connection stays usable after."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection

from eligibility.models import Application, CriterionFinding, Member
from eligibility.services import MemberInput, create_application

from ..factories import plan_year


def _member(first_name: str, **kwargs) -> MemberInput:
    values = dict(
        last_name="Garcia",
        date_of_birth=date(1998, 6, 15),
        ead_category="C33",
        daca_valid_from=date(2025, 1, 1),
        daca_valid_to=date(2027, 12, 31),
        has_other_coverage=False,
        is_incarcerated=False,
    )
    return MemberInput(first_name=first_name, **(values | kwargs))


def _intake(user, members):
    return create_application(
        plan_year=plan_year(2026),
        received_on=date(2026, 3, 2),
        household_size=len(members),
        annual_magi=Decimal("30000.00"),
        address_line="100 Main St",
        city="Santa Fe",
        zip_code="87501",
        members=members,
        acting_user=user,
        channel="mail",
    )


def _counts() -> dict[str, int]:
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Application, Member, CriterionFinding)
    }


@pytest.mark.django_db(transaction=True)
def test_intake_commits_every_row_with_its_audit_row(caseworker):
    application = _intake(caseworker, [_member("Ana"), _member("Luis", is_applying=False), _member("Eva")])
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
def test_a_failed_intake_leaves_nothing_and_the_connection_usable(caseworker):
    before = _counts()
    # The second member has no date of birth: the database refuses the members' row after the
    # application's row went in, inside the same transaction.
    with pytest.raises(IntegrityError):
        _intake(caseworker, [_member("Ana"), _member("Luis", date_of_birth=None)])
    assert _counts() == before
    application = _intake(caseworker, [_member("Ana")])  # the next intake goes through
    assert Application.objects.filter(pk=application.pk).exists()


@pytest.mark.django_db
def test_a_failed_intake_inside_a_larger_transaction_leaves_nothing(caseworker):
    before = _counts()
    with pytest.raises(IntegrityError):
        _intake(caseworker, [_member("Ana", date_of_birth=None)])
    assert _counts() == before
