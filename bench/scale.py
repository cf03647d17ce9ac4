"""Grow a seeded database tenfold by cloning its people in SQL, for the 1 000 000-employee runs.

Seeding the demo province goes at about a thousand employees a second (realistic profiles, written
through the ORM's bulk inserts), so a million would take well over the ten minutes this box allows.
Cloning with ``INSERT … SELECT`` keeps the demo's distribution exactly (every clone is as eligible
as its original) and runs inside the database. A clone's NIP is the original's with its first digit
replaced by a letter ``A``…``I`` — unique (originals are all digits), still 18 characters, not a
valid NIP, which no rule parses; clones hold no post (a post has one incumbent). Competency scores
and accounts are not cloned: no rule reads them.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

import domain.models  # noqa: F401  (registers the tables)

CLONED_TABLES = (
    "employee",
    "job_history",
    "rank_history",
    "education_history",
    "skp",
    "competency_assessment",
    "discipline",
    "training",
)
PREFIXES = "ABCDEFGHI"


async def scale_up(engine: AsyncEngine, factor: int) -> int:
    """Add ``factor − 1`` clones of every original employee (NIP starting with a digit); returns employees added."""
    if not 2 <= factor <= 10:
        raise ValueError(f"factor {factor}: 2 to 10 clones of the seeded people are possible")
    added = 0
    async with engine.begin() as conn:
        for prefix in PREFIXES[: factor - 1]:
            for name in CLONED_TABLES:
                table = SQLModel.metadata.tables[name]
                columns = [c for c in table.columns if not (c.primary_key and c.name == "id")]
                values = []
                for c in columns:
                    if c.name == "nip":
                        values.append(sa.literal(prefix).concat(sa.func.substr(c, 2)))
                    elif name == "employee" and c.name == "position_code":
                        values.append(sa.null())
                    else:
                        values.append(c)
                source = sa.select(*values).where(sa.func.substr(table.c.nip, 1, 1).between("0", "9"))
                result = await conn.execute(sa.insert(table).from_select([c.name for c in columns], source))
                if name == "employee":
                    added += result.rowcount
    return added
