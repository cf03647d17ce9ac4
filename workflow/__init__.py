"""Nomination workflow: state machine, approval chain, ceremonies and oath, tamper-evident audit.

Interface for the API layer (everything async; ``sessions`` is an ``async_sessionmaker``)
=========================================================================================

Who acts — ``workflow.actor``
    ``Actor(user_id, username, roles: frozenset[str], nip=None, unit_code=None, delegation_id=None)``.
    ``await actor_for_user(session, user_id, delegation_id=None)`` builds one from the account.
    ``delegation_id`` names a Plt/Plh ``Delegation`` row (acting_user_id, principal_user_id, kind
    plt|plh, start_date, end_date); the service checks it is the actor's and in force today,
    then the actor also holds the principal's roles; audit events record ``actor`` and
    ``on_behalf_of``; separation of duties applies to both people.
    ``await workflow.delegations.create_delegation(sessions, actor, acting_user_id, principal_user_id, kind,
    start_date, end_date, decree_number)``
    (role ``admin`` or ``operator``).

Where each thing is decided (one place each)
    ``workflow.actions``    THE ACTION TABLE: per action its source stages, destination, guards (refusal
                            code + message), who may take it (operator in the post's unit subtree, panel,
                            chair, the current step's official) and whether a reason / letter may be
                            required; ``decide(action, facts, acting)`` is the one answer, used by the
                            runner before every step *and* by ``available_actions``. Codes: ``domain.errors.Refusal``.
    ``workflow.facts``      loads the facts ``decide`` looks at, once per request.
    ``workflow.chain``      ``ChainPosition``: the approval chain's truth (current step, valid approvals, dossier hash).
    ``workflow.policy``     the role rule, unit scope and separation of duties the table points to.
    ``workflow.runner``     the frame: one transaction, lock, idempotency, expected version, decide, step,
                            state to the table's destination, due date, version + 1, audit event, refusal log.
    ``workflow.steps``      the step bodies by stage (``mapping``, ``assessment``, ``approval``,
                            ``inauguration``, ``closing``) and ``STEPS``, the registry action → step;
                            a step's parameters are the action's arguments, declared once.
    ``workflow.machine``    the table drawn as Mermaid (``transitions`` GraphMachine).

Mutations — ``workflow.service`` (each returns the updated ``domain.models.Nomination`` row; built
from the step registry)
    Every one also takes keyword-only ``expected_version: int | None`` and ``idempotency_key: str | None``.

    create_nomination(sessions, actor, position_code, kind, *, planned_date=None)   kind PROMOTION|ROTATION|TRANSFER
    set_shortlist(sessions, actor, nomination_id, nips)
    start_assessment(sessions, actor, nomination_id)
    record_evaluation(sessions, actor, nomination_id, nip, score, note=None)          score 0..100
    select_nominee(sessions, actor, nomination_id, nip)                              -> Ineligible(checks)
    submit_for_approval(sessions, actor, nomination_id)
    approve(sessions, actor, nomination_id, comment=None, letter_number=None, letter_date=None)
        (national review and Mendagri steps need letter_number + letter_date)
    return_for_revision(sessions, actor, nomination_id, reason)
    reject(sessions, actor, nomination_id, reason)
    withdraw(sessions, actor, nomination_id, reason)
    schedule_inauguration(sessions, actor, nomination_id, ceremony_id, decree_number, decree_date, effective_date)
    record_inauguration(sessions, actor, nomination_id)
    record_oath(sessions, actor, nomination_id, witness_nips, clergy_name=None, pledge=False)

    ``workflow.ceremonies``:
    create_ceremony(sessions, actor, held_on, place, officiant, *, invitation_on=None, clergy=None) -> Ceremony
    conduct_ceremony(sessions, actor, ceremony_id, witness_nips, *, clergy=None, pledge_nips=frozenset(),
                     dry_run=False) -> list[CeremonyResult(nomination_id, ok, state, version, code, message, dry_run)]

    Errors (``domain.errors``): NotFound; InvalidInput (missing reason, bad NIP, deadlines …);
    NotAllowed(code=WRONG_STAGE | MISSING_ROLE | OUT_OF_UNIT | NOT_YOUR_STEP | SEPARATION_OF_DUTIES |
    NO_DELEGATION); Conflict(current_state, current_version) for a stale ``expected_version``, a
    concurrent change, or a second open nomination for a post; Ineligible(checks) at
    select_nominee (and at approve when the nominee stopped being eligible).
    Every refusal except NotFound is logged as an audit event with outcome "refused".

Reads — ``workflow.queries``
    available_actions(sessions, actor, nomination_id) -> list[AvailableAction(action, allowed, reason_code, message,
        mutation, requires_letter, reason_required)]   — ``decide`` for every action of the table
    inbox(sessions, actor) / overdue(sessions, on=None) -> list[Nomination]
    history(sessions, nomination_id) -> list[AuditEvent]     (``outcome`` "ok" | "refused")
    approvals(sessions, nomination_id) -> list[Approval]     (``void`` ones belong to earlier rounds)
    diagram(sessions, nomination_id) -> str                  Mermaid stateDiagram-v2 of its definition
    ``workflow.audit.verify_chain(sessions, progress=None) -> ChainReport(ok, events_checked, first_broken_seq,
    problem)``; ``workflow.ceremonies.scheduled_nominations(session, ceremony_id)``;
    ``workflow.chain.chain_position(session, nomination)`` -> ``ChainPosition`` (current step index, valid
    approvals, dossier hash, fresh eligibility JSON) — the truth about the chain when a dossier may have changed;
    ``workflow.replay.replay_all(sessions)`` rebuilds every nomination from its events.

Live updates — ``workflow.events``
    ``set_event_bus(bus)`` with any object having ``async publish(event: AuditEvent)``; called after
    each commit with the committed events (refusals included). Default: no-op.

Decisions worth knowing
    * The Mendagri step (inside an election window, per definition ``election_windows``) is taken by
      the ``reviewer`` role, like the national review: both record an outside letter (number, date).
    * ``version`` goes up by exactly one per transition; ``expected_version`` compares against it.
    * An approval counts only while the dossier hash (nominee, post, round, eligibility recomputed on
      the planned date, evaluations) is unchanged; otherwise the chain restarts at the first stale
      step, and the earlier approvers may approve again.
    * Return for revision: new round, this round's approvals void, nominee cleared (re-select).
    * The oath displaces a different incumbent of the post (their open job-history row is closed).

Reference data — ``await workflow.setup.ensure_workflow_reference_data(session)`` stores the
default workflow definitions (version 1 per kind × level) and the 2026/2027 national holidays.

Nomination fields worth showing: ``state`` (mapping, assessment, approval, inauguration, oath,
completed, rejected, withdrawn), ``version``, ``round``, ``steps`` (the resolved approval chain:
name, role, label) and ``step_index`` (next step), ``shortlist``, ``nominee_nip``,
``eligibility`` (JSON verdict), ``stage_due_on``, decree fields, ``oath`` (JSON), ``closing_reason``.
"""
