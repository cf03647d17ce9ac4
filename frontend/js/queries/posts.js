// Posts: the list, one post with its candidates, and opening a nomination for it.
import { errors, WORKFLOW_FACTS, CHECK_FIELDS } from './common.js';

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

