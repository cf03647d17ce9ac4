"""``python -m bench.soak``: turn the figures the reliability runs left in ``test-output/soak/``
(one JSON file per run, written by ``tests/reliability``) into the soak section of
``bench/RESULTS.md`` (the rest of the page is kept).

``make soak`` runs the long variants first (minutes of load, tens of SIGKILLs, thousands of fuzzed
documents, on SQLite and, when it answers, PostgreSQL) and then this. Figures are reported, never
asserted here: the tests that produced them asserted their guarantees.
"""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "test-output" / "soak"
RESULTS = ROOT / "bench" / "RESULTS.md"


def _load() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIGURES.glob("*.json"))}


def _load_rows(runs: dict[str, dict]) -> list[str]:
    rows = [
        "| database | workers | clients | rounds | seconds | answers | latency p50 / p99 / max (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, f in runs.items():
        if name.startswith("load-"):
            lat = f.get("latency_s", {})
            answers = ", ".join(f"{k} {v}" for k, v in sorted(f.get("answers", {}).items()))
            rows.append(
                f"| {f['database']} | {f['workers']} | {f['clients']} | {f['rounds']} | {f['seconds']} | {answers} | "
                f"{lat.get('p50')} / {lat.get('p99')} / {lat.get('max')} |"
            )
    return rows


def _crash_rows(runs: dict[str, dict]) -> list[str]:
    rows = [
        "| database | SIGKILLs | requests | resends | killed mid-request | audit verify |",
        "|---|---|---|---|---|---|",
    ]
    for name, f in runs.items():
        if name.startswith("crash-"):
            mid = sum(1 for n in f.get("requests_in_flight_at_kills", []) if n)
            rows.append(
                f"| {f['database']} | {f['kills']} | {f['requests']} | {f['resends']} | {mid} | {f['audit_verify']} |"
            )
    return rows


def _other_rows(runs: dict[str, dict]) -> list[str]:
    rows = ["| run | database | figures |", "|---|---|---|"]
    for name, f in runs.items():
        if not name.startswith(("load-", "crash-")):
            rest = ", ".join(f"{k} {v}" for k, v in f.items() if k != "database")
            rows.append(f"| {name} | {f.get('database', '')} | {rest} |")
    return rows


# The part of bench/RESULTS.md this page writes; the sections around it (measurements written by
# hand: before/after figures, the nine-box at scale) are kept.
BEGIN = "<!-- bench.soak: begin (written by python -m bench.soak) -->"
END = "<!-- bench.soak: end -->"


def with_section(text: str, lines: list[str]) -> str:
    """``text`` with the soak section replaced by ``lines`` (appended when it has none)."""
    section = "\n".join(lines)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        return head + section + rest.split(END, 1)[1]
    return (text.rstrip() + "\n\n" if text.strip() else "# Results\n\n") + section + "\n"


def main(argv: list[str] | None = None) -> int:
    runs = _load()
    if not runs:
        print(f"no figures in {FIGURES}: run `make soak` first", file=sys.stderr)
        return 1
    lines = [
        BEGIN,
        "## Soak results",
        "",
        f"Written by `python -m bench.soak` (the last step of `make soak`) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"Python {platform.python_version()}, {platform.machine()}. Each run asserted its guarantees "
        '(0 5xx, 0 untyped or masked errors, confirmed transitions = audit "ok" events, nothing lost or '
        "duplicated across SIGKILLs, the hash chain verifies); these are the figures it saw.",
        "",
        "### Load: clients racing for the same steps over HTTP",
        "",
        *_load_rows(runs),
        "",
        "### Crash: SIGKILL mid-stream, resend with the same idempotency keys",
        "",
        *_crash_rows(runs),
        "",
        "### Property and fuzz runs",
        "",
        *_other_rows(runs),
        END,
    ]
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    RESULTS.write_text(with_section(previous, lines), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)} from {len(runs)} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
