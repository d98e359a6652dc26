"""PostgreSQL statements bound on the server, for the few places that need it.

Django's psycopg backend binds parameters on the client: each value is quoted into the
SQL text in Python and parsed back by PostgreSQL. That is right for most of the app
(nothing is prepared, which PgBouncer's transaction pooling needs), but wrong for a
statement run thousands of times (the door's check-in, prepared after a few runs) or
one carrying megabytes of text (the search index's bulk writes, sent in binary, ``%b``).
"""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def server_binding_cursor(connection):
    """A Django cursor (query logging, error wrapping, execute wrappers) around a
    server-binding psycopg cursor, which psycopg prepares once a statement repeats
    (``DB_PREPARE_THRESHOLD``)."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection._prepare_cursor(ServerBindingCursor(connection.connection))
    with cursor:
        yield cursor
