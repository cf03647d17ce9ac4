// Small shared pieces: a data-loading hook, status messages, labelled fields.
import { html, useCallback, useEffect, useRef, useState } from './lib.js';
import { describeError, request } from './gql.js';
import { t, tCode } from './i18n.js';

/** Load a query; re-runs when `key` changes. Returns { data, error, loading, reload }. */
export function useQuery(query, variables, key = JSON.stringify(variables ?? {})) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const load = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    request(query, variables ?? {}).then(
      (data) => mine === generation.current && setState({ data, error: null, loading: false }),
      (error) => mine === generation.current && setState({ data: null, error, loading: false }),
    );
  }, [query, key]);
  useEffect(load, [load]);
  return { ...state, reload: load };
}

export function nodes(connection) {
  return (connection?.edges ?? []).map((edge) => edge.node);
}

export function Loading() {
  return html`<p class="muted" role="status">${t('common.loading')}</p>`;
}

export function ErrorMessage({ error }) {
  if (!error) return null;
  const checks = error.checks ?? [];
  return html`<div class="alert alert-error" role="alert">
    <p>${describeError(error)}</p>
    ${checks.length > 0 &&
    html`<ul class="checks">
      ${checks.map((c) => html`<li class=${c.passed ? 'pass' : 'fail'}><strong>${c.rule}</strong>: ${c.detail}</li>`)}
    </ul>`}
  </div>`;
}

export function Notice({ children }) {
  return html`<div class="alert alert-ok" role="status">${children}</div>`;
}

export function Empty({ children }) {
  return html`<p class="muted empty">${children}</p>`;
}

export function StateBadge({ state }) {
  const s = String(state || '').toLowerCase();
  return html`<span class=${`badge state-${s}`}>${tCode('state', s)}</span>`;
}

export function Field({ id, label, hint, children }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children}
    ${hint && html`<small class="hint" id=${`${id}-hint`}>${hint}</small>`}
  </div>`;
}

/** A button that runs an async action and disables itself meanwhile. Errors go to `onError` when
 * given, otherwise they are shown right after the button. */
export function ActionButton({ run, onError, children, kind = 'primary', disabled, ...rest }) {
  const [busy, setBusy] = useState(false);
  const [ownError, setOwnError] = useState(null);
  const report = onError ?? setOwnError;
  const click = async () => {
    setBusy(true);
    report(null);
    try {
      await run();
    } catch (err) {
      report(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<button type="button" class=${`btn btn-${kind}`} onClick=${click} disabled=${busy || disabled} ...${rest}>
      ${children}
    </button>
    ${!onError && ownError && html`<${ErrorMessage} error=${ownError} />`}`;
}

export function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
