"""Sign-in and sign-out: ``login`` sets the HttpOnly session cookie and returns the token once
for ``Authorization: Bearer``; ``logout`` deletes the session server-side."""

from __future__ import annotations

import logging
import math
from datetime import timedelta
from typing import Annotated, Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
)
from strawberry.types import Info

from api.schema.errors import InvalidInput, NotAllowed
from api.schema.types.accounts import User
from api.sessions import COOKIE_NAME, LoginLimits, check_password, end_session, start_session, user_for_token
from api.socket_sessions import close_session_sockets
from api.viewer import Viewer, load_viewer
from domain.accounts import user_roles
from domain.db import read_session, write_transaction

log = logging.getLogger("meritflow.api.auth")
BAD_CREDENTIALS = "Wrong username or password. Check both and try again."
LIMITS = LoginLimits()


def throttled_message(retry_after: timedelta) -> str:
    """Says when to try again: the lock ends by itself, and refused attempts do not extend it."""
    minutes = max(1, math.ceil(retry_after.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        "Too many failed sign-ins for this account or from this address; "
        f"try again in {minutes} {unit}. Attempts before then are refused without being checked."
    )


LoginResult = Annotated[User | NotAllowed | InvalidInput, strawberry.union("LoginResult")]


def bearer_or_cookie(headers: dict[str, str] | object, cookies: dict[str, str]) -> str | None:
    auth = headers.get("authorization", "")  # type: ignore[attr-defined]
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return cookies.get(COOKIE_NAME)


async def authenticate(context: object, token: str | None) -> Viewer | None:
    """The viewer for a session token, or None (unknown, expired or ended)."""
    if not token:
        return None
    settings = context.settings  # type: ignore[attr-defined]
    found = await user_for_token(
        context.sessions,  # type: ignore[attr-defined]
        token,
        idle=timedelta(minutes=settings.session_idle_minutes),
        absolute=timedelta(hours=settings.session_absolute_hours),
    )
    if found is None:
        return None
    user, roles = found
    async with read_session(context.sessions) as session:  # type: ignore[attr-defined]
        return await load_viewer(session, user, roles)


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Start a session. The same answer whether or not the account exists.")
    async def login(self, info: Info, username: str, password: str) -> LoginResult:
        ctx = info.context
        if not username.strip() or not password:
            return InvalidInput(message="Give both a username and a password.", message_key="input.credentials_missing")
        check = await check_password(ctx.sessions, username, password, ctx.client_address, LIMITS)
        if check.retry_after is not None:
            log.warning("sign-in throttled for %r from %s", username, ctx.client_address)
            if ctx.response is not None:
                ctx.response.headers["Retry-After"] = str(math.ceil(check.retry_after.total_seconds()))
            return NotAllowed(message=throttled_message(check.retry_after), code="TOO_MANY_ATTEMPTS")
        user = check.user
        if user is None:
            log.warning("failed sign-in for %r from %s", username, ctx.client_address)
            return NotAllowed(message=BAD_CREDENTIALS, code="BAD_CREDENTIALS")
        assert user.id is not None
        async with write_transaction(ctx.sessions) as session:
            if ctx.token:  # a new session id on every sign-in: never keep one a page may have planted
                await end_session(session, ctx.token)
            token = await start_session(session, user.id, ctx.client_address)
            roles = await user_roles(session, user.id)
        if ctx.token:
            await close_session_sockets(ctx.request, ctx.token)
        ctx.token = token
        if ctx.response is not None:
            ctx.response.set_cookie(
                COOKIE_NAME,
                token,
                max_age=ctx.settings.session_absolute_hours * 3600,
                httponly=True,
                samesite="lax",
                secure=ctx.settings.secure_cookies,
                path="/",
            )
        log.info("signed in %s from %s", user.username, ctx.client_address)
        return User(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            roles=roles,
            unit_code=user.unit_code,
            nip=user.nip,
            token=token,
        )

    @strawberry.mutation(description="End this session on the server and clear the cookie. False if none was open.")
    async def logout(self, info: Info) -> bool:
        ctx = info.context
        ended = False
        if ctx.token:
            async with write_transaction(ctx.sessions) as session:
                ended = await end_session(session, ctx.token)
            await close_session_sockets(ctx.request, ctx.token)  # its open WebSockets end with it
        if ctx.response is not None:
            ctx.response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
        ctx.viewer = None
        ctx.token = None
        return ended


class OneLoginPerRequest(ValidationRule):
    """At most one ``login`` field per request, counted through aliases, inline fragments and
    fragment spreads: each one would run its own argon2 check, so aliases turn one request into
    a CPU lever (and a burst of guesses). Refused at validation, before anything runs."""

    def enter_document(self, node: DocumentNode, *_args: Any) -> None:
        fragments = {d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)}
        counted: dict[str, int] = {}
        total = sum(
            _count_logins(d.selection_set, fragments, counted)
            for d in node.definitions
            if isinstance(d, OperationDefinitionNode) and d.operation == OperationType.MUTATION
        )
        if total > 1:
            self.report_error(GraphQLError(f"Sign in once per request: this request asks for login {total} times."))


def _count_logins(
    selections: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], counted: dict[str, int]
) -> int:
    """``login`` fields at the root of a mutation. Each fragment is counted once and remembered
    (spreads nested many levels deep cost no more than the fragments themselves; a fragment that
    spreads itself counts 0 while it is being counted, and graphql-core refuses the cycle anyway)."""
    total = 0
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            total += selection.name.value == "login"
        elif isinstance(selection, InlineFragmentNode):
            total += _count_logins(selection.selection_set, fragments, counted)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in counted and name in fragments:
                counted[name] = 0
                counted[name] = _count_logins(fragments[name].selection_set, fragments, counted)
            total += counted.get(name, 0)
    return total


def user_from_viewer(viewer: Viewer) -> User:
    return User(
        id=viewer.user_id,
        username=viewer.username,
        display_name=viewer.display_name,
        roles=sorted(viewer.roles),
        unit_code=viewer.unit_code,
        nip=viewer.nip,
    )
