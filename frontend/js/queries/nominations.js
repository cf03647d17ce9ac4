// Nomination lists (the inbox and the nominations page), their live events, and a person's eligibility.
import { NOMINATION_ROW, WORKFLOW_FACTS, CHECK_FIELDS } from './common.js';

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
  query Nominations(
    $state: NominationState, $awaitingInauguration: Boolean, $search: String, $unitCode: String, $subunits: Boolean,
    $sort: String, $first: Int, $after: String
  ) {
    nominations(
      state: $state, awaitingInauguration: $awaitingInauguration, search: $search, unitCode: $unitCode,
      subunits: $subunits, sort: $sort, first: $first, after: $after
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node { ${NOMINATION_ROW} }
      }
    }
    ${WORKFLOW_FACTS}
  }
`;

