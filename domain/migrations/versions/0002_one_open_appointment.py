"""one open appointment per person; a ceremony remembers its last run

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN_NOMINEE = (
    "nominee_nip IS NOT NULL AND state IN ('mapping', 'assessment', 'approval', 'inauguration', 'oath')"
)


def upgrade() -> None:
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.create_index(
            "uq_nomination_open_nominee",
            ["nominee_nip"],
            unique=True,
            sqlite_where=sa.text(_OPEN_NOMINEE),
            postgresql_where=sa.text(_OPEN_NOMINEE),
        )
    with op.batch_alter_table("ceremony", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_run", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ceremony", schema=None) as batch_op:
        batch_op.drop_column("last_run")
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_nomination_open_nominee",
            sqlite_where=sa.text(_OPEN_NOMINEE),
            postgresql_where=sa.text(_OPEN_NOMINEE),
        )
