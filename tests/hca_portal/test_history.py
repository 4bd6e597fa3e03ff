"""Audit rows the database writes (hca_portal.history) are the rows simple-history would write:
every tracked column as saved, the type, the actor, the reason and the date; new rows come back
with their ids in order; a failed write leaves neither rows nor history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from eligibility.models import Application, CriterionFinding, Member
from hca_portal.history import copy_to_history, create_with_history

from ..factories import ApplicationFactory, MemberFactory, plan_year

pytestmark = pytest.mark.django_db

# One statement for rows and history on PostgreSQL; bulk_create then bulk_history_create elsewhere.
STATEMENTS = 1 if connection.vendor == "postgresql" else 2


def _assert_history_matches(obj, *, user, reason, history_type="+"):
    """The newest history row of `obj` copies every tracked column of the row as the database holds it."""
    row = type(obj).objects.get(pk=obj.pk)
    record = obj.history.order_by("-history_id").first()
    for field in type(obj).history.model.tracked_fields:
        assert getattr(record, field.attname) == getattr(row, field.attname), field.name
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        history_type,
        user,
        reason,
    )
    assert abs(record.history_date - timezone.now()) < timedelta(minutes=1)


def _application(**kwargs):
    values = dict(
        plan_year=plan_year(2026),
        received_on=date(2026, 3, 2),
        household_size=3,
        annual_magi=Decimal("31234.56"),
        address_line="1 Calle Uno",
        city="Las Cruces",
        zip_code="88001",
        preferred_language="es",
        email="ana@example.org",
    )
    return Application(**(values | kwargs))


def test_new_rows_with_a_client_made_id_and_their_history(caseworker, django_assert_num_queries):
    application = _application()
    with django_assert_num_queries(STATEMENTS):
        [created] = create_with_history([application], user=caseworker, reason="Application received (mail)")
    assert created is application and not created._state.adding
    saved = Application.objects.get(pk=application.pk)
    assert (saved.city, saved.annual_magi, saved.state) == ("Las Cruces", Decimal("31234.56"), "received")
    assert saved.created_at is not None and saved.created_at == application.created_at
    _assert_history_matches(saved, user=caseworker, reason="Application received (mail)")


def test_new_rows_with_database_ids_come_back_in_order(caseworker, django_assert_num_queries):
    application = ApplicationFactory()
    names = ["Ana", "Beto", "Carmen", "Dario"]
    members = [
        Member(application=application, first_name=name, last_name="Luna", date_of_birth=date(2000, 1, 1 + i))
        for i, name in enumerate(names)
    ]
    with django_assert_num_queries(STATEMENTS):
        create_with_history(members, user=caseworker, reason="Application received")
    assert all(m.pk is not None for m in members)
    assert [Member.objects.get(pk=m.pk).first_name for m in members] == names
    for member in members:
        _assert_history_matches(member, user=caseworker, reason="Application received")
        assert member.history.count() == 1


def test_history_without_an_actor_and_with_a_long_reason(db):
    member = MemberFactory()
    finding = CriterionFinding(member=member, criterion="residency", status="met", reason_code="resident_nm")
    reason = "x" * 150
    create_with_history([finding], user=None, reason=reason)
    limit = CriterionFinding.history.model._meta.get_field("history_change_reason").max_length
    _assert_history_matches(finding, user=None, reason=reason[:limit])


def test_nothing_is_written_when_one_row_fails(caseworker):
    member = MemberFactory()
    rows_before = CriterionFinding.objects.count()
    history_before = CriterionFinding.history.count()
    duplicate = [
        CriterionFinding(member=member, criterion="residency", status=status, reason_code=code)
        for status, code in [("met", "resident_nm"), ("not_met", "not_resident_nm")]
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        create_with_history(duplicate, user=caseworker, reason="Criteria evaluated at intake")
    assert CriterionFinding.objects.count() == rows_before
    assert CriterionFinding.history.count() == history_before


def test_no_rows_no_statement(caseworker, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert create_with_history([], user=caseworker, reason="nothing") == []


def test_rows_changed_by_an_update_are_copied_to_history(caseworker, supervisor):
    applications = ApplicationFactory.create_batch(3)
    untouched = ApplicationFactory()
    pks = [a.pk for a in applications]
    now = timezone.now()
    Application.objects.filter(pk__in=pks).update(city="Taos", next_due_on=date(2026, 4, 1), updated_at=now)
    copy_to_history(Application, pks, reason="Moved", when=now, user=supervisor)
    for application in applications:
        _assert_history_matches(application, user=supervisor, reason="Moved", history_type="~")
        assert application.history.order_by("-history_id").first().city == "Taos"
    assert untouched.history.count() == 1
