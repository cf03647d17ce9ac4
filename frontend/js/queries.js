// Every GraphQL document the page sends, in one place, so that tests/e2e/test_queries_valid.py can
// validate each one against the server's schema (a stale field name fails a test, not a user's click).
// That test reads this file with regular expressions: keep each document an exported constant marked
// with the GraphQL comment, use errors(...) for the typed error members of a mutation's union, and
// interpolate only the plain template constants defined here.

const ERROR_FIELDS = {
  NotAllowed: 'message code',
  Conflict: 'message',
  Ineligible: 'message checks { rule passed severity detail key params { name value } }',
  InvalidInput: 'message',
  NotFound: 'message',
};

/** The `... on X { message }` selections for the error members a mutation's union has. */
function errors(...types) {
  return types.map((type) => `... on ${type} { ${ERROR_FIELDS[type]} }`).join('\n');
}

// A row of a nomination list (the inbox and the nominations page), with the return that opened
// its round, if any (the inbox shows it to whoever acts next).
const NOMINATION_ROW = `
  id
  state
  kind
  stageDueOn
  overdue
  awaitingInauguration
  lastReturn { reason actor onBehalfOf at clearedNomineeNip clearedNominee { nip name } }
  position { code title level unit { code name } }
  nominee { nip name }
`;

// The workflow's facts the server owns (a root field, asked for beside the data that needs them):
// the stages of the path in order, and the states in which a nomination is closed.
const WORKFLOW_FACTS = `
  workflow { stages closed }
`;

// What every mutation on one nomination answers: the new version, or the typed error.
const NOMINATION_RESULT = `
  __typename
  ... on Nomination { id version }
  ${errors('NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound')}
`;

export const ME = /* GraphQL */ `
  query Me {
    me {
      username
      displayName
      roles
      employee { nip name }
    }
  }
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      __typename
      ... on User { username }
      ${errors('NotAllowed', 'InvalidInput')}
    }
  }
`;

export const LOGOUT = /* GraphQL */ `
  mutation Logout {
    logout
  }
`;

export const INBOX = /* GraphQL */ `
  query Inbox {
    nominations(assignedToMe: true, first: 100) {
      totalCount
      edges {
        node { ${NOMINATION_ROW} }
      }
    }
  }
`;

export const NOMINATION_EVENTS = /* GraphQL */ `
  subscription NominationEvents($nominationId: Int) {
    nominationEvents(nominationId: $nominationId) {
      seq
      nominationId
      action
      toState
      at
    }
  }
`;

// An eligibility check: the verdict, the English detail, and its message key with params (worded by
// the page in the reader's language: ui.checkDetail).
const CHECK_FIELDS = `rule passed severity detail key params { name value }`;

export const ELIGIBILITY = /* GraphQL */ `
  query Eligibility($nip: String!, $positionCode: String!, $asOf: Date) {
    eligibility(nip: $nip, positionCode: $positionCode, asOf: $asOf) {
      eligible
      asOf
      checks { ${CHECK_FIELDS} }
    }
  }
`;

export const NOMINATIONS = /* GraphQL */ `
  query Nominations($state: NominationState, $awaitingInauguration: Boolean, $first: Int) {
    nominations(state: $state, awaitingInauguration: $awaitingInauguration, first: $first) {
      totalCount
      edges {
        node { ${NOMINATION_ROW} }
      }
    }
    ${WORKFLOW_FACTS}
  }
`;

export const POSITIONS = /* GraphQL */ `
  query Positions($vacant: Boolean, $level: String, $unitCode: String, $first: Int, $after: String) {
    positions(vacant: $vacant, level: $level, unitCode: $unitCode, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          code
          title
          level
          eselon
          vacant
          unit { code name }
          incumbent { nip name }
        }
      }
    }
  }
`;

export const POST_NOMINATIONS = /* GraphQL */ `
  query PostNominations($positionCode: String!) {
    nominations(positionCode: $positionCode, first: 20) {
      edges { node { id state kind nominee { nip name } } }
    }
    ${WORKFLOW_FACTS}
  }
`;

export const POSITION = /* GraphQL */ `
  query Position($code: String!) {
    position(code: $code) {
      code
      title
      level
      eselon
      vacant
      isKey
      unit { code name }
      incumbent { nip name golongan }
    }
  }
`;

export const CANDIDATES = /* GraphQL */ `
  query Candidates($positionCode: String!, $first: Int) {
    candidates(positionCode: $positionCode, first: $first) {
      totalCount
      edges {
        node {
          rank
          score
          scoreParts { name value weight points detail }
          employee { nip name golongan position { title } nineBox { box } }
          eligibility { eligible checks { ${CHECK_FIELDS} } }
        }
      }
    }
  }
`;

export const CREATE_NOMINATION = /* GraphQL */ `
  mutation CreateNomination($positionCode: String!, $kind: NominationKind!) {
    createNomination(positionCode: $positionCode, kind: $kind) {
      __typename
      ... on Nomination { id }
      ${errors('NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound')}
    }
  }
`;

export const NINE_BOX = /* GraphQL */ `
  query NineBox($unitCode: String) {
    nineBox(unitCode: $unitCode) {
      cells { box label count recommendation members { nip name } }
      unmapped { reason count members { nip name } }
    }
  }
`;

export const UNITS = /* GraphQL */ `
  query Units {
    units { code name }
  }
`;

export const EMPLOYEES = /* GraphQL */ `
  query Employees($search: String, $unitCode: String, $first: Int) {
    employees(search: $search, unitCode: $unitCode, first: $first) {
      totalCount
      edges { node { nip name golongan unit { name } position { title } } }
    }
  }
`;

export const EMPLOYEE = /* GraphQL */ `
  query Employee($nip: String!) {
    employee(nip: $nip) {
      nip
      name
      golongan
      education
      unit { code name }
      position { code title level }
      nineBox { box label reason }
      talentProfile {
        jobHistory { title level unitName startDate endDate decreeNumber }
        rankHistory { golongan tmt decreeNumber }
        education { level major institution graduatedOn }
        trainings { name kind completedOn }
        skp { year predicate }
        assessments {
          assessedOn
          targetLevel
          jpm
          category
          scores { competency kind level standard }
        }
        discipline { decreeDate severity penalty startDate endDate }
      }
    }
  }
`;

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
  lastReturn { reason actor onBehalfOf at clearedNomineeNip clearedNominee { nip name } }
  evaluations { round nip score note evaluator recordedAt }
  evaluationSummary { nip count average spread lowest highest }
  nominee { nip name golongan birthDate }
  steps { index name role label done current }
  approvals { round stepIndex stepName role actor onBehalfOf comment letterNumber letterDate approvedAt void }
  history { seq at actor onBehalfOf role action fromState toState reason outcome hash }
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

export const CEREMONIES = /* GraphQL */ `
  query Ceremonies {
    ceremonies(first: 100) {
      totalCount
      edges { node { id date place officiant conductedAt status nominations { id } } }
    }
  }
`;

export const CEREMONY = /* GraphQL */ `
  query Ceremony($id: Int!) {
    ceremony(id: $id) {
      id
      date
      place
      officiant
      conductedAt
      status
      lastRun { nominationId ok state code message params { name value } }
      nominations {
        id
        state
        version
        documentFinal
        inauguratedOn
        decreeNumber
        decreeDate
        effectiveDate
        position { code title level eselon unit { name } }
        nominee { nip name golongan religion position { title } }
        oathDraft
        pledgeDraft: oathDraft(pledge: true)
        oath { text witnesses { nip name } clergyName pledge takenOn }
      }
    }
  }
`;

// The server's oath wording for a religion chosen on the print page (only when none is recorded).
export const OATH_DRAFT = /* GraphQL */ `
  query OathDraft($id: Int!, $religion: String, $pledge: Boolean!) {
    nomination(id: $id) { id oathDraft(religion: $religion, pledge: $pledge) }
  }
`;

export const CREATE_CEREMONY = /* GraphQL */ `
  mutation CreateCeremony($date: Date!, $place: String!, $officiant: String!) {
    createCeremony(date: $date, place: $place, officiant: $officiant) {
      __typename
      ... on Ceremony { id }
      ${errors('NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound')}
    }
  }
`;

export const SCHEDULE_INAUGURATION = /* GraphQL */ `
  mutation ScheduleInauguration(
    $nominationId: Int!
    $ceremonyId: Int!
    $decreeNumber: String!
    $decreeDate: Date!
    $effectiveDate: Date!
    $expectedVersion: Int
  ) {
    scheduleInauguration(
      nominationId: $nominationId
      ceremonyId: $ceremonyId
      decreeNumber: $decreeNumber
      decreeDate: $decreeDate
      effectiveDate: $effectiveDate
      expectedVersion: $expectedVersion
    ) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const CONDUCT_CEREMONY = /* GraphQL */ `
  mutation ConductCeremony(
    $ceremonyId: Int!
    $witnessNips: [String!]!
    $pledgeNips: [String!]
    $clergy: [ClergyInput!]
    $dryRun: Boolean!
  ) {
    conductCeremony(
      ceremonyId: $ceremonyId
      witnessNips: $witnessNips
      pledgeNips: $pledgeNips
      clergy: $clergy
      dryRun: $dryRun
    ) {
      __typename
      ... on CeremonyConducted {
        ceremony { id conductedAt status }
        results { nominationId ok state version code message params { name value } }
      }
      ${errors('NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound')}
    }
  }
`;

export const AUDIT_INTEGRITY = /* GraphQL */ `
  query AuditIntegrity {
    auditIntegrity { ok eventsChecked firstBrokenEventId problem }
  }
`;

export const AUDIT_EVENTS = /* GraphQL */ `
  query AuditEvents($search: String, $first: Int) {
    auditEvents(search: $search, first: $first) {
      totalCount
      edges { node { seq at actor onBehalfOf role action nominationId fromState toState reason outcome hash } }
    }
  }
`;

// Until the API offers auditEvents: the events of every nomination the auditor may see.
export const AUDIT_EVENTS_BY_NOMINATION = /* GraphQL */ `
  query AuditEventsByNomination {
    nominations(first: 100) {
      edges {
        node { id history { seq at actor onBehalfOf role action nominationId fromState toState reason outcome hash } }
      }
    }
  }
`;
