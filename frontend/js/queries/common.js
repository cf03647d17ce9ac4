// Pieces shared by the GraphQL documents of several pages: the typed error selections and the
// selections of a nomination row, a nomination mutation's result and an eligibility check.
// tests/e2e/test_queries_valid.py reads every file of this folder with regular expressions: keep each
// document an exported constant marked with the GraphQL comment, use errors(...) for the typed error
// members of a mutation's union, and interpolate only the plain template constants of these files.

// Each error's `messageKey` and `messageParams` let the page word it in the reader's language (reasons-*.js);
// an InvalidInput's `problems` word every problem of the input at once (gql.js describeError).
export const ERROR_FIELDS = {
  NotAllowed: 'message code messageKey messageParams { name value }',
  Conflict: 'message messageKey messageParams { name value }',
  Ineligible: 'message messageKey messageParams { name value } checks { rule passed severity detail key params { name value } }',
  InvalidInput: 'message messageKey messageParams { name value } problems { message messageKey messageParams { name value } }',
  NotFound: 'message messageKey messageParams { name value }',
};

/** The `... on X { message }` selections for the error members a mutation's union has. */
export function errors(...types) {
  return types.map((type) => `... on ${type} { ${ERROR_FIELDS[type]} }`).join('\n');
}

// A row of a nomination list (the inbox and the nominations page), with the return that opened
// its round, if any (the inbox shows it to whoever acts next).
export const NOMINATION_ROW = `
  id
  state
  kind
  stageDueOn
  overdue
  awaitingInauguration
  lastReturn {
    reason actor onBehalfOf at clearedNomineeNip clearedNominee { nip name }
    official { name role actingFor { name role } }
  }
  position { code title level unit { code name } }
  nominee { nip name }
`;

// The workflow's facts the server owns (a root field, asked for beside the data that needs them):
// the stages of the path in order, and the states in which a nomination is closed.
export const WORKFLOW_FACTS = `
  workflow { stages closed }
`;

// What every mutation on one nomination answers: the new version, or the typed error.
export const NOMINATION_RESULT = `
  __typename
  ... on Nomination { id version }
  ${errors('NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound')}
`;

// An eligibility check: the verdict, the English detail, and its message key with params (worded by
// the page in the reader's language: ui.checkDetail).
export const CHECK_FIELDS = `rule passed severity detail key params { name value }`;

