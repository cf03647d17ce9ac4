// Usulan (nomination): stepper, approval chain (who acted, for whom, when), dossier, the actions this
// user may take with the reasons for the others, history with hashes, and the workflow as Mermaid text.
import { html, useEffect, useState } from '../lib.js';
import { fmtDate, fmtDateTime, fmtNumber, t, tCode } from '../i18n.js';
import { ApiError, mutate } from '../gql.js';
import * as Q from '../queries.js';
import { href } from '../router.js';
import { subscribe } from '../ws.js';
import { ActionButton, Empty, ErrorMessage, Field, Loading, Notice, StateBadge, nodes, useQuery } from '../ui.js';
import { CheckList } from './posts.js';

export const STAGES = ['MAPPING', 'ASSESSMENT', 'APPROVAL', 'INAUGURATION', 'OATH', 'COMPLETED'];
const ENDED = ['REJECTED', 'WITHDRAWN'];
const REASON_ACTIONS = ['returnForRevision', 'reject', 'withdraw'];

/** "SET_SHORTLIST", "set_shortlist" and "setShortlist" all name the same action. */
export function actionKey(name) {
  return String(name ?? '').replace(/[_\s-]/g, '').toLowerCase();
}

function actionLabel(name) {
  return tCode('action', actionKey(name));
}

export function Stepper({ state }) {
  const s = String(state ?? '').toUpperCase();
  const current = STAGES.indexOf(s);
  return html`<ol class="stepper" aria-label=${t('nomination.stages')} data-testid="stepper">
    ${STAGES.map((stage, i) => {
      const status = current < 0 ? 'todo' : i < current || s === 'COMPLETED' ? 'done' : i === current ? 'current' : 'todo';
      return html`<li class=${`step step-${status}`} aria-current=${status === 'current' ? 'step' : undefined}>
        <span class="step-dot" aria-hidden="true">${status === 'done' ? '✓' : i + 1}</span>
        <span class="step-name">${tCode('state', stage)}</span>
        <span class="sr-only">(${t(`stepper.${status}`)})</span>
      </li>`;
    })}
    ${ENDED.includes(s) && html`<li class="step step-ended"><span class="step-dot" aria-hidden="true">✗</span>
      <span class="step-name">${tCode('state', s)}</span></li>`}
  </ol>`;
}

/** The workflow as Mermaid stateDiagram-v2 text (Mermaid itself is not shipped: see vendor/README.md). */
export function mermaidText(chainSteps) {
  const steps = (chainSteps ?? []).map((a, i) => `    step${i + 1}: ${(a.label ?? a.name ?? `step ${i + 1}`).replace(/[:\n]/g, ' ')}`);
  const chain = (chainSteps ?? []).slice(1).map((_, i) => `    step${i + 1} --> step${i + 2}`);
  const lines = [
    'stateDiagram-v2',
    '  [*] --> MAPPING',
    '  MAPPING --> ASSESSMENT: startAssessment',
    '  ASSESSMENT --> APPROVAL: submitForApproval',
    '  state APPROVAL {',
    ...(steps.length ? ['    [*] --> step1', ...steps, ...chain, `    step${steps.length} --> [*]`] : ['    [*] --> [*]']),
    '  }',
    '  APPROVAL --> ASSESSMENT: returnForRevision',
    '  APPROVAL --> REJECTED: reject',
    '  APPROVAL --> INAUGURATION: scheduleInauguration',
    '  INAUGURATION --> OATH: recordInauguration',
    '  OATH --> COMPLETED: recordOath',
    '  MAPPING --> WITHDRAWN: withdraw',
    '  ASSESSMENT --> WITHDRAWN: withdraw',
    '  APPROVAL --> WITHDRAWN: withdraw',
    '  INAUGURATION --> WITHDRAWN: withdraw',
    '  COMPLETED --> [*]',
    '  REJECTED --> [*]',
    '  WITHDRAWN --> [*]',
  ];
  return lines.join('\n');
}

/** The chain: every step of this round with who took it (and for whom) and when, or whose turn it is. */
function ApprovalChain({ steps, approvals, round }) {
  if (!steps?.length) return html`<${Empty}>${t('nomination.noApprovals')}<//>`;
  const taken = new Map(
    (approvals ?? []).filter((a) => !a.void && a.round === round).map((a) => [a.stepIndex, a]),
  );
  const earlier = (approvals ?? []).filter((a) => a.void || a.round !== round);
  return html`<table class="table" data-testid="approval-chain">
    <thead><tr>
      <th scope="col">#</th><th scope="col">${t('approvals.step')}</th><th scope="col">${t('approvals.status')}</th>
      <th scope="col">${t('approvals.actor')}</th><th scope="col">${t('approvals.when')}</th>
      <th scope="col">${t('approvals.comment')}</th>
    </tr></thead>
    <tbody>
      ${steps.map((step) => {
        const a = taken.get(step.index);
        const status = step.done ? 'approved' : step.current ? 'current' : 'pending';
        return html`<tr data-testid="approval-row" data-status=${status} data-role=${step.role}>
          <td>${step.index + 1}</td>
          <td>${step.label || tCode('step', step.name)}<div class="muted small">${tCode('role', step.role)}</div></td>
          <td>${tCode('approvalStatus', status)}</td>
          <td>${a ? (a.onBehalfOf ? t('approvals.actingFor', { actor: a.actor, principal: a.onBehalfOf }) : a.actor) : '—'}</td>
          <td>${a ? fmtDateTime(a.approvedAt) : '—'}</td>
          <td>${a?.comment ?? ''}${a?.letterNumber ? html`<div class="small">${t('approvals.letter', {
            number: a.letterNumber,
            date: fmtDate(a.letterDate),
          })}</div>` : ''}</td>
        </tr>`;
      })}
    </tbody>
    ${earlier.length > 0 &&
    html`<tfoot><tr><td colspan="6" class="muted small">${t('approvals.earlier', { n: earlier.length })}</td></tr></tfoot>`}
  </table>`;
}

function NomineeChecks({ nominee, positionCode, asOf }) {
  const { data, error } = useQuery(Q.ELIGIBILITY, { nip: nominee.nip, positionCode, asOf: asOf ?? null });
  const result = data?.eligibility;
  return html`<div data-testid="dossier-checks">
    <p>${t('nomination.nomineeChecks', { name: nominee.name })}
      ${result && html` <strong>${result.eligible ? t('nomination.eligible') : t('nomination.notEligible')}</strong>
        <span class="muted small"> (${t('nomination.asOf', { date: fmtDate(result.asOf) })})</span>`}</p>
    <${ErrorMessage} error=${error} />
    ${result && html`<${CheckList} checks=${result.checks} />`}
  </div>`;
}

function History({ events }) {
  if (!events?.length) return html`<${Empty}>${t('nomination.noHistory')}<//>`;
  return html`<ol class="timeline history" data-testid="history">
    ${events.map(
      (e) => html`<li>
        <div class="timeline-when">${fmtDateTime(e.at)}</div>
        <div class="timeline-what">
          <strong>${actionLabel(e.action)}</strong>
          ${e.outcome && e.outcome !== 'ok' && html` <span class="badge badge-danger">${tCode('outcome', e.outcome)}</span>`}
          ${e.fromState || e.toState ? html` · ${tCode('state', e.fromState)} → ${tCode('state', e.toState)}` : ''}
        </div>
        <div class="small">${e.onBehalfOf ? t('approvals.actingFor', { actor: e.actor, principal: e.onBehalfOf }) : e.actor}
          ${e.reason ? html` · ${t('nomination.reason')}: ${e.reason}` : ''}</div>
        <div class="hash mono small" title=${t('nomination.hash')}>${t('nomination.hash')}: ${e.hash}</div>
      </li>`,
    )}
  </ol>`;
}

function ShortlistEditor({ nomination, run }) {
  const { data, error, loading } = useQuery(Q.CANDIDATES, { positionCode: nomination.position.code, first: 20 });
  const [chosen, setChosen] = useState(() => new Set((nomination.shortlist ?? []).map((e) => e.nip)));
  const list = nodes(data?.candidates);
  const toggle = (nip, on) => {
    const next = new Set(chosen);
    if (on) next.add(nip);
    else next.delete(nip);
    setChosen(next);
  };
  return html`<fieldset class="panel" data-testid="shortlist-editor">
    <legend>${t('shortlist.title')}</legend>
    <p class="muted">${t('shortlist.intro')}</p>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    <ul class="plain checklist">
      ${list.map(
        (c) => html`<li>
          <input type="checkbox" id=${`sl-${c.employee.nip}`} checked=${chosen.has(c.employee.nip)}
            data-nip=${c.employee.nip} onChange=${(e) => toggle(c.employee.nip, e.currentTarget.checked)} />
          <label for=${`sl-${c.employee.nip}`}>${c.rank}. ${c.employee.name}
            <span class="muted small"> · ${t('candidates.score')} ${fmtNumber(c.score, 2)}</span></label>
        </li>`,
      )}
    </ul>
    <${ActionButton} data-testid="save-shortlist" run=${() => run('setShortlist', { nips: [...chosen] })}>
      ${t('shortlist.save', { n: chosen.size })}
    <//>
  </fieldset>`;
}

function Evaluations({ nomination, run, canEvaluate, canSelect }) {
  const [scores, setScores] = useState({});
  const [notes, setNotes] = useState({});
  const evaluations = nomination.evaluations ?? [];
  return html`<table class="table" data-testid="evaluations">
    <thead><tr>
      <th scope="col">${t('evaluation.candidate')}</th><th scope="col">${t('evaluation.recorded')}</th>
      ${canEvaluate && html`<th scope="col">${t('evaluation.record')}</th>`}
      ${canSelect && html`<th scope="col">${t('evaluation.choose')}</th>`}
    </tr></thead>
    <tbody>
      ${(nomination.shortlist ?? []).map((e) => {
        const mine = evaluations.filter((v) => v.nip === e.nip);
        return html`<tr data-testid="shortlisted" data-nip=${e.nip}>
          <td><a href=${href(`/employees/${e.nip}`)}>${e.name}</a><div class="muted small">${e.golongan ?? ''}</div></td>
          <td>${mine.length === 0
            ? html`<span class="muted">—</span>`
            : mine.map((v) => html`<div>${v.score}${v.evaluator ? ` (${v.evaluator})` : ''}${v.note ? ` · ${v.note}` : ''}</div>`)}</td>
          ${canEvaluate &&
          html`<td>
            <div class="inline-fields">
              <label class="sr-only" for=${`score-${e.nip}`}>${t('evaluation.score', { name: e.name })}</label>
              <input id=${`score-${e.nip}`} type="number" min="0" max="100" step="1" class="narrow"
                value=${scores[e.nip] ?? ''} placeholder="0–100"
                onInput=${(ev) => setScores({ ...scores, [e.nip]: ev.currentTarget.value })} />
              <label class="sr-only" for=${`note-${e.nip}`}>${t('evaluation.note', { name: e.name })}</label>
              <input id=${`note-${e.nip}`} value=${notes[e.nip] ?? ''} placeholder=${t('evaluation.notePlaceholder')}
                onInput=${(ev) => setNotes({ ...notes, [e.nip]: ev.currentTarget.value })} />
              <${ActionButton} kind="secondary" data-testid="record-evaluation"
                run=${() => {
                  const score = Number.parseInt(scores[e.nip], 10);
                  if (Number.isNaN(score) || score < 0 || score > 100) throw new ApiError('InvalidInput', t('evaluation.scoreRange'));
                  return run('recordEvaluation', { nip: e.nip, score, note: notes[e.nip] || null });
                }}>${t('evaluation.save')}<//>
            </div>
          </td>`}
          ${canSelect &&
          html`<td>
            ${nomination.nominee?.nip === e.nip
              ? html`<span class="badge badge-ok">${t('evaluation.chosen')}</span>`
              : html`<${ActionButton} kind="secondary" data-testid="select-nominee"
                  run=${() => run('selectNominee', { nip: e.nip })}>${t('evaluation.selectNominee')}<//>`}
          </td>`}
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function ReasonAction({ action, run }) {
  const [reason, setReason] = useState('');
  const id = `reason-${action}`;
  return html`<div class="reason-action">
    <${Field} id=${id} label=${t('nomination.reasonRequired', { action: actionLabel(action) })}>
      <textarea id=${id} rows="2" required value=${reason} onInput=${(e) => setReason(e.currentTarget.value)}></textarea>
    <//>
    <${ActionButton} kind=${action === 'returnForRevision' ? 'secondary' : 'danger'} data-action=${action}
      run=${() => {
        if (!reason.trim()) throw new ApiError('InvalidInput', t('nomination.reasonMissing'));
        return run(action, { reason: reason.trim() });
      }}>${actionLabel(action)}<//>
  </div>`;
}

function ApproveAction({ run, needsLetter }) {
  const [comment, setComment] = useState('');
  const [letterNumber, setLetterNumber] = useState('');
  const [letterDate, setLetterDate] = useState('');
  return html`<div class="reason-action">
    <${Field} id="approve-comment" label=${t('nomination.comment')}>
      <textarea id="approve-comment" rows="2" value=${comment} onInput=${(e) => setComment(e.currentTarget.value)}></textarea>
    <//>
    ${needsLetter &&
    html`<${Field} id="letter-number" label=${t('nomination.letterNumber')}>
        <input id="letter-number" value=${letterNumber} onInput=${(e) => setLetterNumber(e.currentTarget.value)} />
      <//>
      <${Field} id="letter-date" label=${t('nomination.letterDate')}>
        <input id="letter-date" type="date" value=${letterDate} onInput=${(e) => setLetterDate(e.currentTarget.value)} />
      <//>`}
    <${ActionButton} data-action="approve" run=${() =>
      run('approve', {
        comment: comment.trim() || null,
        letterNumber: needsLetter ? letterNumber.trim() || null : null,
        letterDate: needsLetter ? letterDate || null : null,
      })}>
      ${actionLabel('approve')}
    <//>
  </div>`;
}

/** The national review and Mendagri steps are taken on a letter, whose number and date are recorded. */
function needsLetter(nomination) {
  const step = (nomination.steps ?? []).find((s) => s.current);
  return !!step && /review|mendagri|reviewer/i.test(`${step.name} ${step.role}`);
}

const MUTATIONS = {
  setShortlist: [Q.SET_SHORTLIST, 'setShortlist'],
  startAssessment: [Q.START_ASSESSMENT, 'startAssessment'],
  recordEvaluation: [Q.RECORD_EVALUATION, 'recordEvaluation'],
  selectNominee: [Q.SELECT_NOMINEE, 'selectNominee'],
  submitForApproval: [Q.SUBMIT_FOR_APPROVAL, 'submitForApproval'],
  approve: [Q.APPROVE, 'approve'],
  returnForRevision: [Q.RETURN_FOR_REVISION, 'returnForRevision'],
  reject: [Q.REJECT, 'reject'],
  withdraw: [Q.WITHDRAW, 'withdraw'],
  recordInauguration: [Q.RECORD_INAUGURATION, 'recordInauguration'],
  recordOath: [Q.RECORD_OATH, 'recordOath'],
};

/** The oath of one appointee outside a ceremony run: two witnesses, the rohaniwan or the pledge. */
function OathAction({ run }) {
  const [w1, setW1] = useState('');
  const [w2, setW2] = useState('');
  const [clergy, setClergy] = useState('');
  const [pledge, setPledge] = useState(false);
  return html`<fieldset class="panel" data-testid="oath-form">
    <legend>${actionLabel('recordOath')}</legend>
    <div class="form-grid">
      <${Field} id="oath-witness-1" label=${t('ceremony.witness', { n: 1 })} hint=${t('ceremony.witnessHint')}>
        <input id="oath-witness-1" inputmode="numeric" value=${w1} onInput=${(e) => setW1(e.currentTarget.value)} />
      <//>
      <${Field} id="oath-witness-2" label=${t('ceremony.witness', { n: 2 })}>
        <input id="oath-witness-2" inputmode="numeric" value=${w2} onInput=${(e) => setW2(e.currentTarget.value)} />
      <//>
      <${Field} id="oath-clergy" label=${t('ceremony.clergyLegend')}>
        <input id="oath-clergy" value=${clergy} disabled=${pledge} onInput=${(e) => setClergy(e.currentTarget.value)} />
      <//>
    </div>
    <div class="field field-check">
      <input type="checkbox" id="oath-pledge" checked=${pledge} onChange=${(e) => setPledge(e.currentTarget.checked)} />
      <label for="oath-pledge">${t('ceremony.pledge')}</label>
    </div>
    <${ActionButton} data-action="recordOath"
      run=${() => {
        const nips = [w1, w2].map((w) => w.replace(/\s/g, '')).filter(Boolean);
        if (nips.length !== 2) throw new ApiError('InvalidInput', t('dryRun.twoWitnesses'));
        return run('recordOath', { witnessNips: nips, clergyName: pledge ? null : clergy.trim() || null, pledge });
      }}>${actionLabel('recordOath')}<//>
  </fieldset>`;
}

const STEP_ACTIONS = ['approve', 'returnForRevision', 'reject'];

/** Plt/Plh: an acting official chooses whose step they take (me.actingFor, when the API gives it). */
function ActingAs({ delegations, value, onChange }) {
  if (!delegations?.length) return null;
  return html`<${Field} id="acting-as" label=${t('nomination.actingAs')} hint=${t('nomination.actingAsHint')}>
    <select id="acting-as" value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
      <option value="">${t('nomination.actingSelf')}</option>
      ${delegations.map(
        (d) => html`<option value=${d.id}>${t('header.actingFor', {
          kind: tCode('delegation', d.kind),
          name: d.principal?.displayName || d.principal?.username || '',
        })}</option>`,
      )}
    </select>
  <//>`;
}

function Actions({ nomination, run: runPlain, me }) {
  const [delegationId, setDelegationId] = useState('');
  const run = (action, variables = {}) =>
    runPlain(action, STEP_ACTIONS.includes(action) && delegationId ? { ...variables, delegationId: Number(delegationId) } : variables);
  const available = nomination.availableActions ?? [];
  const allowed = new Set(available.filter((a) => a.allowed).map((a) => actionKey(a.action)));
  const refused = available.filter((a) => !a.allowed);
  const may = (name) => allowed.has(actionKey(name));
  const state = String(nomination.state).toUpperCase();
  return html`<section class="actions" aria-labelledby="actions-title" data-testid="actions">
    <h2 id="actions-title">${t('nomination.actions')}</h2>
    ${allowed.size === 0 && html`<p class="muted">${t('nomination.noActions')}</p>`}
    ${may('setShortlist') && html`<${ShortlistEditor} nomination=${nomination} run=${run} />`}
    ${(state === 'ASSESSMENT' || (nomination.shortlist ?? []).length > 0) &&
    html`<section>
      <h3>${t('nomination.shortlist')}</h3>
      ${(nomination.shortlist ?? []).length === 0
        ? html`<${Empty}>${t('nomination.noShortlist')}<//>`
        : html`<${Evaluations} nomination=${nomination} run=${run} canEvaluate=${may('recordEvaluation')}
            canSelect=${may('selectNominee')} />`}
    </section>`}
    <div class="button-row">
      ${may('startAssessment') &&
      html`<${ActionButton} data-action="startAssessment" run=${() => run('startAssessment')}>${actionLabel('startAssessment')}<//>`}
      ${may('submitForApproval') &&
      html`<${ActionButton} data-action="submitForApproval" run=${() => run('submitForApproval')}>${actionLabel('submitForApproval')}<//>`}
      ${may('recordInauguration') &&
      html`<${ActionButton} data-action="recordInauguration" run=${() => run('recordInauguration')}>
        ${actionLabel('recordInauguration')}
      <//>`}
      ${may('scheduleInauguration') &&
      html`<a class="btn btn-secondary" href=${href('/ceremonies')}>${t('nomination.toCeremonies')}</a>`}
    </div>
    ${STEP_ACTIONS.some(may) &&
    html`<${ActingAs} delegations=${me?.actingFor} value=${delegationId} onChange=${setDelegationId} />`}
    ${may('recordOath') && html`<${OathAction} run=${run} />`}
    ${may('approve') && html`<${ApproveAction} run=${run} needsLetter=${needsLetter(nomination)} />`}
    ${REASON_ACTIONS.filter(may).map((a) => html`<${ReasonAction} action=${a} run=${run} />`)}
    ${refused.length > 0 &&
    html`<details class="refused" open>
      <summary>${t('nomination.notForYou')}</summary>
      <ul class="plain">
        ${refused.map(
          (a) => html`<li data-testid="refused-action" data-action=${actionKey(a.action)}>
            <button type="button" class="btn btn-secondary btn-small" disabled>${actionLabel(a.action)}</button>
            <span class="refusal">${a.message ?? a.reason ?? t('nomination.notAllowed')}</span>
          </li>`,
        )}
      </ul>
    </details>`}
  </section>`;
}

export function NominationPage({ id, me }) {
  const nominationId = Number.parseInt(id, 10);
  const { data, error, loading, reload } = useQuery(Q.NOMINATION, { id: nominationId });
  const [actionError, setActionError] = useState(null);
  const [notice, setNotice] = useState(null);

  useEffect(() => subscribe(Q.NOMINATION_EVENTS, { nominationId }, () => reload()), [nominationId]);

  const n = data?.nomination;
  const run = async (action, variables = {}) => {
    const [doc, field] = MUTATIONS[action];
    setActionError(null);
    setNotice(null);
    try {
      await mutate(doc, { nominationId: n.id, expectedVersion: n.version, ...variables }, field);
      setNotice(t('nomination.done', { action: actionLabel(action) }));
    } catch (err) {
      setActionError(err);
    } finally {
      reload();
    }
  };

  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  if (!n) return html`<${Empty}>${t('nomination.notFound')}<//>`;
  return html`<article aria-labelledby="nomination-title" class="nomination" data-state=${String(n.state).toUpperCase()}
      data-version=${n.version}>
    <div class="page-head">
      <h1 id="nomination-title">${t('nomination.title', { id: n.id })}: ${n.position?.title}</h1>
      <${StateBadge} state=${n.state} />
    </div>
    <${Stepper} state=${n.state} />
    <dl class="facts">
      <div><dt>${t('post.unit')}</dt><dd>${n.position?.unit?.name ?? '—'}</dd></div>
      <div><dt>${t('post.level')}</dt><dd>${tCode('level', n.position?.level)}</dd></div>
      <div><dt>${t('post.kind')}</dt><dd>${tCode('kind', n.kind)}</dd></div>
      <div><dt>${t('nomination.nominee')}</dt><dd data-testid="nominee">
        ${n.nominee ? html`<a href=${href(`/employees/${n.nominee.nip}`)}>${n.nominee.name}</a>` : '—'}</dd></div>
      <div><dt>${t('inbox.col.due')}</dt><dd>${fmtDate(n.stageDueOn)}
        ${n.overdue && html` <span class="badge badge-danger">${t('inbox.overdue')}</span>`}</dd></div>
      <div><dt>${t('nomination.round')}</dt><dd>${n.round}</dd></div>
      <div><dt>${t('nomination.post')}</dt><dd><a href=${href(`/posts/${encodeURIComponent(n.position?.code)}`)}>
        ${n.position?.code}</a></dd></div>
      ${n.decreeNumber &&
      html`<div><dt>${t('ceremony.decree')}</dt><dd>${n.decreeNumber} · ${fmtDate(n.decreeDate)}</dd></div>`}
      ${n.ceremony &&
      html`<div><dt>${t('nav.ceremonies')}</dt><dd><a href=${href(`/ceremonies/${n.ceremony.id}`)}>
        ${fmtDate(n.ceremony.date)} · ${n.ceremony.place}</a></dd></div>`}
      ${n.closingReason && html`<div><dt>${t('nomination.reason')}</dt><dd>${n.closingReason}</dd></div>`}
    </dl>
    <div aria-live="polite">
      ${notice && html`<${Notice}>${notice}<//>`}
      <${ErrorMessage} error=${actionError} />
    </div>
    <${Actions} nomination=${n} run=${run} me=${me} />
    <section aria-labelledby="chain-title">
      <h2 id="chain-title">${t('nomination.approvals')}</h2>
      <${ApprovalChain} steps=${n.steps} approvals=${n.approvals} round=${n.round} />
    </section>
    <section aria-labelledby="dossier-title">
      <h2 id="dossier-title">${t('nomination.dossier')}</h2>
      ${n.nominee
        ? html`<${NomineeChecks} nominee=${n.nominee} positionCode=${n.position?.code} asOf=${n.plannedDate} />`
        : html`<${Empty}>${t('nomination.noNominee')}<//>`}
    </section>
    <section aria-labelledby="history-title">
      <h2 id="history-title">${t('nomination.history')}</h2>
      <${History} events=${n.history} />
    </section>
    <section aria-labelledby="diagram-title">
      <h2 id="diagram-title">${t('nomination.diagram')}</h2>
      <p class="muted small">${t('nomination.diagramNote')}</p>
      <pre class="mermaid-text" data-testid="mermaid">${n.diagram || mermaidText(n.steps)}</pre>
    </section>
  </article>`;
}

export function Nominations() {
  const [state, setState] = useState('');
  const { data, error, loading } = useQuery(Q.NOMINATIONS, { state: state || null, first: 100 });
  const list = nodes(data?.nominations);
  return html`<section aria-labelledby="nominations-title">
    <h1 id="nominations-title">${t('nominations.title')}</h1>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <${Field} id="nominations-state" label=${t('nominations.state')}>
        <select id="nominations-state" value=${state} onChange=${(e) => setState(e.currentTarget.value)}>
          <option value="">${t('nominations.allStates')}</option>
          ${[...STAGES, ...ENDED].map((s) => html`<option value=${s}>${tCode('state', s)}</option>`)}
        </select>
      <//>
    </form>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${data && list.length === 0 && html`<${Empty}>${t('nominations.none')}<//>`}
    ${list.length > 0 &&
    html`<table class="table">
      <thead><tr><th scope="col">#</th><th scope="col">${t('inbox.col.post')}</th>
        <th scope="col">${t('inbox.col.nominee')}</th><th scope="col">${t('inbox.col.stage')}</th>
        <th scope="col">${t('inbox.col.due')}</th></tr></thead>
      <tbody>
        ${list.map(
          (n) => html`<tr>
            <td><a href=${href(`/nominations/${n.id}`)}>${n.id}</a></td>
            <td><a href=${href(`/nominations/${n.id}`)}>${n.position?.title}</a>
              <div class="muted small">${n.position?.unit?.name ?? ''}</div></td>
            <td>${n.nominee?.name ?? '—'}</td>
            <td><${StateBadge} state=${n.state} /></td>
            <td>${fmtDate(n.stageDueOn)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`}
  </section>`;
}
