"""Settings of one running app, read from the environment by default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from domain import clock
from domain.db import database_url_from_env


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=database_url_from_env)
    # dev: GraphiQL and introspection on. Never in production.
    dev: bool = False
    # Apply pending migrations when the app starts (the CLI's serve does; tests may build the schema).
    migrate_on_start: bool = True
    # Browsers from these origins may open the GraphQL WebSocket / send cookies cross-site.
    allowed_origins: tuple[str, ...] = ()
    max_body_bytes: int = 256 * 1024
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    # An open GraphQL WebSocket re-checks its session this often (and caches the answer as long):
    # after a logout on another process, an expiry or a disabled account it closes within this time.
    session_recheck_seconds: float = 10.0
    secure_cookies: bool = False  # set True behind HTTPS
    # Reverse proxies (addresses or networks, e.g. "10.0.0.5", "10.0.0.0/8") whose X-Forwarded-For
    # names the client. Empty (the default): the header is ignored and the TCP peer is the client.
    trusted_proxies: tuple[str, ...] = ()
    # Store today's nine-box placements in the background (api.background): at start, on a new day,
    # after the bands change. MERITFLOW_NINEBOX_WARMUP=0 switches it off (a test's app, a read replica).
    ninebox_warmup: bool = True

    @property
    def timezone(self) -> str:
        """The province's zone (IANA name), from ``MERITFLOW_TIMEZONE``: default Asia/Jakarta (WIB);
        WITA/WIT or Asia/Makassar/Asia/Jayapura for provinces there. It decides every "today"
        (``domain.clock``). One value per process — the CLI and the workflow read it too — so it is
        read from the environment, not set per app."""
        return clock.zone_name()

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = {
            "dev": os.environ.get("MERITFLOW_DEV", "") == "1",
            "secure_cookies": os.environ.get("MERITFLOW_SECURE_COOKIES", "") == "1",
            "session_recheck_seconds": float(os.environ.get("MERITFLOW_SESSION_RECHECK_SECONDS") or 10.0),
            "ninebox_warmup": os.environ.get("MERITFLOW_NINEBOX_WARMUP", "1") != "0",
            "trusted_proxies": tuple(
                entry.strip() for entry in os.environ.get("MERITFLOW_TRUSTED_PROXIES", "").split(",") if entry.strip()
            ),
        }
        env.update(overrides)
        clock.zone()  # a MERITFLOW_TIMEZONE that names no zone stops the start, not the first request
        return cls(**env)  # type: ignore[arg-type]
