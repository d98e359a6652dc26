"""The check-in's hot path in SQL: the door's two reads and its writes (docs/benchmarks.md,
"Check-in"). Compiling an ORM query with five joins costs twenty times what running it
does; here the SQL is built once from the models' own fields (a new field is picked up)
and the rows are turned back into model instances with the ORM's own converters, so the
service (``checkin.py``) sees ordinary related objects.

Where the databases differ, one class each (``_SQLite``, ``_PostgreSQL``): on PostgreSQL the
check-in is one statement, and the door's statements are bound on the server, so that
psycopg prepares them after a few runs on a pooled connection. Planning the six-table read
costs PostgreSQL five times what running it does (0.5 ms against 0.1 ms); prepared, it is
planned once per connection. The rest of the app keeps Django's client-side binding.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.sql import InsertQuery
from django.utils.functional import cached_property

from cophub.core.audit import ACTION_TYPES, UnknownAuditAction
from cophub.core.models import AuditLog
from cophub.core.sql import server_binding_cursor
from cophub.orgs.models import Organization, Person
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.programs.models import Activity, Program, ProgramMember, Registration


class _Table:
    def __init__(self, model, alias: str):
        self.model, self.alias, self.fields = model, alias, model._meta.concrete_fields
        self.name = model._meta.db_table
        self._by_vendor: dict[str, list] = {}

    def select(self, qn) -> str:
        return ", ".join(f"{self.alias}.{qn(f.column)}" for f in self.fields)

    def build(self, values, conn):
        if values[0] is None:  # the LEFT JOIN found nothing
            return None
        values = list(values)
        for i, col, converters in self._converters(conn):
            for converter in converters:
                values[i] = converter(values[i], col, conn)
        return self.model.from_db(conn.alias, self.attnames, values)

    @cached_property
    def attnames(self) -> list[str]:
        return [f.attname for f in self.fields]

    def _converters(self, conn) -> list:
        """The ORM's converters of each column that has any, worked out once per backend."""
        if conn.vendor not in self._by_vendor:
            cols = [(i, f.get_col(self.alias)) for i, f in enumerate(self.fields)]
            converters = [
                (i, col, conn.ops.get_db_converters(col) + col.get_db_converters(conn))
                for i, col in cols
            ]
            self._by_vendor[conn.vendor] = [c for c in converters if c[2]]
        return self._by_vendor[conn.vendor]


_R, _P, _O = _Table(Registration, "r"), _Table(Person, "p"), _Table(Organization, "o")
_A, _G, _Y = _Table(Activity, "a"), _Table(Program, "g"), _Table(RegistrationPolicy, "y")


_SQL: dict[tuple, str] = {}
# Each function below takes ``connections[DEFAULT_DB_ALIAS]`` once: ``django.db.connection``
# is a proxy whose every attribute costs a context-local lookup, dozens per check-in.


def _door_rows(tables, joins: str, where: str, params, actor_id: int | None = None) -> list:
    """The rows of ``tables``, and last the role of ``actor_id`` on the program's team (so
    the permission check that follows needs no query of its own)."""
    connection = connections[DEFAULT_DB_ALIAS]
    key = (connection.vendor, joins, where)
    if key not in _SQL:
        qn = connection.ops.quote_name
        team = (
            f"LEFT JOIN {qn(ProgramMember._meta.db_table)} m "
            "ON m.program_id = g.id AND m.user_id = %s"
        )
        # Table and column names come from the models; every value is a parameter.
        _SQL[key] = (
            f"SELECT {', '.join(t.select(qn) for t in tables)}, m.role "  # noqa: S608
            f"FROM {joins} {team} WHERE {where}"
        )
    sql = _SQL[key]
    with _backend(connection).cursor(connection) as cursor:
        cursor.execute(sql, [actor_id, *params])
        row = cursor.fetchone()
    if row is None:
        return []
    out, i = [], 0
    for t in tables:
        out.append(t.build(row[i : i + len(t.fields)], connection))
        i += len(t.fields)
    program = next(o for o in out if isinstance(o, Program))
    if actor_id is not None:
        program._team_role_of = (actor_id, row[-1])
    return out


def _program_joins(qn) -> str:
    """What an activity ``a`` brings along: its program and its policy (if any)."""
    return (
        f"JOIN {qn(_G.name)} g ON g.id = a.program_id "
        f"LEFT JOIN {qn(_Y.name)} y ON y.activity_id = a.id"
    )


def _wire_activity(activity: Activity, program: Program, policy) -> Activity:
    activity.program = program
    if policy is None:
        activity._state.fields_cache["registration_policy"] = None  # "none", not "unknown"
    else:
        activity.registration_policy = policy
    return activity


def door_activity(activity_id: int, actor_id: int | None = None) -> Activity | None:
    """The activity with its program and registration policy (and the role of ``actor_id``
    on its team), in one short query."""
    connection = connections[DEFAULT_DB_ALIAS]
    rows = _door_rows(
        (_A, _G, _Y),
        f"{connection.ops.quote_name(_A.name)} a {_program_joins(connection.ops.quote_name)}",
        "a.id = %s",
        [activity_id],
        actor_id,
    )
    return _wire_activity(*rows) if rows else None


def door_registration(where: str, params, actor_id: int | None = None) -> Registration | None:
    """A registration with its person, organisation, activity, program and policy (and the
    role of ``actor_id`` on the program's team)."""
    connection = connections[DEFAULT_DB_ALIAS]
    qn = connection.ops.quote_name
    joins = (
        f"{qn(_R.name)} r JOIN {qn(_P.name)} p ON p.id = r.person_id "
        f"LEFT JOIN {qn(_O.name)} o ON o.id = p.organization_id "
        f"JOIN {qn(_A.name)} a ON a.id = r.activity_id {_program_joins(qn)}"
    )
    rows = _door_rows((_R, _P, _O, _A, _G, _Y), joins, where, params, actor_id)
    if not rows:
        return None
    registration, person, organization, *activity = rows
    person.organization = organization
    registration.person = person
    registration.activity = _wire_activity(*activity)
    return registration


def write_scan(row: CheckIn, registration: Registration | None, when: datetime, audit) -> bool:
    """Store the scan; with ``registration``, also check it in (and audit it) if its status is
    still the one the decision was made on. False: it was not, and nothing was written.

    The statements are compiled before anything is written, so only the writes hold the
    transaction (and SQLite's one write lock).
    """
    connection = connections[DEFAULT_DB_ALIAS]
    inserts = [_insert(row)] + ([_insert(audit)] if audit else [])
    backend = _backend(connection)
    if registration is None:
        # A lone statement is atomic by itself; inside a caller's transaction it gets a
        # savepoint, so a refused duplicate does not spoil the caller's transaction.
        atomic = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with atomic, backend.cursor(connection) as cursor:
            cursor.execute(*inserts[0])
        return True
    return backend.check_in(connection, _claim(registration, when), inserts)


class _SQLite:
    @staticmethod
    def cursor(connection):
        return connection.cursor()

    @staticmethod
    def check_in(connection, claim: tuple[str, list], inserts) -> bool:
        """The claim, then the inserts, in one transaction."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(*claim)
            if cursor.rowcount != 1:
                return False
            for sql, params in inserts:
                cursor.execute(sql, params)
            return True


class _PostgreSQL:
    cursor = staticmethod(server_binding_cursor)  # prepared once a statement repeats

    @classmethod
    def check_in(cls, connection, claim: tuple[str, list], inserts) -> bool:
        """One statement, atomic by itself: no BEGIN/COMMIT round trips (a savepoint
        inside a caller's transaction, as for the lone insert)."""
        atomic = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with atomic, cls.cursor(connection) as cursor:
            cursor.execute(*_claiming(*claim, inserts))
            return cursor.rowcount == 1


def _backend(connection) -> type[_SQLite] | type[_PostgreSQL]:
    return _PostgreSQL if connection.vendor == "postgresql" else _SQLite


def _claim(registration: Registration, when: datetime) -> tuple[str, list]:
    """Attended, if the registration's status is still the one the decision was made on."""
    connection = connections[DEFAULT_DB_ALIAS]
    return (
        f"UPDATE {connection.ops.quote_name(_R.name)} SET status = %s, checked_in_at = %s "  # noqa: S608 - the model's table
        "WHERE id = %s AND status = %s",
        [Registration.Status.ATTENDED, connection.ops.adapt_datetimefield_value(when),
         registration.pk, registration.status],
    )  # fmt: skip


def _claiming(claim_sql: str, claim_params: list, inserts) -> tuple[str, list]:
    """One PostgreSQL statement: the claim, then the inserts, each only if the claim took a
    row. Its row count is the first insert's: 1 when the registration was checked in."""
    selects = []
    for (
        sql,
        values,
    ) in inserts:  # the ORM's "INSERT … VALUES (…)" as "INSERT … SELECT … FROM claimed"
        head, _, placeholders = sql.partition(" VALUES (")
        select = f"{head} SELECT {placeholders[:-1]} FROM claimed"  # noqa: S608 - compiled by the ORM
        selects.append((select, list(values)))
    (main, main_params), rest = selects[0], selects[1:]
    ctes = [f"claimed AS ({claim_sql} RETURNING id)"] + [
        f"w{i} AS ({sql})" for i, (sql, _) in enumerate(rest)
    ]
    params = [*claim_params, *(p for _, values in rest for p in values), *main_params]
    return f"WITH {', '.join(ctes)} {main}", params


def _insert(instance) -> tuple[str, list]:
    """The INSERT the ORM runs for ``instance``: its SQL compiled once per model and backend,
    its values prepared the way the ORM prepares them (defaults, auto_now, adapters)."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = instance._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    key = (meta.label, connection.vendor)
    if key not in _SQL:
        query = InsertQuery(instance.__class__)
        query.insert_values(fields, [instance])
        [(sql, _params)] = query.get_compiler(connection=connection).as_sql()
        _SQL[key] = sql
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    return _SQL[key], values


def audit_row(*, actor, action: str, instance, changes: dict) -> AuditLog:
    """The row ``audit_record`` writes, built (and its action type checked) the same way,
    so that it can be inserted with the check-in's other writes."""
    if action not in ACTION_TYPES:
        raise UnknownAuditAction(f"audit action {action!r} is not in any app's audit_types.py")
    return AuditLog(
        actor=actor if getattr(actor, "is_authenticated", False) else None, action=action,
        object_type=instance._meta.label_lower, object_id=str(instance.pk),
        object_repr=str(instance)[:300], changes=changes,
    )  # fmt: skip
