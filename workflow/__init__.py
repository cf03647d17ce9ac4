"""Nomination workflow: the action table, the steps by stage, ceremonies and oath, the audit log.

Everything is async; ``sessions`` is an ``async_sessionmaker``; who acts is a
``domain.access.Principal`` (``workflow.actor.Actor`` is the same class). Where to find each thing:

The rules of the path (one place each)
    ``actions``     THE ACTION TABLE: per action its source stages, destination, guards (with a
                    ``domain.errors.Refusal`` code and message), who may take it, whether a reason or
                    a letter may be needed; ``decide(action, facts, acting)`` is the one answer, used
                    before every step and by ``available_actions``. Also the non-nomination actions
                    (create, ceremonies, delegations) and ``decide_other``.
    ``facts``       loads what ``decide`` looks at, once per request; ``chain``: ``ChainPosition``.
    ``policy``      the role rule and separation of duties; ``conflicts``: one open appointment per
                    person, panel members are not candidates.
    ``limits``      argument sizes (from the columns) and the refusal-logging rate.
Doing it
    ``runner``      the frame: one transaction, lock, visibility (``domain.access``; hidden = NotFound),
                    bound idempotency key, expected version, decide, step, state, due date, audit event;
                    a refusal is logged as an audit event with outcome "refused"; busy → Conflict.
    ``steps``       the step bodies by stage (``mapping``, ``assessment``, ``approval``, ``inauguration``,
                    ``closing``) and ``STEPS``, action → step; a step's parameters are its arguments.
    ``service``     the public functions built from ``STEPS`` (``service.approve(sessions, actor, id, …)``)
                    plus ``create_nomination``.
    ``ceremonies``  create and conduct (a dry run is the real run rolled back); ``ceremony_status``.
    ``delegations`` Plt/Plh delegations; ``actor.resolve`` applies one to an action.
    ``accounts``    account administration (create, roles and unit scope, disable, reset password),
                    each an audited admin action of the table; ``workspace``: the sections a person may
                    use and where they land, derived from ``domain.access`` and the action table.
Reading it
    ``queries``     available_actions, inbox, overdue, history, approvals, diagram, last_return;
                    ``available.available_actions_many`` for lists.
    ``audit``       the append-only, hash-chained log and ``verify_chain``; ``replay`` rebuilds states
                    from events; ``machine`` draws the table as Mermaid; ``events`` publishes commits.
Reference data
    ``definitions`` the approval chain per kind and level (versioned; a nomination keeps its version);
    ``calendar`` working days (the ``holidays`` package plus regional days); ``setup`` stores defaults.

Decisions worth knowing: ``version`` goes up by one per transition; an approval counts only while
its dossier hash is unchanged (else the chain restarts at the first stale step); return for
revision starts a new round and clears the nominee; the oath changes the domain in the same
transaction (the nominee holds the post, the old post falls vacant).
"""
