"""The contract operations of one JPT Pratama nomination, from creation to oath, as reusable
GraphQL documents (used in-process and over real HTTP)."""

from __future__ import annotations

from datetime import date

NOMINATION_FIELDS = (
    "__typename ... on Nomination { id state version } ... on NotAllowed { message code } "
    "... on Conflict { message currentState } ... on Ineligible { message checks { rule detail } } "
    "... on InvalidInput { message } ... on NotFound { message }"
)


def _m(document: str) -> str:
    return document.replace("FIELDS", NOMINATION_FIELDS)


CREATE = _m("mutation($p: String!) { createNomination(positionCode: $p, kind: PROMOTION) { FIELDS } }")
SHORTLIST = _m(
    "mutation($id: Int!, $nips: [String!]!, $v: Int) { setShortlist(nominationId: $id, nips: $nips, "
    "expectedVersion: $v) { FIELDS } }"
)
START = _m("mutation($id: Int!, $v: Int) { startAssessment(nominationId: $id, expectedVersion: $v) { FIELDS } }")
EVALUATE = _m(
    "mutation($id: Int!, $nip: String!, $s: Int!) { recordEvaluation(nominationId: $id, nip: $nip, score: $s, "
    'note: "strong record") { FIELDS } }'
)
SELECT = _m("mutation($id: Int!, $nip: String!) { selectNominee(nominationId: $id, nip: $nip) { FIELDS } }")
SUBMIT = _m("mutation($id: Int!) { submitForApproval(nominationId: $id) { FIELDS } }")
APPROVE = _m(
    'mutation($id: Int!, $ln: String, $ld: Date) { approve(nominationId: $id, comment: "ok", letterNumber: $ln, '
    "letterDate: $ld) { FIELDS } }"
)
RETURN = _m('mutation($id: Int!) { returnForRevision(nominationId: $id, reason: "redo") { FIELDS } }')
REJECT = _m('mutation($id: Int!) { reject(nominationId: $id, reason: "no") { FIELDS } }')
WITHDRAW = _m('mutation($id: Int!) { withdraw(nominationId: $id, reason: "post abolished") { FIELDS } }')
CEREMONY = (
    'mutation($d: Date!) { createCeremony(date: $d, place: "Gedung Negara", officiant: "Gubernur") { '
    "__typename ... on Ceremony { id } ... on NotAllowed { message code } ... on InvalidInput { message } } }"
)
SCHEDULE = _m(
    "mutation($id: Int!, $c: Int!, $n: String!, $dd: Date!, $ed: Date!) { scheduleInauguration(nominationId: $id, "
    "ceremonyId: $c, decreeNumber: $n, decreeDate: $dd, effectiveDate: $ed) { FIELDS } }"
)
INAUGURATE = _m("mutation($id: Int!) { recordInauguration(nominationId: $id) { FIELDS } }")
OATH = _m(
    "mutation($id: Int!, $w: [String!]!) { recordOath(nominationId: $id, witnessNips: $w, clergyName: "
    '"K.H. Ahmad") { FIELDS } }'
)
CONDUCT = (
    "mutation($c: Int!, $w: [String!]!) { conductCeremony(ceremonyId: $c, witnessNips: $w) { __typename "
    "... on CeremonyConducted { results { nominationId ok state code message } } ... on NotAllowed { message code } "
    "... on NotFound { message } ... on InvalidInput { message } } }"
)
DETAIL = """query($id: Int!) { nomination(id: $id) { id state version steps { name role done current }
  approvals { stepName role actor } history { at actor action fromState toState reason hash outcome }
  availableActions { action allowed reason message } diagram } }"""


def schedule_variables(nomination_id: int, ceremony_id: int, decree_number: str, held_on: date) -> dict[str, object]:
    """SCHEDULE's variables: the decree dated today, taking effect on the ceremony's day."""
    return {"id": nomination_id, "c": ceremony_id, "n": decree_number, "dd": str(date.today()), "ed": str(held_on)}
