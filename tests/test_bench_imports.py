"""``bench/`` and ``testkit/`` never import the test suite: the benchmarks build their province
with testkit, and testkit itself stands below ``tests/`` (issue 8, item 6). Checked on the source
with ``ast``, so a function-level import counts too."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports_of_tests(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names if n.split(".")[0] == "tests"]
    return found


def test_bench_and_testkit_do_not_import_tests() -> None:
    files = sorted((ROOT / "bench").rglob("*.py")) + sorted((ROOT / "testkit").rglob("*.py"))
    assert files
    offending = [line for path in files for line in _imports_of_tests(path)]
    assert not offending, "; ".join(offending)
