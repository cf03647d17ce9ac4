// Usulan (nomination): the workflow drawn (stages and this nomination's approval chain, with who took
// each step), the actions this user may take (the others folded behind one "why not" disclosure), the
// facts, the dossier, the history naming each official and the person each entry is about, and the
// Mermaid text behind a "kode diagram" toggle. The workflow itself is the server's: the stages, which
// actions there are, which need a reason or an outside letter, and the diagram all come from the API.
import { html, useEffect, useState } from '../lib.js';
import { fmtDate, t, tCode } from '../i18n.js';
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
  levelLabel,
  seesProfile,
  useQuery,
} from '../ui.js';
import { Actions } from './nomination/actions.js';
import { History } from './nomination/people.js';
import { ApprovalChain, DiagramCode, Stepper } from './nomination/picture.js';

export { stageStatuses } from './nomination/picture.js';

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
    <section aria-labelledby="chain-title" class="picture">
      <h2 id="chain-title" class="sr-only">${t('nomination.stages')}</h2>
      <${Stepper} state=${n.state} stages=${data.workflow?.stages ?? []} />
      <h3 class="chain-title">${t('nomination.approvals')}</h3>
      <${ApprovalChain} steps=${n.steps} approvals=${n.approvals} round=${n.round} />
    </section>
    <div aria-live="polite">
      ${notice && html`<${Notice}>${notice}<//>`}
      <${ErrorMessage} error=${actionError} />
    </div>
    <${Actions} nomination=${n} run=${run} me=${me} />
    <dl class="facts">
      <div><dt>${t('post.unit')}</dt><dd>${n.position?.unit?.name ?? '—'}</dd></div>
      <div><dt>${t('post.level')}</dt><dd>${levelLabel(n.position?.level, n.position?.eselon)}</dd></div>
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
    <section aria-labelledby="dossier-title">
      <h2 id="dossier-title">${t('nomination.dossier')}</h2>
      <p><a class="btn btn-ghost btn-small" data-testid="dossier-print" href=${href(`/nominations/${n.id}/print`)}>
        ${t('dossier.print')}</a></p>
      <${Dossier} nominee=${n.nominee} positionCode=${n.position?.code} asOf=${n.plannedDate} />
    </section>
    <section aria-labelledby="history-title">
      <h2 id="history-title">${t('nomination.history')}</h2>
      <${History} events=${n.history} evaluations=${n.evaluations} />
    </section>
    <${DiagramCode} diagram=${n.diagram} />
  </article>`;
}
