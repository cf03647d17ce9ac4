"""job_history.jf_grade: the grade of a functional (JF) post

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 02:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("jf_grade", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_history", schema=None) as batch_op:
        batch_op.drop_column("jf_grade")
