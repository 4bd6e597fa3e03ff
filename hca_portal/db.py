"""Database plumbing shared by the apps."""

import contextlib

from django.db import DEFAULT_DB_ALIAS, connections


@contextlib.contextmanager
def pipeline(using: str = DEFAULT_DB_ALIAS):
    """psycopg's pipeline mode on PostgreSQL; nothing elsewhere.

    Statements go out without waiting for each answer; reading a result (or leaving the
    block) waits for every statement before it at once, and errors surface there. Open it
    inside ``transaction.atomic()``: leaving the block on an error ends the aborted pipeline
    first, so the transaction (or its savepoint, when nested) then rolls back as usual.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.connection.pipeline():
        yield
