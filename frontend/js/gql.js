// A tiny GraphQL client: POST /graphql with the session cookie, typed union errors turned into
// ApiError with a message a person can read. Nothing here ever shows raw JSON.
import { reasonText, refusalText, t } from './i18n.js';

export const ERROR_TYPES = ['NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound'];

export class ApiError extends Error {
  /** kind: one of ERROR_TYPES, or Network / Http / Server / Unauthenticated; code: a NotAllowed's
   * refusal code (NOMINEE_ELSEWHERE …), worded by the catalogue when it has the code; key and
   * params (a list of { name, value }): the message's key, worded by the catalogue (reason.<key>);
   * problems: an InvalidInput's every problem, each { message, key, params } (the first is the
   * error's key and params; empty when the page made the error itself). */
  constructor(kind, message, checks = [], code = null, key = null, params = [], problems = []) {
    super(message || '');
    this.kind = kind;
    this.checks = checks || [];
    this.code = code || null;
    this.key = key || null;
    this.params = params || [];
    this.problems = problems || [];
  }
}

/** The API's problems of an input (InvalidInput.problems, or extensions.problems with params by name)
 * as ApiError keeps them. */
function problemsOf(list) {
  return (list ?? []).map((p) => ({
    message: p.message ?? '',
    key: p.messageKey ?? p.key ?? null,
    params: Array.isArray(p.messageParams)
      ? p.messageParams
      : Object.entries(p.params ?? {}).map(([name, value]) => ({ name, value })),
  }));
}

/** The sentence to show for an error of any kind (ApiError or anything thrown). */
export function describeError(err) {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  const title = t(`error.${err.kind}`);
  if (err.kind === 'Network') return title;
  // Every problem of an input at once, each in the reader's language (its English text when the
  // catalogue lacks its key): the reader fixes them all before sending again.
  if (err.problems.length) return `${title}: ${err.problems.map((p) => reasonText(p.key, p.params) || p.message).join('; ')}`;
  const worded = reasonText(err.key, err.params);
  if (worded) return `${title}: ${worded}`;
  const why = refusalText(err.code, Object.fromEntries(err.params.map((p) => [p.name, p.value])));
  // A refusal with its params is worded whole; without, the English message adds what the code cannot say.
  if (why) return err.message && err.params.length === 0 ? `${title}: ${why} (${err.message})` : `${title}: ${why}`;
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
    // A read query's domain error (a bad cursor, a date out of range …): its type, key and params
    // in `extensions` (api/schema/errors.py ErrorReasons), worded like a mutation's error member.
    const ext = body.errors.length === 1 ? body.errors[0].extensions : null;
    if (ext && ERROR_TYPES.includes(ext.type)) {
      const params = Object.entries(ext.params ?? {}).map(([name, value]) => ({ name, value }));
      throw new ApiError(ext.type, messages.join('; '), [], ext.code, ext.key, params, problemsOf(ext.problems));
    }
    throw new ApiError('Server', messages.join('; '));
  }
  if (!response.ok) throw new ApiError('Http', t('error.httpStatus', { status: response.status }));
  return body.data;
}

/** A mutation's union payload: the object itself, or throws ApiError for an error member. */
export function unwrap(payload) {
  if (payload && ERROR_TYPES.includes(payload.__typename)) {
    const { __typename: kind, message, checks, code, messageKey, messageParams, problems } = payload;
    throw new ApiError(kind, message, checks, code, messageKey, messageParams, problemsOf(problems));
  }
  return payload;
}

/** Run a mutation and unwrap its single root field. */
export async function mutate(query, variables, field) {
  const data = await request(query, variables);
  return unwrap(data[field]);
}
