// Employees: the list and one profile.
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

