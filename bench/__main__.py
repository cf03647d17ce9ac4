"""``python -m bench [options]``: run every benchmark (today: the talent rules, ``bench.ranking``)."""

from __future__ import annotations

import sys

from bench import ranking


def main(argv: list[str] | None = None) -> int:
    return ranking.main(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
