// One nomination: its page and every action taken on it.
import { WORKFLOW_FACTS, NOMINATION_RESULT } from './common.js';

// birthDate is recorded for everyone and null exactly when the viewer may not read the person's
// profile (nor ask for their eligibility): the page then shows the name and hides the rest (ui.seesProfile).
const NOMINATION_FIELDS = `
  id
  state
  version
  kind
  round
  level
  stageDueOn
  overdue
  awaitingInauguration
  documentFinal
  createdAt
  plannedDate
  closingReason
  position { code title level eselon unit { code name } incumbent { nip name } }
  shortlist { nip name golongan birthDate }
  shortlistEntries { nip panelMember nominatedElsewhere { nominationId positionTitle state } }
  lastReturn {
    reason actor onBehalfOf at clearedNomineeNip clearedNominee { nip name }
    official { name role actingFor { name role } }
  }
  evaluations { round nip score note evaluator recordedAt official { username name role } }
  evaluationSummary { nip count average spread lowest highest }
  nominee { nip name golongan birthDate }
  steps { index name role label done current }
  approvals {
    round stepIndex stepName role actor onBehalfOf comment letterNumber letterDate approvedAt void
    official { username name role actingFor { name role } }
  }
  history {
    seq at actor onBehalfOf role action fromState toState reason outcome hash
    official { username name role actingFor { name role } }
    subject { nip name hidden }
  }
  availableActions { action mutation allowed reason message requiresLetter reasonRequired }
  diagram
  ceremony { id date place }
  decreeNumber
  decreeDate
  effectiveDate
  inauguratedOn
`;

export const NOMINATION = /* GraphQL */ `
  query Nomination($id: Int!) {
    nomination(id: $id) {
      ${NOMINATION_FIELDS}
    }
    ${WORKFLOW_FACTS}
  }
`;

// What stands in the way of each candidate the shortlist editor offers: already the nominee of another
// open nomination, or a member of the panel (TPK).
export const CANDIDATE_NOTES = /* GraphQL */ `
  query CandidateNotes($id: Int!, $nips: [String!]) {
    nomination(id: $id) {
      id
      shortlistEntries(nips: $nips) { nip panelMember nominatedElsewhere { nominationId positionTitle state } }
    }
  }
`;

export const SET_SHORTLIST = /* GraphQL */ `
  mutation SetShortlist($nominationId: Int!, $nips: [String!]!, $expectedVersion: Int) {
    setShortlist(nominationId: $nominationId, nips: $nips, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const START_ASSESSMENT = /* GraphQL */ `
  mutation StartAssessment($nominationId: Int!, $expectedVersion: Int) {
    startAssessment(nominationId: $nominationId, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const RECORD_EVALUATION = /* GraphQL */ `
  mutation RecordEvaluation($nominationId: Int!, $nip: String!, $score: Int!, $note: String, $expectedVersion: Int) {
    recordEvaluation(nominationId: $nominationId, nip: $nip, score: $score, note: $note, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const SELECT_NOMINEE = /* GraphQL */ `
  mutation SelectNominee($nominationId: Int!, $nip: String!, $expectedVersion: Int) {
    selectNominee(nominationId: $nominationId, nip: $nip, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const SUBMIT_FOR_APPROVAL = /* GraphQL */ `
  mutation SubmitForApproval($nominationId: Int!, $expectedVersion: Int) {
    submitForApproval(nominationId: $nominationId, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const APPROVE = /* GraphQL */ `
  mutation Approve(
    $nominationId: Int!
    $comment: String
    $letterNumber: String
    $letterDate: Date
    $delegationId: Int
    $expectedVersion: Int
  ) {
    approve(
      nominationId: $nominationId
      comment: $comment
      letterNumber: $letterNumber
      letterDate: $letterDate
      delegationId: $delegationId
      expectedVersion: $expectedVersion
    ) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const RETURN_FOR_REVISION = /* GraphQL */ `
  mutation ReturnForRevision($nominationId: Int!, $reason: String!, $delegationId: Int, $expectedVersion: Int) {
    returnForRevision(nominationId: $nominationId, reason: $reason, delegationId: $delegationId, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const REJECT = /* GraphQL */ `
  mutation Reject($nominationId: Int!, $reason: String!, $delegationId: Int, $expectedVersion: Int) {
    reject(nominationId: $nominationId, reason: $reason, delegationId: $delegationId, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const WITHDRAW = /* GraphQL */ `
  mutation Withdraw($nominationId: Int!, $reason: String!, $expectedVersion: Int) {
    withdraw(nominationId: $nominationId, reason: $reason, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const RECORD_INAUGURATION = /* GraphQL */ `
  mutation RecordInauguration($nominationId: Int!, $expectedVersion: Int) {
    recordInauguration(nominationId: $nominationId, expectedVersion: $expectedVersion) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const RECORD_OATH = /* GraphQL */ `
  mutation RecordOath(
    $nominationId: Int!
    $witnessNips: [String!]!
    $clergyName: String
    $pledge: Boolean!
    $expectedVersion: Int
  ) {
    recordOath(
      nominationId: $nominationId
      witnessNips: $witnessNips
      clergyName: $clergyName
      pledge: $pledge
      expectedVersion: $expectedVersion
    ) {
      ${NOMINATION_RESULT}
    }
  }
`;

/** The document of each action on one nomination, by the name the API gives it in
 * `availableActions { mutation }`. (scheduleInauguration is taken on the ceremony page.) */
export const NOMINATION_MUTATIONS = {
  setShortlist: SET_SHORTLIST,
  startAssessment: START_ASSESSMENT,
  recordEvaluation: RECORD_EVALUATION,
  selectNominee: SELECT_NOMINEE,
  submitForApproval: SUBMIT_FOR_APPROVAL,
  approve: APPROVE,
  returnForRevision: RETURN_FOR_REVISION,
  reject: REJECT,
  withdraw: WITHDRAW,
  recordInauguration: RECORD_INAUGURATION,
  recordOath: RECORD_OATH,
};

/** Whether a document declares the variable `$name` (e.g. which actions may be taken for a delegation). */
export function declares(document, name) {
  return new RegExp(`\\$${name}\\s*:`).test(document ?? '');
}


// Facts of the whole app the shell asks once: the province's time zone, which marks every time shown.
export const APP_FACTS = /* GraphQL */ `
  query AppFacts {
    workflow { timeZone timeZoneAbbreviation }
  }
`;
