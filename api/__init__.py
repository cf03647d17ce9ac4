"""The web layer: Starlette app, GraphQL schema (strawberry), sessions, CLI.

Where things are
----------------
``app.create_app(settings)``    the ASGI app: ``/graphql`` (POST/GET + WebSocket, graphql-transport-ws
                                only), ``/health``, the frontend at ``/``; a 413 body limit in front.
``graphql_view``                per-request context; authentication by cookie or ``Authorization: Bearer``,
                                and at ``connection_init`` (``{"token": …}`` or the cookie) for WebSockets.
``sessions``                    server-side sessions (token stored as SHA-256), idle/absolute timeouts,
                                the failed sign-in limit per account name and per client address.
``viewer``                      who asks: a ``domain.access.Principal`` (roles, NIP, expanded unit scope),
                                the same type the workflow acts as.
``events``                      the workflow's event bus: in-process fan-out (SQLite) or LISTEN/NOTIFY
                                on a dedicated asyncpg connection (PostgreSQL, several processes).
``schema/build``                the one Schema per mode: depth 10, 15 aliases, 5 000 tokens,
                                introspection off outside dev, unexpected errors masked.
``schema/permissions``          deny by default; field guards (``guard(SeesProfile)`` …) as strawberry
                                permission extensions; the rules are ``domain.access``'s.
``schema/loaders``              per-request DataLoaders, each batch in its own short-lived session.
``schema/queries``, ``talent_queries``, ``nomination_queries``, ``nomination_mutations``,
``ceremony_fields``, ``audit_fields``, ``subscriptions``, ``auth``   the root fields.
``schema/types/…``              object types by part of the domain; ``schema/errors`` the typed errors.

``schema.graphql`` at the repository root is ``meritflow export-schema``; tests/api fail when it is stale.
"""
