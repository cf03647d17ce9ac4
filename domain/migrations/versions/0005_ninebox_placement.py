"""ninebox_placement: stored nine-box placements, and the triggers that delete a person's row when an input changes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:45:00

The trigger statements are written out here (not imported from domain.models.ninebox) so this
revision keeps meaning what it meant; tests/domain/test_ninebox_store.py checks that a migrated
database and a ``create_all`` one hold the same triggers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# fmt: off
_SQLITE = [
    'CREATE TRIGGER IF NOT EXISTS ninebox_forget_skp_insert AFTER INSERT ON skp BEGIN DELETE FROM ninebox_placement WHERE nip = NEW.nip; END',
    'CREATE TRIGGER IF NOT EXISTS ninebox_forget_skp_update AFTER UPDATE ON skp BEGIN DELETE FROM ninebox_placement WHERE nip = OLD.nip; DELETE FROM ninebox_placement WHERE nip = NEW.nip; END',
    'CREATE TRIGGER IF NOT EXISTS ninebox_forget_skp_delete AFTER DELETE ON skp BEGIN DELETE FROM ninebox_placement WHERE nip = OLD.nip; END',
    'CREATE TRIGGER IF NOT EXISTS ninebox_forget_competency_assessment_insert AFTER INSERT ON competency_assessment BEGIN DELETE FROM ninebox_placement WHERE nip = NEW.nip; END',
    'CREATE TRIGGER IF NOT EXISTS ninebox_forget_competency_assessment_update AFTER UPDATE ON competency_assessment BEGIN DELETE FROM ninebox_placement WHERE nip = OLD.nip; DELETE FROM ninebox_placement WHERE nip = NEW.nip; END',
    'CREATE TRIGGER IF NOT EXISTS ninebox_forget_competency_assessment_delete AFTER DELETE ON competency_assessment BEGIN DELETE FROM ninebox_placement WHERE nip = OLD.nip; END',
    'CREATE TRIGGER IF NOT EXISTS ninebox_forget_employee_move AFTER UPDATE OF unit_code ON employee WHEN NEW.unit_code IS NOT OLD.unit_code BEGIN DELETE FROM ninebox_placement WHERE nip = NEW.nip; END',
]
_POSTGRES = [
    'CREATE OR REPLACE FUNCTION ninebox_forget_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(7009090001); DELETE FROM ninebox_placement WHERE nip IN (SELECT nip FROM changed_rows); RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION ninebox_forget_updated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(7009090001); DELETE FROM ninebox_placement WHERE nip IN (SELECT nip FROM old_rows UNION SELECT nip FROM new_rows); RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION ninebox_forget_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(7009090001); DELETE FROM ninebox_placement WHERE nip IN (SELECT n.nip FROM new_rows n JOIN old_rows o ON o.nip = n.nip WHERE n.unit_code IS DISTINCT FROM o.unit_code); RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER ninebox_forget_skp_insert AFTER INSERT ON skp REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ninebox_forget_rows()',
    'CREATE OR REPLACE TRIGGER ninebox_forget_skp_update AFTER UPDATE ON skp REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ninebox_forget_updated()',
    'CREATE OR REPLACE TRIGGER ninebox_forget_skp_delete AFTER DELETE ON skp REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ninebox_forget_rows()',
    'CREATE OR REPLACE TRIGGER ninebox_forget_competency_assessment_insert AFTER INSERT ON competency_assessment REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ninebox_forget_rows()',
    'CREATE OR REPLACE TRIGGER ninebox_forget_competency_assessment_update AFTER UPDATE ON competency_assessment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ninebox_forget_updated()',
    'CREATE OR REPLACE TRIGGER ninebox_forget_competency_assessment_delete AFTER DELETE ON competency_assessment REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ninebox_forget_rows()',
    'CREATE OR REPLACE TRIGGER ninebox_forget_employee_move AFTER UPDATE ON employee REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ninebox_forget_moved()',
]
# fmt: on

_TRIGGERS = (
    "ninebox_forget_skp_insert",
    "ninebox_forget_skp_update",
    "ninebox_forget_skp_delete",
    "ninebox_forget_competency_assessment_insert",
    "ninebox_forget_competency_assessment_update",
    "ninebox_forget_competency_assessment_delete",
    "ninebox_forget_employee_move",
)


def upgrade() -> None:
    op.create_table(
        "ninebox_placement",
        sa.Column("nip", sa.String(length=18), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("box", sa.Integer(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("skp_year", sa.Integer(), nullable=True),
        sa.Column("skp_predicate", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("jpm", sa.Float(), nullable=True),
        sa.Column("bands", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["nip"], ["employee.nip"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("nip"),
    )
    with op.batch_alter_table("ninebox_placement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ninebox_placement_cell", ["box", "reason", "nip", "bands", "valid_from", "valid_until"], unique=False
        )
        batch_op.create_index(
            "ix_ninebox_placement_unit_cell",
            ["unit_code", "box", "reason", "nip", "bands", "valid_from", "valid_until"],
            unique=False,
        )
    for statement in _POSTGRES if op.get_bind().dialect.name == "postgresql" else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in _TRIGGERS:
        table = name.removeprefix("ninebox_forget_").rsplit("_", 1)[0]
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgres else f"DROP TRIGGER IF EXISTS {name}")
    if postgres:
        for function in ("ninebox_forget_rows", "ninebox_forget_updated", "ninebox_forget_moved"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.drop_table("ninebox_placement")
