"""``python -m bench [ranking options]``: run every benchmark, printing figures.

- ``bench.ranking`` — talent rules at province scale (options passed through, see its --help);
- ``bench.workflow`` — nomination transitions and audit-chain verification, on a fresh SQLite file.

Each can also run alone: ``python -m bench.ranking …``, ``python -m bench.workflow …``.
"""

from __future__ import annotations

import sys

from bench import ranking, workflow


def main(argv: list[str] | None = None) -> int:
    status = ranking.main(argv if argv is not None else sys.argv[1:])
    print("\n== bench.workflow", flush=True)
    return status or workflow.main([])


if __name__ == "__main__":
    raise SystemExit(main())
