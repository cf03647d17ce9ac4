// Usulan: the list of nominations, filtered by stage or "approved, awaiting inauguration".
import { html, useState } from '../lib.js';
import { fmtDate, t, tCode } from '../i18n.js';
import * as Q from '../queries.js';
import { href } from '../router.js';
import { Empty, ErrorMessage, Field, Loading, ReturnBanner, StateBadge, nodes, useQuery } from '../ui.js';

// "Approved — awaiting inauguration": not a state of the workflow but its own status in the list
// (APPROVAL with every step approved), asked for with the awaitingInauguration filter.
const AWAITING = 'AWAITING_INAUGURATION';

export function Nominations() {
  const [state, setState] = useState('');
  const awaiting = state === AWAITING;
  const { data, error, loading } = useQuery(Q.NOMINATIONS, {
    state: awaiting ? null : state || null,
    awaitingInauguration: awaiting,
    first: 100,
  });
  const list = nodes(data?.nominations);
  const stages = data?.workflow?.stages ?? [];
  const open = stages.flatMap((s) => (s === 'APPROVAL' ? [s, AWAITING] : [s]));
  const states = [...open, ...(data?.workflow?.closed ?? []).filter((s) => !stages.includes(s))];
  return html`<section aria-labelledby="nominations-title">
    <h1 id="nominations-title">${t('nominations.title')}</h1>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <${Field} id="nominations-state" label=${t('nominations.state')}>
        <select id="nominations-state" value=${state} onChange=${(e) => setState(e.currentTarget.value)}>
          <option value="">${t('nominations.allStates')}</option>
          ${states.map((s) => html`<option value=${s}>${tCode('state', s)}</option>`)}
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
          (n) => html`<tr data-testid="nomination-row" data-nomination=${n.id}>
            <td><a href=${href(`/nominations/${n.id}`)}>${n.id}</a></td>
            <td><a href=${href(`/nominations/${n.id}`)}>${n.position?.title}</a>
              <div class="muted small">${n.position?.unit?.name ?? ''}</div></td>
            <td>${n.nominee?.name ?? '—'}</td>
            <td><${StateBadge} state=${n.state} awaiting=${n.awaitingInauguration} />
              <${ReturnBanner} lastReturn=${n.lastReturn} compact /></td>
            <td>${fmtDate(n.stageDueOn)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`}
  </section>`;
}
