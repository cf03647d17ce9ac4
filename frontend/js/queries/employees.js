// Employees: the list and one profile.
import { CHECK_FIELDS } from './common.js';
export const EMPLOYEES = /* GraphQL */ `
  query Employees(
    $search: String, $unitCode: String, $subunits: Boolean, $sort: String, $first: Int, $after: String
  ) {
    employees(search: $search, unitCode: $unitCode, subunits: $subunits, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
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
      nineBox { box label reason reasonKey reasonParams { name value } }
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


// "Periksa kelayakan untuk jabatan …": posts found by name, then the verdict for one of them.
export const POST_SEARCH = /* GraphQL */ `
  query PostSearch($search: String) {
    positions(search: $search, first: 10) {
      totalCount
      edges { node { code title level eselon unit { name } } }
    }
  }
`;

export const ELIGIBILITY_FOR = /* GraphQL */ `
  query EligibilityFor($nip: String!, $positionCode: String!) {
    eligibility(nip: $nip, positionCode: $positionCode) {
      eligible
      qualifiesOn
      checks { ${CHECK_FIELDS} }
    }
  }
`;

// The profile's eligibility summary per level, and the nominations about the person (an employee
// sees only those, and only their status).
export const OUTLOOK = /* GraphQL */ `
  query Outlook($nip: String!) {
    eligibilityOutlook(nip: $nip) {
      level
      eligible
      qualifiesOn
      checks { ${CHECK_FIELDS} }
    }
  }
`;

export const MY_NOMINATIONS = /* GraphQL */ `
  query MyNominations {
    nominations(first: 20) {
      totalCount
      edges { node { id state kind position { title } } }
    }
  }
`;
