"""``/documents/arms``: the letterhead's arms image — GET for any signed-in user (the print view's
``<img>``), PUT for an admin (the raw PNG or JPEG as the request body; checked by its bytes and
size in ``domain.documents``, stored in the database by ``workflow.letterhead``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from domain.db import read_session
from domain.errors import DomainError, NotAllowed
from workflow.letterhead import read_letterhead, store_arms

__all__ = ["arms_endpoint"]


def arms_endpoint(graphql: Any) -> Callable[[Request], Any]:
    """The route handler; ``graphql`` is the app's GraphQL view (for its session-based context)."""

    async def arms(request: Request) -> Response:
        context = await graphql.get_context(request, Response())
        if context.viewer is None:
            return JSONResponse({"error": "Sign in first: the arms image needs your session."}, status_code=401)
        if request.method == "PUT":
            try:
                await store_arms(context.sessions, context.viewer, await request.body())
            except NotAllowed as error:
                return JSONResponse({"error": error.message}, status_code=403)
            except DomainError as error:
                return JSONResponse({"error": error.message}, status_code=400)
            return JSONResponse({"ok": True})
        async with read_session(context.sessions) as session:
            row = await read_letterhead(session)
        if row is None or not row.arms:
            return JSONResponse({"error": "No arms image yet; an admin uploads one (PUT, PNG or JPEG)."}, 404)
        headers = {"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"}
        return Response(row.arms, media_type=row.arms_type or "application/octet-stream", headers=headers)

    return arms
