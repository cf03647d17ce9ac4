// A tiny GraphQL client: POST /graphql with the session cookie, typed union errors turned into
// ApiError with a message a person can read. Nothing here ever shows raw JSON.
import { refusalText, t } from './i18n.js';

export const ERROR_TYPES = ['NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound'];

export class ApiError extends Error {
  /** kind: one of ERROR_TYPES, or Network / Http / Server / Unauthenticated; code: a NotAllowed's
   * refusal code (NOMINEE_ELSEWHERE …), worded by the catalogue when it has the code. */
  constructor(kind, message, checks = [], code = null) {
    super(message || '');
    this.kind = kind;
    this.checks = checks || [];
    this.code = code || null;
  }
}

/** The sentence to show for an error of any kind (ApiError or anything thrown). */
export function describeError(err) {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  const title = t(`error.${err.kind}`);
  if (err.kind === 'Network') return title;
  const why = refusalText(err.code);
  if (why) return err.message ? `${title}: ${why} (${err.message})` : `${title}: ${why}`;
  return err.message ? `${title}: ${err.message}` : title;
}

let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

function looksUnauthenticated(error) {
  const code = error?.extensions?.code;
  return code === 'UNAUTHENTICATED' || /not signed in|sign in|authenticat|login required/i.test(error?.message || '');
}

/** Run a query or mutation; resolves to `data`, rejects with ApiError. */
export async function request(query, variables = {}) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (_) {
    throw new ApiError('Network', '');
  }
  let body;
  try {
    body = await response.json();
  } catch (_) {
    throw new ApiError('Http', t('error.httpStatus', { status: response.status }));
  }
  if (body.errors && body.errors.length) {
    if (body.errors.some(looksUnauthenticated)) {
      onUnauthenticated();
      throw new ApiError('Unauthenticated', '');
    }
    const messages = [...new Set(body.errors.map((e) => e.message).filter(Boolean))];
    throw new ApiError('Server', messages.join('; '));
  }
  if (!response.ok) throw new ApiError('Http', t('error.httpStatus', { status: response.status }));
  return body.data;
}

/** A mutation's union payload: the object itself, or throws ApiError for an error member. */
export function unwrap(payload) {
  if (payload && ERROR_TYPES.includes(payload.__typename)) {
    throw new ApiError(payload.__typename, payload.message, payload.checks, payload.code);
  }
  return payload;
}

/** Run a mutation and unwrap its single root field. */
export async function mutate(query, variables, field) {
  const data = await request(query, variables);
  return unwrap(data[field]);
}
