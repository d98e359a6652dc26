"""Where SQLite and PostgreSQL differ for the survey tables' hand-written SQL: one class
per database (as search/backends and participants' check-in do), so the statements in
``hotpath`` and ``tallies`` are written once."""

from __future__ import annotations

import uuid

from django.db import connection


class _SQLite:
    true, false = "1", "0"
    # Placeholders of the hot path's INSERT … SELECT, by kind: SQLite needs no casts.
    as_int = as_json = as_uuid = as_time = "%s"

    @staticmethod
    def uuid_value(value: uuid.UUID) -> str:
        return value.hex  # Django keeps UUIDs as hex on SQLite

    @staticmethod
    def tidy(table: str) -> bool:
        """Nothing: SQLite rewrites an index in place, leaving no dead entries."""
        return False


class _PostgreSQL:
    true, false = "TRUE", "FALSE"
    as_int, as_json, as_uuid, as_time = "%s::bigint", "%s::jsonb", "%s::uuid", "%s::timestamptz"

    @staticmethod
    def uuid_value(value: uuid.UUID) -> uuid.UUID:
        return value

    @staticmethod
    def tidy(table: str) -> bool:
        """Vacuum ``table`` now: every row an UPDATE touched leaves a dead entry in each
        index until autovacuum comes by. Outside a transaction only (VACUUM refuses one)."""
        if connection.in_atomic_block:
            return False
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        return True


def current() -> type[_SQLite] | type[_PostgreSQL]:
    return _PostgreSQL if connection.vendor == "postgresql" else _SQLite
