// The audit trail and its integrity.
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
