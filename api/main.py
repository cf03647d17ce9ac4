"""The ASGI app uvicorn imports (``api.main:app``); settings come from the environment."""

import os

from api.app import create_app
from api.settings import Settings

app = create_app(Settings.from_env(migrate_on_start=os.environ.get("MERITFLOW_SKIP_MIGRATE") != "1"))
