"""The transition service: one async function per mutation of contract/graphql.md.

Every function takes ``sessions`` (an ``async_sessionmaker``), the :class:`~workflow.actor.Actor`,
the nomination's id and the action's arguments (plus optional ``expected_version`` and
``idempotency_key``), runs the step as one database transaction (see ``workflow.runner``) and
returns the updated ``Nomination`` row. Refusals raise ``domain.errors`` and are logged as
"refused" audit events. The functions are built from the step registry (``workflow.steps``), so
an action's arguments are the parameters of its step, declared once:

    set_shortlist(nips)                     start_assessment()
    record_evaluation(nip, score, note=None)  select_nominee(nip)     submit_for_approval()
    approve(comment=None, letter_number=None, letter_date=None)
    return_for_revision(reason)             reject(reason)             withdraw(reason)
    schedule_inauguration(ceremony_id, decree_number, decree_date, effective_date)
    record_inauguration()                   record_oath(witness_nips, clergy_name=None, pledge=False)
"""

from __future__ import annotations

from workflow.chain import chain_position
from workflow.steps import operation
from workflow.steps.inauguration import deadline_problems
from workflow.steps.mapping import create_nomination

set_shortlist = operation("set_shortlist")
start_assessment = operation("start_assessment")
record_evaluation = operation("record_evaluation")
select_nominee = operation("select_nominee")
submit_for_approval = operation("submit_for_approval")
approve = operation("approve")
return_for_revision = operation("return_for_revision")
reject = operation("reject")
withdraw = operation("withdraw")
schedule_inauguration = operation("schedule_inauguration")
record_inauguration = operation("record_inauguration")
record_oath = operation("record_oath")

__all__ = [
    "approve",
    "chain_position",
    "create_nomination",
    "deadline_problems",
    "record_evaluation",
    "record_inauguration",
    "record_oath",
    "reject",
    "return_for_revision",
    "schedule_inauguration",
    "select_nominee",
    "set_shortlist",
    "start_assessment",
    "submit_for_approval",
    "withdraw",
]
