"""Who is asking: the signed-in user as the API's permission checks see them.

The viewer is :class:`domain.access.Principal` — the same type the workflow acts with — built
once per request (or once per WebSocket connection) from the session, with an operator's unit
scope already expanded, so permission checks are plain set look-ups. The rules themselves live
in ``domain.access``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access import Principal, principal_for_user
from domain.models import User

__all__ = ["Viewer", "load_viewer"]

Viewer = Principal


async def load_viewer(session: AsyncSession, user: User, roles: Iterable[str]) -> Viewer:
    return await principal_for_user(session, user, roles)
