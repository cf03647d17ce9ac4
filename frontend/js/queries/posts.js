// Posts: the list, one post with its candidates, and opening a nomination for it.
import { errors, WORKFLOW_FACTS, CHECK_FIELDS } from './common.js';

export const POSITIONS = /* GraphQL */ `
  query Positions(
    $vacant: Boolean, $level: String, $unitCode: String, $subunits: Boolean, $search: String, $sort: String,
    $first: Int, $after: String
  ) {
    positions(
      vacant: $vacant, level: $level, unitCode: $unitCode, subunits: $subunits, search: $search, sort: $sort,
      first: $first, after: $after
    ) {
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
  query Candidates($positionCode: String!, $first: Int, $after: String) {
    candidates(positionCode: $positionCode, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          rank
          score
          scoreParts { name value weight points detail key params { name value } }
          employee { nip name birthDate golongan position { title } nineBox { box } }
          eligibility { eligible checks { ${CHECK_FIELDS} } }
        }
      }
    }
  }
`;

// The succession group: the ranking's talent-pool members come from the first page of 100.
export const SUCCESSION = /* GraphQL */ `
  query Succession($positionCode: String!) {
    candidates(positionCode: $positionCode, first: 100) {
      edges { node { rank employee { nip name nineBox { box } } } }
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

