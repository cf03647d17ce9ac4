// The account: who is signed in, signing in and out.
import { errors } from './common.js';

export const ME = /* GraphQL */ `
  query Me {
    me {
      username
      displayName
      roles
      employee { nip name }
    }
  }
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      __typename
      ... on User { username }
      ${errors('NotAllowed', 'InvalidInput')}
    }
  }
`;

export const LOGOUT = /* GraphQL */ `
  mutation Logout {
    logout
  }
`;
