"""The ``meritflow`` command on a database it cannot read: one clear line on standard error and
exit 1, never a traceback. What counts: a file that is not a SQLite database, tables made
without migrations (or by a newer meritflow), a database server that refuses or cannot be reached.
"""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Callable

from alembic.util import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, OperationalError

from domain.migrate import UnreadableDatabase

__all__ = ["run_guarded", "shown_url"]

_WHAT_TO_DO = (
    "point --database-url (or $DATABASE_URL) at a meritflow database, or at a new file and run `meritflow migrate`"
)


def shown_url(url: str) -> str:
    """The database URL as printed: never its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__


def run_guarded(func: Callable[[argparse.Namespace], int | None], args: argparse.Namespace, url: str) -> int:
    """Run a sub-command; a database it cannot read ends it with one line and exit code 1."""
    try:
        return int(func(args) or 0)
    except UnreadableDatabase as exc:
        reason = str(exc)
    except IntegrityError:  # a readable database refusing a write: the command's own error, not this one
        raise
    except (OperationalError, DBAPIError) as exc:
        reason = f"{_first_line(exc)}; {_WHAT_TO_DO}"
    except CommandError as exc:  # alembic: e.g. a revision it cannot locate
        reason = f"{_first_line(exc)}; {_WHAT_TO_DO}"
    except (ArgumentError, NoSuchModuleError) as exc:
        reason = f"the database URL is not valid ({_first_line(exc)}); use e.g. sqlite:///meritflow.db"
    except (ConnectionError, socket.gaierror, TimeoutError) as exc:  # a PostgreSQL server down or unknown
        reason = f"cannot connect ({_first_line(exc)}); check the server and the URL"
    print(f"meritflow: cannot use the database {shown_url(url)}: {reason}", file=sys.stderr)
    return 1
