"""Schema migrations (Alembic), callable from code: the CLI, app start and tests use these."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply pending migrations on ``engine`` (inside the caller's event loop)."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))

    def run(connection) -> None:  # type: ignore[no-untyped-def]
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


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
