// The viewer's workspace (sections and landing), the operator's dashboard, and the admin pages:
// accounts, Plt/Plh delegations, the rule settings and their history.
import { errors } from './common.js';

export const WORKSPACE = /* GraphQL */ `
  query Workspace {
    workspace { sections home }
  }
`;

export const DASHBOARD = /* GraphQL */ `
  query Dashboard($unitCode: String) {
    dashboard(unitCode: $unitCode) {
      unitCode
      vacanciesByLevel { level posts vacant vacantWithOpenNomination }
      nominationsByStage { stage count }
      overdueCount
      overdue { id state stageDueOn position { code title unit { name } } nominee { nip name } }
    }
  }
`;

const ACCOUNT_FIELDS = `id username displayName roles unitCode unitName nip employeeName active createdAt`;

const ACCOUNT_RESULT = `
  __typename
  ... on Account { ${ACCOUNT_FIELDS} }
  ${errors('NotAllowed', 'InvalidInput', 'NotFound', 'Conflict')}
`;

export const ACCOUNTS = /* GraphQL */ `
  query Accounts($search: String, $active: Boolean, $first: Int, $after: String) {
    accounts(search: $search, active: $active, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${ACCOUNT_FIELDS} } }
    }
  }
`;

export const CREATE_ACCOUNT = /* GraphQL */ `
  mutation CreateAccount(
    $username: String!
    $password: String!
    $roles: [String!]!
    $displayName: String
    $nip: String
    $unitCode: String
  ) {
    createAccount(
      username: $username
      password: $password
      roles: $roles
      displayName: $displayName
      nip: $nip
      unitCode: $unitCode
    ) {
      ${ACCOUNT_RESULT}
    }
  }
`;

export const CHANGE_ACCOUNT = /* GraphQL */ `
  mutation ChangeAccount($id: Int!, $roles: [String!], $unitCode: String) {
    changeAccount(id: $id, roles: $roles, unitCode: $unitCode) {
      ${ACCOUNT_RESULT}
    }
  }
`;

export const DISABLE_ACCOUNT = /* GraphQL */ `
  mutation DisableAccount($id: Int!) {
    disableAccount(id: $id) {
      ${ACCOUNT_RESULT}
    }
  }
`;

export const ENABLE_ACCOUNT = /* GraphQL */ `
  mutation EnableAccount($id: Int!) {
    enableAccount(id: $id) {
      ${ACCOUNT_RESULT}
    }
  }
`;

export const RESET_PASSWORD = /* GraphQL */ `
  mutation ResetPassword($id: Int!, $password: String!) {
    resetPassword(id: $id, password: $password) {
      ${ACCOUNT_RESULT}
    }
  }
`;

const DELEGATION_FIELDS = `id actingUsername principalUsername role startsOn endsOn letterNumber inForce`;

export const DELEGATIONS = /* GraphQL */ `
  query Delegations($current: Boolean, $first: Int, $after: String) {
    delegations(current: $current, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${DELEGATION_FIELDS} } }
    }
  }
`;

export const CREATE_DELEGATION = /* GraphQL */ `
  mutation CreateDelegation(
    $actingUsername: String!
    $principalUsername: String!
    $role: DelegationRole!
    $startsOn: Date!
    $endsOn: Date!
    $letterNumber: String!
  ) {
    createDelegation(
      actingUsername: $actingUsername
      principalUsername: $principalUsername
      role: $role
      startsOn: $startsOn
      endsOn: $endsOn
      letterNumber: $letterNumber
    ) {
      __typename
      ... on Delegation { ${DELEGATION_FIELDS} }
      ${errors('NotAllowed', 'Conflict', 'InvalidInput', 'NotFound')}
    }
  }
`;

export const END_DELEGATION = /* GraphQL */ `
  mutation EndDelegation($id: Int!) {
    endDelegation(id: $id) {
      __typename
      ... on Delegation { ${DELEGATION_FIELDS} }
      ${errors('NotAllowed', 'Conflict', 'InvalidInput', 'NotFound')}
    }
  }
`;

export const RULE_SETTINGS = /* GraphQL */ `
  query RuleSettings {
    ruleSettings { key value source description }
    ruleSettingHistory { seq at actor key oldValue newValue source }
  }
`;

export const UPDATE_RULE_SETTING = /* GraphQL */ `
  mutation UpdateRuleSetting($key: String!, $value: String!, $source: String) {
    updateRuleSetting(key: $key, value: $value, source: $source) {
      __typename
      ... on RuleSetting { key value source }
      ${errors('NotAllowed', 'InvalidInput')}
    }
  }
`;
