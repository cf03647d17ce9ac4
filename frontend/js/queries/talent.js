// The nine-box talent map, its cells' members page by page, the people close to eligible for a post
// and the unit tree.
import { CHECK_FIELDS } from './common.js';

export const NINE_BOX = /* GraphQL */ `
  query NineBox($unitCode: String) {
    nineBox(unitCode: $unitCode) {
      cells { box label count recommendation }
      unmapped { reason key params { name value } count members { nip name } }
    }
  }
`;

export const NINE_BOX_MEMBERS = /* GraphQL */ `
  query NineBoxMembers($box: Int!, $unitCode: String, $first: Int, $after: String) {
    nineBoxMembers(box: $box, unitCode: $unitCode, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { nip name golongan unit { name } position { title } } }
    }
  }
`;

export const NEAR_CANDIDATES = /* GraphQL */ `
  query NearCandidates($positionCode: String!, $first: Int, $after: String) {
    nearCandidates(positionCode: $positionCode, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          qualifiesOn
          assumedSkpYears
          employee { nip name golongan position { title } }
          failing { ${CHECK_FIELDS} }
        }
      }
    }
  }
`;

export const UNITS = /* GraphQL */ `
  query Units {
    units { code name }
  }
`;
