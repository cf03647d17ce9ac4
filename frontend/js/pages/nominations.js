// Usulan: the nominations, filtered by stage (or "approved, awaiting inauguration"), unit and a
// search, sorted and paged on the server, with their total and a spreadsheet of the same list.
import { html, useRef, useState } from '../lib.js';
import { fmtDate, t, tCode } from '../i18n.js';
import * as Q from '../queries.js';
import { href, queryParam } from '../router.js';
import { Empty, ErrorMessage, Field, Loading, ReturnBanner, StateBadge } from '../ui.js';
import { ExportLink, Pager, SortSelect, usePagedList } from '../list-controls.js';
import { UnitPicker } from '../unit-picker.js';

// "Approved — awaiting inauguration": not a state of the workflow but its own status in the list
// (APPROVAL with every step approved), asked for with the awaitingInauguration filter.
const AWAITING = 'AWAITING_INAUGURATION';
const SORTS = ['-id', 'id', 'position', 'state'];

export function Nominations() {
  const [state, setState] = useState(() => queryParam('state') ?? ''); // a dashboard link may set it
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [sort, setSort] = useState('-id');
  const awaiting = state === AWAITING;
  const variables = {
    state: awaiting ? null : state || null,
    awaitingInauguration: awaiting,
    search: search || null,
    unitCode: unitCode || null,
    subunits: Boolean(unitCode),
    sort,
  };
  const list = usePagedList(Q.NOMINATIONS, variables, 'nominations');
  const { data, error, loading, items } = list;
  const lastFacts = useRef(null); // the workflow's stages, kept while the next page loads
  if (data?.workflow) lastFacts.current = data.workflow;
  const facts = lastFacts.current;
  const stages = facts?.stages ?? [];
  const open = stages.flatMap((s) => (s === 'APPROVAL' ? [s, AWAITING] : [s]));
  const states = [...open, ...(facts?.closed ?? []).filter((s) => !stages.includes(s))];
  return html`<section aria-labelledby="nominations-title">
    <h1 id="nominations-title">${t('nominations.title')}</h1>
    <form class="filters" role="search" onSubmit=${(e) => {
      e.preventDefault();
      setSearch(typed.trim());
    }}>
      <${Field} id="nominations-search" label=${t('lists.nominations.search')} hint=${t('lists.nominations.searchHint')}>
        <input id="nominations-search" type="search" value=${typed} maxlength="200"
          onInput=${(e) => setTyped(e.currentTarget.value)} />
      <//>
      <button type="submit" class="btn btn-primary">${t('common.search')}</button>
    </form>
    <div class="filters">
      <${Field} id="nominations-state" label=${t('nominations.state')}>
        <select id="nominations-state" value=${state} onChange=${(e) => setState(e.currentTarget.value)}>
          <option value="">${t('nominations.allStates')}</option>
          ${states.map((s) => html`<option value=${s}>${tCode('state', s)}</option>`)}
        </select>
      <//>
      <${UnitPicker} id="nominations-unit" label=${t('lists.unit')} value=${unitCode} onChange=${setUnitCode} />
      <${SortSelect} id="nominations-sort" value=${sort} options=${SORTS} onChange=${setSort} />
      <${ExportLink} what="nominations" variables=${variables} />
    </div>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    <${Pager} list=${list} name="nominations" noun="lists.noun.nominations" />
    ${data && items.length === 0 && html`<${Empty}>${t('nominations.none')}<//>`}
    ${items.length > 0 &&
    html`<table class="table">
      <thead><tr><th scope="col">#</th><th scope="col">${t('inbox.col.post')}</th>
        <th scope="col">${t('inbox.col.nominee')}</th><th scope="col">${t('inbox.col.stage')}</th>
        <th scope="col">${t('inbox.col.due')}</th></tr></thead>
      <tbody>
        ${items.map(
          (n) => html`<tr data-testid="nomination-row" data-nomination=${n.id}>
            <td><a href=${href(`/nominations/${n.id}`)}>${n.id}</a></td>
            <td><a href=${href(`/nominations/${n.id}`)}>${n.position?.title}</a>
              <div class="muted small">${n.position?.unit?.name ?? ''}</div></td>
            <td>${n.nominee?.name ?? ''}</td>
            <td><${StateBadge} state=${n.state} awaiting=${n.awaitingInauguration} />
              <${ReturnBanner} lastReturn=${n.lastReturn} compact /></td>
            <td>${fmtDate(n.stageDueOn)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`}
    ${items.length > 10 && html`<${Pager} list=${list} name="nominations-bottom" noun="lists.noun.nominations" />`}
  </section>`;
}
