"""Schema migrations (Alembic), callable from code: the CLI, app start and tests use these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


class UnreadableDatabase(Exception):
    """The database exists but is not one meritflow's migrations made (or made by a newer
    meritflow): migrating it would fail half-way or damage it, so nothing is done."""


@dataclass(frozen=True)
class UpgradeReport:
    """What :func:`upgrade` did: ``before`` is None for a new (empty) database."""

    before: str | None
    after: str
    applied: list[tuple[str, str]]  # (revision, its one-line description), oldest first

    def describe(self) -> str:
        if self.before is None:
            return f"Created the database schema at revision {self.after} ({len(self.applied)} migrations)."
        if not self.applied:
            return f"Database schema is up to date (revision {self.after}); nothing to do."
        steps = "; ".join(f"{rev}: {doc}" for rev, doc in self.applied)
        return f"Upgraded the database schema from revision {self.before} to {self.after} ({steps})."


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> UpgradeReport:
    """Apply pending migrations on ``engine`` (inside the caller's event loop) and say what was done.

    Raises :class:`UnreadableDatabase` before touching anything when the database holds tables but
    no migration record (made by ``create_all`` or another program), or a revision this code does
    not know (made by a newer meritflow)."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    script = ScriptDirectory.from_config(config)

    def run(connection) -> UpgradeReport:  # type: ignore[no-untyped-def]
        before = MigrationContext.configure(connection).get_current_revision()
        if before is None:
            tables = [t for t in sa.inspect(connection).get_table_names() if t != "alembic_version"]
            if tables:
                raise UnreadableDatabase(
                    f"it has {len(tables)} tables ({', '.join(sorted(tables)[:3])}, …) but no migration record "
                    "(alembic_version): it was not made by `meritflow migrate`; use a new database, or restore a "
                    "`meritflow backup` into one"
                )
        elif before not in {r.revision for r in script.walk_revisions()}:
            raise UnreadableDatabase(
                f"its schema is at revision {before}, which this meritflow does not know (a newer version made it); "
                "upgrade meritflow"
            )
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        after = MigrationContext.configure(connection).get_current_revision() or ""
        applied = (
            [
                (r.revision, (r.doc or "").splitlines()[0] if r.doc else "")
                for r in reversed(list(script.iterate_revisions(after, before or "base")))
            ]
            if after != before
            else []
        )
        return UpgradeReport(before, after, applied)

    async with engine.begin() as connection:
        return await connection.run_sync(run)


def make_revision(url: str, message: str) -> None:
    """Autogenerate a new revision against the database at ``url`` (a developer tool)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)


def regenerate_initial() -> Path:
    """Rewrite ``0001_initial.py`` from the models (plus ``POSTGRES_DDL``, e.g. the audit
    table's triggers, which autogenerate cannot see).

    Allowed only while meritflow is unreleased: once a database exists in production, every
    change is a new revision made with :func:`make_revision` instead.
    """
    import tempfile

    from domain.models import POSTGRES_DDL

    versions = MIGRATIONS / "versions"
    for old in versions.glob("*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/empty.db"
        command.revision(alembic_config(url), message="initial schema", autogenerate=True, rev_id="0001")
    path = next(versions.glob("0001_*.py"))
    if POSTGRES_DDL:
        statements = "\n".join(f"        op.execute({sql!r})" for sql in POSTGRES_DDL)
        text = path.read_text()
        marker = "    # ### end Alembic commands ###"
        head, sep, tail = text.partition(marker)
        text = (
            head
            + sep
            + (
                "\n    # PostgreSQL-only DDL from domain.models.POSTGRES_DDL (triggers autogenerate cannot see).\n"
                '    if op.get_bind().dialect.name == "postgresql":\n' + statements
            )
            + tail
        )
        path.write_text(text)
    return path


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["regenerate-initial"]:
        print(f"wrote {regenerate_initial()}")
    else:
        print("usage: python -m domain.migrate regenerate-initial", file=sys.stderr)
        sys.exit(2)
