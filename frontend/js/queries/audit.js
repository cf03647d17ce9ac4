// The audit trail and its integrity.
export const AUDIT_INTEGRITY = /* GraphQL */ `
  query AuditIntegrity {
    auditIntegrity { ok eventsChecked firstBrokenEventId problem }
  }
`;

// Searched, filtered and paged on the server; `official` names who acted ("Dyah Pamungkas",
// panel_chair), `subject` whom the event is about.
export const AUDIT_EVENTS = /* GraphQL */ `
  query AuditEvents(
    $search: String, $dateFrom: Date, $dateTo: Date, $nominationId: Int, $nip: String, $sort: String,
    $first: Int, $after: String
  ) {
    auditEvents(
      search: $search, dateFrom: $dateFrom, dateTo: $dateTo, nominationId: $nominationId, nip: $nip, sort: $sort,
      first: $first, after: $after
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          seq at actor onBehalfOf role action nominationId fromState toState reason outcome hash
          official { name role actingFor { name role } }
          subject { nip name hidden }
        }
      }
    }
  }
`;
