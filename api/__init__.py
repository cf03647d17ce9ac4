"""The web layer: Starlette app, GraphQL schema (strawberry), sessions, CLI.

Where things are
----------------
``app.create_app(settings)``    the ASGI app: ``/graphql`` (POST/GET + WebSocket, graphql-transport-ws
                                only), ``/health``, the frontend at ``/``; a 413 body limit in front.
``graphql_view``, ``request_body``   per-request context; authentication by cookie or Bearer; malformed
                                bodies answer 400 with a JSON error.
``sessions``, ``socket_sessions``    server-side sessions, timeouts, the atomic sign-in limit (per account
                                and address, ``trusted_proxies``); a socket ends (4401) with its session.
``viewer``                      who asks: a ``domain.access.Principal``, the same type the workflow acts as.
``events``                      the workflow's event bus: in-process or LISTEN/NOTIFY (PostgreSQL).
``schema/build``                the one Schema per mode: limits, parser/validation caches, suggestions
                                hidden outside dev (``suggestions``), unexpected errors masked.
``schema/permissions``          deny by default; field guards as strawberry permission extensions;
                                every rule is ``domain.access``'s.
``schema/loaders``              per-request DataLoaders, each batch in its own short-lived session.
Root fields                     ``queries``, ``talent_queries``, ``nomination_queries``, ``audit_fields``,
                                ``ceremony_fields``, ``workflow_facts`` (stages), ``subscriptions``, ``auth``,
                                ``dashboard_fields`` (workspace, operator dashboard), ``admin_fields``
                                (delegations, rule-setting history); mutations: ``nomination_mutations``
                                with the transitions built from the workflow's step registry
                                (``transition_fields``), ``delegation_fields``, ``rule_settings``,
                                ``account_fields`` (account administration).
``schema/types/…``              object types by part of the domain; ``schema/errors`` the typed errors.
``cli*``                        the ``meritflow`` command (contract/cli.md).

``schema.graphql`` at the repository root is ``meritflow export-schema``; tests/api fail when it is stale.
"""
