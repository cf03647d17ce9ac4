// Small shared pieces: a data-loading hook, status messages, labelled fields, and what more than one
// page shows the same way (the eligibility check list, the two witnesses' NIP fields, a NIP, an
// action's name). Pages import from here, never from each other.
import { html, useCallback, useEffect, useRef, useState } from './lib.js';
import { describeError, request } from './gql.js';
import { fmtDateTime, fmtNumber, reasonText, t, tCode } from './i18n.js';

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
    ${checks.length > 0 && html`<${CheckList} checks=${checks} />`}
  </div>`;
}

/** A check's status: pass, warn, fail — or hidden when the API withholds its outcome from this
 * viewer (`passed: null`: the facts it is derived from are outside the viewer's reach). A hidden
 * check is never shown as failed. */
export function checkStatus(c) {
  if (c.passed === null || c.passed === undefined) return 'hidden';
  if (c.passed) return 'pass';
  return String(c.severity ?? '').toLowerCase() === 'warning' ? 'warn' : 'fail';
}

// A warning that did not pass reads like a failed check, in the warning colour (it does not bar).
const CHECK_MARK = { pass: '✓', warn: '✗', fail: '✗', hidden: '–' };
const CHECK_VERDICT = { pass: 'check.passed', warn: 'check.failed', fail: 'check.failed', hidden: 'check.hidden' };

/** A value the API withholds from this viewer (null), in a neutral muted style. */
export function Hidden() {
  return html`<span class="muted hidden-value" data-testid="hidden-value">${t('check.hidden')}</span>`;
}

/** Whether the viewer may read this employee's profile (and open their page, ask for their
 * eligibility): the API answers `birthDate` — recorded for everyone — only to such a viewer. An
 * employee reached through a nomination (nominee, shortlist) from another unit than a unit
 * operator's is named, not profiled. Ask for `birthDate` with the employee. */
export function seesProfile(employee) {
  return !!employee && employee.birthDate !== null && employee.birthDate !== undefined;
}

/** A number the API may withhold (null = hidden from this viewer), e.g. a candidate's score. */
export function MaybeHidden({ value, digits = 2 }) {
  return value === null || value === undefined ? html`<${Hidden} />` : fmtNumber(value, digits);
}

/** The reason of a check in the reader's language: the catalogue's text for its `key` with its
 * `params` when the API gives one and the catalogue has it, else the API's English `detail`;
 * null when the detail is hidden from this viewer. Anything the API words with a key, params and
 * an English text takes it the same way: a score part, a nine-box group's or placement's reason
 * (pass { key, params, detail }). An error's message is worded by gql.js's describeError. */
export function checkDetail(c) {
  if (c.key) {
    const text = reasonText(c.key, c.params);
    if (text !== null) return text;
  }
  return c.detail ?? null;
}

/** Every eligibility check with its verdict and detail (a candidate's checks, a nominee's, an Ineligible error's). */
export function CheckList({ checks }) {
  return html`<ul class="checks">
    ${(checks ?? []).map((c) => {
      const status = checkStatus(c);
      const detail = checkDetail(c);
      return html`<li class=${status} data-status=${status} data-rule=${c.rule}>
        <span class="check-mark" aria-hidden="true">${CHECK_MARK[status]}</span>
        <strong>${tCode('rule', c.rule)}</strong>${' '}
        <span class="check-verdict">(${t(CHECK_VERDICT[status])})</span>${' — '}
        <span class="check-detail">${detail === null ? html`<${Hidden} />` : detail}</span>
      </li>`;
    })}
  </ul>`;
}

export function Notice({ children }) {
  return html`<div class="alert alert-ok" role="status">${children}</div>`;
}

export function Empty({ children }) {
  return html`<p class="muted empty">${children}</p>`;
}

/** A nomination's stage; `awaiting` (the API's awaitingInauguration) shows "approved — awaiting
 * inauguration" as its own status instead of "approval". */
export function StateBadge({ state, awaiting }) {
  const s = awaiting ? 'awaiting_inauguration' : String(state || '').toLowerCase();
  return html`<span class=${`badge state-${s}`} data-status=${s}>${tCode('state', s)}</span>`;
}

/** The return for revision that opened the nomination's round (the API's lastReturn): the reason,
 * who returned it and when, and the nominee it cleared. `compact` for a row of a list. */
export function ReturnBanner({ lastReturn, compact }) {
  if (!lastReturn) return null;
  const who = lastReturn.official
    ? officialLabel(lastReturn.official)
    : lastReturn.onBehalfOf
      ? t('approvals.actingFor', { actor: lastReturn.actor, principal: lastReturn.onBehalfOf })
      : lastReturn.actor;
  if (compact) {
    return html`<div class="small return-note" data-testid="return-note">
      ${t('inbox.returned', { actor: who, reason: lastReturn.reason ?? '—' })}</div>`;
  }
  const cleared = lastReturn.clearedNomineeNip;
  return html`<div class="alert alert-warn" role="status" data-testid="return-banner">
    <p><strong>${t('return.title')}</strong> ${t('return.by', { actor: who, when: fmtDateTime(lastReturn.at) })}</p>
    <p>${t('return.reason', { reason: lastReturn.reason ?? '—' })}</p>
    ${cleared && html`<p>${t('return.cleared', { name: lastReturn.clearedNominee?.name ?? cleared, nip: formatNip(cleared) })}</p>`}
  </div>`;
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

/** A NIP as printed: 8 digits (birth date), 6 (appointment month), 1 (sex), 3 (number). */
export function formatNip(nip) {
  const d = String(nip ?? '');
  return d.length === 18 ? `${d.slice(0, 8)} ${d.slice(8, 14)} ${d.slice(14, 15)} ${d.slice(15)}` : d;
}

/** An action's name as people read it. `name` is the workflow's name for it, as the API gives it in
 * `availableActions { action }` and in audit events (`set_shortlist`, `conduct_ceremony`). */
export function actionLabel(name) {
  return tCode('action', name);
}

/** An official as a record names them (the API's `official { name role actingFor }`): "Dyah Pamungkas,
 * Ketua TPK"; "X, atas nama Y" for an acting official; "disembunyikan" when the API withholds it
 * (`fallback`, e.g. a username, when the API gave no official at all). */
export function officialLabel(official, fallback) {
  if (!official) return fallback ? String(fallback) : t('check.hidden');
  const own = official.role ? `${official.name}, ${tCode('role', official.role)}` : official.name;
  return official.actingFor ? t('approvals.actingFor', { actor: own, principal: officialLabel(official.actingFor) }) : own;
}

const STRUCTURAL = new Set(['jpt_madya', 'jpt_pratama', 'administrator', 'pengawas']); // the levels with an eselon

/** A post's level with its eselon: "JPT Pratama (eselon II.a)"; without the post's own eselon, the
 * level's ("Administrator (eselon III)"). */
export function levelLabel(level, eselon) {
  const code = String(level ?? '').toLowerCase();
  return eselon && STRUCTURAL.has(code) ? t(`levelEselon.${code}`, { eselon }) : tCode('level', level);
}

const NIP_PATTERN = /^\d{18}$/;

/** The witnesses' NIPs as typed (spaces removed). */
export function witnessNips(values) {
  return values.map((v) => String(v ?? '').replace(/\s/g, ''));
}

/** What the browser can say about two witnesses before asking the server (which checks again). */
export function witnessProblems(nips) {
  const problems = [];
  const witnesses = nips.filter(Boolean);
  if (witnesses.length !== 2) problems.push(t('dryRun.twoWitnesses'));
  witnesses.filter((n) => !NIP_PATTERN.test(n)).forEach((n) => problems.push(t('dryRun.badNip', { nip: n })));
  if (witnesses.length === 2 && witnesses[0] === witnesses[1]) problems.push(t('dryRun.sameWitness'));
  return problems;
}

/** The two witnesses of an oath (a ceremony's, or one appointee's): their NIP fields. `values` is
 * the pair as typed; `onChange` gets the new pair. */
export function WitnessFields({ idPrefix, values, onChange }) {
  return html`${[0, 1].map((i) => {
    const id = `${idPrefix}-${i + 1}`;
    return html`<${Field} id=${id} label=${t('ceremony.witness', { n: i + 1 })} hint=${i === 0 ? t('ceremony.witnessHint') : null}>
      <input id=${id} inputmode="numeric" value=${values[i]}
        onInput=${(e) => onChange(values.map((v, j) => (j === i ? e.currentTarget.value : v)))} />
    <//>`;
  })}`;
}
