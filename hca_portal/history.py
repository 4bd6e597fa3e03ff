"""simple-history's audit rows written by the database, for the hot paths (PRODUCT P7).

simple-history's ``bulk_history_create`` builds one Python object per history row and
inserts them in a statement of their own. Intake and the daily sweep write many rows,
so here the database writes the same rows (every tracked column, the date, the reason,
the type and the acting user) from the rows it has just written:

- ``create_with_history`` inserts new rows and their ``+`` history rows in one
  statement on PostgreSQL (``WITH new AS (INSERT ... RETURNING ...) INSERT INTO
  history SELECT ... FROM new``); elsewhere it is ``bulk_create`` then simple-history's
  own ``bulk_history_create``;
- ``copy_to_history`` copies rows changed by a set-based UPDATE into history with one
  ``INSERT ... SELECT`` (every database).

tests/hca_portal/test_history.py checks that both write what simple-history itself writes.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router
from django.db.models import AutoField, CharField, DateTimeField, IntegerField, Value
from django.db.models.sql import InsertQuery
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model, get_history_model_for_model

# The history row's own columns after the tracked ones, in this order (simple-history's names).
_HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user")


@dataclass(frozen=True)
class _Columns:
    table: str
    tracked: list  # the model's tracked fields
    target: list[str]  # the history table's columns: the tracked ones, then _HISTORY_FIELDS
    reason_length: int


@functools.cache
def _columns(model) -> _Columns:
    history = get_history_model_for_model(model)
    tracked = list(history.tracked_fields)
    target = [history._meta.get_field(f.name).column for f in tracked]
    target += [history._meta.get_field(name).column for name in _HISTORY_FIELDS]
    reason_length = history._meta.get_field("history_change_reason").max_length
    return _Columns(history._meta.db_table, tracked, target, reason_length)


_statements: dict = {}


def _create_statement(model, connection) -> tuple[str, str, str]:
    """The parts of create_with_history's statement that do not depend on the rows, built once:
    RETURNING what history copies; the history INSERT from ``new``; the ids read back."""
    key = (model, connection.vendor)
    if key not in _statements:
        _statements[key] = _build_create_statement(model, connection.ops.quote_name)
    return _statements[key]


def _build_create_statement(model, quote) -> tuple[str, str, str]:
    columns = _columns(model)
    source = ", ".join(quote(f.column) for f in columns.tracked)
    returning = f" RETURNING {source}"
    history = (
        f"INSERT INTO {quote(columns.table)} ({', '.join(map(quote, columns.target))}) "
        f"SELECT {source}, %s, %s, %s, %s FROM new"
    )
    return returning, history, f"SELECT {quote(model._meta.pk.column)} FROM new"


@functools.cache
def _history_manager(model):
    # simple-history's descriptor builds a manager class on every access: build it once.
    return get_history_manager_for_model(model)


def _history_params(columns: _Columns, *, when, reason: str, history_type: str, user) -> list:
    return [when, reason[: columns.reason_length], history_type, getattr(user, "pk", user)]


def create_with_history(objs: list, *, user, reason: str) -> list:
    """Insert new rows of one model and their history rows (type ``+``, actor and reason).

    Returns the objects with their primary keys set, in order (as ``bulk_create``). The reason
    is cut to the history column's length. Run it inside the caller's transaction, which
    makes the whole write all or nothing. Where the primary keys are made here (UUIDs),
    nothing is read back, so in psycopg's pipeline mode the statement does not wait.
    """
    if not objs:
        return objs
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    if connection.vendor != "postgresql" or not enabled:
        created = model._default_manager.using(using).bulk_create(objs)
        if enabled:
            _history_manager(model).bulk_history_create(
                created, default_user=user, default_change_reason=reason[: _columns(model).reason_length]
            )
        return created

    opts = model._meta
    model._default_manager.using(using)._prepare_for_bulk_create(objs)  # primary-key defaults, related ids
    fields = [f for f in opts.concrete_fields if not f.generated]
    database_ids = any(obj.pk is None for obj in objs)
    if database_ids:
        fields = [f for f in fields if not isinstance(f, AutoField)]
    query = InsertQuery(model)
    query.insert_values(fields, objs)
    # Django's own INSERT for these rows (values prepared by each field, UNNEST for several rows).
    [(insert_sql, insert_params)] = query.get_compiler(using=using).as_sql()
    returning, history, read_ids = _create_statement(model, connection)
    params = [
        *insert_params,
        *_history_params(_columns(model), when=timezone.now(), reason=reason, history_type="+", user=user),
    ]
    with connection.cursor() as cursor:
        if not database_ids:
            cursor.execute(f"WITH new AS ({insert_sql}{returning}) {history}", params)
        else:
            # The new rows come back in the order they were given, as bulk_create relies on.
            sql = f"WITH new AS ({insert_sql}{returning}), history AS ({history}) {read_ids}"
            cursor.execute(sql, params)
            pks = [row[0] for row in cursor.fetchall()]
            if len(pks) != len(objs):
                raise RuntimeError(f"The database returned {len(pks)} ids for {len(objs)} new rows.")
            for obj, pk in zip(objs, pks, strict=True):
                obj.pk = pk
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
    return objs


def copy_to_history(model, pks: list, *, reason: str, when, user=None, history_type: str = "~") -> None:
    """History rows for rows of ``model`` changed by a set-based UPDATE: one ``INSERT ... SELECT``."""
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    using = router.db_for_write(model)
    connection = connections[using]
    columns = _columns(model)
    when_, reason_, type_, user_ = _history_params(
        columns, when=when, reason=reason, history_type=history_type, user=user
    )
    select = (
        model._default_manager.using(using)
        .filter(pk__in=pks)
        .order_by()
        .annotate(
            h_date=Value(when_, output_field=DateTimeField()),
            h_reason=Value(reason_, output_field=CharField()),
            h_type=Value(type_, output_field=CharField()),
            h_user=Value(user_, output_field=IntegerField()),
        )
        .values_list(*[f.attname for f in columns.tracked], "h_date", "h_reason", "h_type", "h_user")
    )
    sql, params = select.query.sql_with_params()
    qn = connection.ops.quote_name
    target = ", ".join(map(qn, columns.target))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {qn(columns.table)} ({target}) {sql}", params)


def fitting_reason(model, reason: str) -> str:
    """A change reason cut to what the model's history column holds (a long redetermination reason
    must not fail the save it explains)."""
    length = _columns(model).reason_length
    return reason if len(reason) <= length else reason[: length - 1] + "…"
