"""Stored nine-box placements: each employee's placement with the span of days it is exact for.

A row is derived data — the nine-box of ``nip`` computed on some day (``domain.rules.ninebox_store``)
— kept so that a grid of a million people is an index read instead of a million "latest SKP, latest
JPM" look-ups. It is *exact* on day D when ``valid_from <= D < valid_until`` and ``bands`` is the
fingerprint of the bands in force on D; the span ends where an input can change by date alone (the
next 1 January moves the SKP year; the person's next dated assessment) and starts where the last
one did (1 January, the latest assessment used).

A write to an input must remove the rows it makes wrong. That is done here, by the database itself,
with triggers (:data:`SQLITE_TRIGGERS`, :data:`POSTGRES_TRIGGERS`): inserting, changing or deleting
an SKP or a competency assessment deletes that person's row, moving an employee to another unit
deletes theirs, deleting an employee cascades. Triggers rather than calls in the writers because
the writers are many and several bypass the ORM (the importer's and the demo seed's bulk Core
INSERTs, the benchmark's ``INSERT … SELECT`` cloning, a restore, a hand-written SQL fix): a trigger
cannot be forgotten by a writer that does not exist yet. The bands need no trigger: a row carries
the fingerprint of the bands it was computed with, so a changed ``ninebox`` setting (or a changed
default) simply makes it not match.

On PostgreSQL the triggers are per statement with transition tables (one DELETE per INSERT
statement, not per row: the importer writes 100 000 SKPs in a few statements), and they take a
shared advisory lock that a refresh takes exclusively (``ninebox_store.LOCK``): a refresh computing
from a snapshot that misses an uncommitted SKP would otherwise store a row the SKP's trigger had
already failed to find.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# The advisory lock (PostgreSQL) a refresh holds exclusively while it computes and stores, and the
# triggers hold shared until their transaction ends (see the module docstring).
PLACEMENT_LOCK = 7_009_090_001


class StoredPlacement(SQLModel, table=True):
    """One employee's nine-box placement, exact on the days of [``valid_from``, ``valid_until``)
    under the bands whose fingerprint is ``bands``. ``box`` is None when not mapped, with
    ``reason`` the message key saying why (``ninebox.no_skp`` …; the text names the day asked)."""

    __tablename__ = "ninebox_placement"
    # The grid reads only these indexes: a cell's members come in NIP order, and the span and
    # bands ride along so that counting a million rows never touches the table (2.5× faster on SQLite).
    __table_args__ = (
        sa.Index("ix_ninebox_placement_cell", "box", "reason", "nip", "bands", "valid_from", "valid_until"),
        sa.Index(
            "ix_ninebox_placement_unit_cell", "unit_code", "box", "reason", "nip", "bands", "valid_from", "valid_until"
        ),
    )

    nip: str = Field(
        sa_column=sa.Column(sa.String(18), sa.ForeignKey("employee.nip", ondelete="CASCADE"), primary_key=True)
    )
    unit_code: str = Field(max_length=40)  # the employee's unit when computed (a move deletes the row)
    box: int | None = None
    reason: str | None = Field(default=None, max_length=40)
    skp_year: int | None = None
    skp_predicate: str | None = Field(default=None, max_length=16)
    jpm: float | None = None
    bands: str = Field(max_length=16)
    valid_from: date
    valid_until: date


def _sqlite_forget(table: str) -> list[str]:
    forget = "DELETE FROM ninebox_placement WHERE nip = {row}.nip"
    return [
        f"CREATE TRIGGER IF NOT EXISTS ninebox_forget_{table}_insert AFTER INSERT ON {table} "
        f"BEGIN {forget.format(row='NEW')}; END",
        f"CREATE TRIGGER IF NOT EXISTS ninebox_forget_{table}_update AFTER UPDATE ON {table} "
        f"BEGIN {forget.format(row='OLD')}; {forget.format(row='NEW')}; END",
        f"CREATE TRIGGER IF NOT EXISTS ninebox_forget_{table}_delete AFTER DELETE ON {table} "
        f"BEGIN {forget.format(row='OLD')}; END",
    ]


SQLITE_TRIGGERS: list[str] = [
    *_sqlite_forget("skp"),
    *_sqlite_forget("competency_assessment"),
    "CREATE TRIGGER IF NOT EXISTS ninebox_forget_employee_move AFTER UPDATE OF unit_code ON employee "
    "WHEN NEW.unit_code IS NOT OLD.unit_code "
    "BEGIN DELETE FROM ninebox_placement WHERE nip = NEW.nip; END",
]

_PG_FORGET_FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION ninebox_forget_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"PERFORM pg_advisory_xact_lock_shared({PLACEMENT_LOCK}); "
    "DELETE FROM ninebox_placement WHERE nip IN (SELECT nip FROM changed_rows); RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION ninebox_forget_updated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"PERFORM pg_advisory_xact_lock_shared({PLACEMENT_LOCK}); "
    "DELETE FROM ninebox_placement WHERE nip IN (SELECT nip FROM old_rows UNION SELECT nip FROM new_rows); "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION ninebox_forget_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"PERFORM pg_advisory_xact_lock_shared({PLACEMENT_LOCK}); "
    "DELETE FROM ninebox_placement WHERE nip IN (SELECT n.nip FROM new_rows n JOIN old_rows o ON o.nip = n.nip "
    "WHERE n.unit_code IS DISTINCT FROM o.unit_code); RETURN NULL; END $$",
]


def _pg_forget(table: str) -> list[str]:
    def trigger(name: str, event: str, tables: str, function: str) -> str:
        return (
            f"CREATE OR REPLACE TRIGGER ninebox_forget_{table}_{name} AFTER {event} ON {table} "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )

    return [
        trigger("insert", "INSERT", "NEW TABLE AS changed_rows", "ninebox_forget_rows"),
        trigger("update", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "ninebox_forget_updated"),
        trigger("delete", "DELETE", "OLD TABLE AS changed_rows", "ninebox_forget_rows"),
    ]


POSTGRES_TRIGGERS: list[str] = [
    *_PG_FORGET_FUNCTIONS,
    *_pg_forget("skp"),
    *_pg_forget("competency_assessment"),
    "CREATE OR REPLACE TRIGGER ninebox_forget_employee_move AFTER UPDATE ON employee "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION ninebox_forget_moved()",
]


def triggers_for(dialect: str) -> list[str]:
    return POSTGRES_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS


@sa.event.listens_for(SQLModel.metadata, "after_create")
def _create_triggers(target: sa.MetaData, connection: sa.Connection, **_kw: object) -> None:
    """``create_all`` (the tests' schema, the benchmarks') makes the triggers too, once the
    tables they join exist; ``meritflow migrate`` makes them in migration 0005."""
    if not sa.inspect(connection).has_table(StoredPlacement.__tablename__):
        return
    for statement in triggers_for(connection.dialect.name):
        connection.exec_driver_sql(statement)
