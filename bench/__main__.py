"""``python -m bench [ranking options]``: run every benchmark at its default (small) size, printing figures.

- ``bench.ranking`` — talent rules at province scale (options passed through, see its --help);
- ``bench.workflow`` — nomination transitions in-process and audit-chain verification, on a fresh SQLite file;
- ``bench.transitions`` — transitions per second over HTTP against ``meritflow serve`` (1 and 2
  workers, 1 and 8 clients, p50/p99), and audit "ok" events = confirmed transitions;
- ``bench.audit_chain`` — ``meritflow audit verify`` on 100 000 events (time, peak RSS, a
  tampered event named);
- ``bench.import_files`` — ``meritflow import`` of 10 000 employees (time, peak RSS).

The last three run on a fresh SQLite file and, when ``BENCH_DATABASE_URL`` names a PostgreSQL
database (emptied!), on it too. Each can also run alone, with larger sizes: the figures of
bench/RESULTS.md come from ``python -m bench.audit_chain --events 1000000``,
``python -m bench.import_files --employees 100000`` and ``python -m bench.transitions --nominations 64``.
A correctness check that fails (audit events ≠ transitions, a wrong verify verdict, a failed
import) makes the exit status 1; timings are never asserted.
"""

from __future__ import annotations

import os
import sys

from bench import audit_chain, import_files, ranking, transitions, workflow


def main(argv: list[str] | None = None) -> int:
    status = ranking.main(argv if argv is not None else sys.argv[1:])
    print("\n== bench.workflow", flush=True)
    status = status or workflow.main([])
    postgres = os.environ.get("BENCH_DATABASE_URL")
    for url in [None, postgres] if postgres else [None]:
        where = ["--database-url", url] if url else []
        print(f"\n== bench.transitions, bench.audit_chain, bench.import_files on {url or 'SQLite'}", flush=True)
        status |= transitions.main(where)
        status |= audit_chain.main(where)
        status |= import_files.main(where)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
