// Usulan (nomination): stepper, approval chain (who acted, for whom, when), dossier, the actions this
// user may take with the reasons for the others, history with hashes, and the workflow as Mermaid text.
// The workflow itself is the server's: the stages, which actions there are, which of them need a reason
// or an outside letter, and the diagram all come from the API (availableActions, workflow, diagram).
import { html, useEffect, useState } from '../lib.js';
import { fmtDate, fmtDateTime, t, tCode } from '../i18n.js';
import { mutate } from '../gql.js';
import * as Q from '../queries.js';
import { href } from '../router.js';
import { subscribe } from '../ws.js';
import {
  CheckList,
  Empty,
  ErrorMessage,
  Loading,
  Notice,
  ReturnBanner,
  StateBadge,
  actionLabel,
  seesProfile,
  useQuery,
} from '../ui.js';
import { Actions } from './nomination/actions.js';

/** Each stage of the path (`stages`, in order, ending in COMPLETED) as done, current or to come. */
export function stageStatuses(stages, state) {
  const s = String(state ?? '').toUpperCase();
  const current = stages.indexOf(s);
  const last = stages.length - 1;
  return stages.map((_, i) => (current < 0 ? 'todo' : i < current || current === last ? 'done' : i === current ? 'current' : 'todo'));
}

/** The path as the server gives it; a nomination that left it (rejected, withdrawn) shows where it ended. */
function Stepper({ state, stages }) {
  const s = String(state ?? '').toUpperCase();
  const statuses = stageStatuses(stages, s);
  const ended = stages.length > 0 && s && !stages.includes(s);
  return html`<ol class="stepper" aria-label=${t('nomination.stages')} data-testid="stepper">
    ${stages.map((stage, i) => {
      const status = statuses[i];
      return html`<li class=${`step step-${status}`} aria-current=${status === 'current' ? 'step' : undefined}>
        <span class="step-dot" aria-hidden="true">${status === 'done' ? '✓' : i + 1}</span>
        <span class="step-name">${tCode('state', stage)}</span>
        <span class="sr-only">(${t(`stepper.${status}`)})</span>
      </li>`;
    })}
    ${ended && html`<li class="step step-ended"><span class="step-dot" aria-hidden="true">✗</span>
      <span class="step-name">${tCode('state', s)}</span></li>`}
  </ol>`;
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

function Dossier({ nominee, positionCode, asOf }) {
  if (!nominee) return html`<${Empty}>${t('nomination.noNominee')}<//>`;
  if (!seesProfile(nominee)) {
    return html`<div data-testid="dossier-checks" data-hidden="true">
      <p>${t('nomination.nomineeChecks', { name: nominee.name })}</p>
      <p class="muted" data-testid="nominee-hidden">${t('nomination.nomineeHidden')}</p>
    </div>`;
  }
  return html`<${NomineeChecks} nominee=${nominee} positionCode=${positionCode} asOf=${asOf} />`;
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

export function NominationPage({ id, me }) {
  const nominationId = Number.parseInt(id, 10);
  const { data, error, loading, reload } = useQuery(Q.NOMINATION, { id: nominationId });
  const [actionError, setActionError] = useState(null);
  const [notice, setNotice] = useState(null);

  useEffect(() => subscribe(Q.NOMINATION_EVENTS, { nominationId }, () => reload()), [nominationId]);

  const n = data?.nomination;
  /** Take `action` (one of availableActions) with its own arguments. */
  const run = async (action, variables = {}) => {
    setActionError(null);
    setNotice(null);
    try {
      const doc = Q.NOMINATION_MUTATIONS[action.mutation];
      await mutate(doc, { nominationId: n.id, expectedVersion: n.version, ...variables }, action.mutation);
      setNotice(t('nomination.done', { action: actionLabel(action.action) }));
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
      <${StateBadge} state=${n.state} awaiting=${n.awaitingInauguration} />
    </div>
    <${ReturnBanner} lastReturn=${n.lastReturn} />
    <${Stepper} state=${n.state} stages=${data.workflow?.stages ?? []} />
    <dl class="facts">
      <div><dt>${t('post.unit')}</dt><dd>${n.position?.unit?.name ?? '—'}</dd></div>
      <div><dt>${t('post.level')}</dt><dd>${tCode('level', n.position?.level)}</dd></div>
      <div><dt>${t('post.kind')}</dt><dd>${tCode('kind', n.kind)}</dd></div>
      <div><dt>${t('nomination.nominee')}</dt><dd data-testid="nominee">
        ${!n.nominee ? '—' : seesProfile(n.nominee)
          ? html`<a href=${href(`/employees/${n.nominee.nip}`)}>${n.nominee.name}</a>` : n.nominee.name}</dd></div>
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
      <${Dossier} nominee=${n.nominee} positionCode=${n.position?.code} asOf=${n.plannedDate} />
    </section>
    <section aria-labelledby="history-title">
      <h2 id="history-title">${t('nomination.history')}</h2>
      <${History} events=${n.history} />
    </section>
    <section aria-labelledby="diagram-title">
      <h2 id="diagram-title">${t('nomination.diagram')}</h2>
      <p class="muted small">${t('nomination.diagramNote')}</p>
      <pre class="mermaid-text" data-testid="mermaid">${n.diagram}</pre>
    </section>
  </article>`;
}
