// Audit (auditors): whether the hash chain of audit events verifies, and the events searched (an
// official by name, an action, a reason, a nomination number), filtered by days, nomination and
// NIP, and paged on the server. Each entry names the official ("Dyah Pamungkas, Ketua TPK").
import { html, useState } from '../lib.js';
import { fmtDateTime, t, tCode } from '../i18n.js';
import { AUDIT_EVENTS, AUDIT_INTEGRITY } from '../queries.js';
import { href } from '../router.js';
import { Empty, ErrorMessage, Field, Hidden, Loading, actionLabel, formatNip, useQuery } from '../ui.js';
import { ExportLink, Pager, SortSelect, usePagedList } from '../list-controls.js';

function Integrity() {
  const { data, error, loading, reload } = useQuery(AUDIT_INTEGRITY, {});
  const r = data?.auditIntegrity;
  return html`<section class="panel" aria-labelledby="integrity-title">
    <h2 id="integrity-title">${t('audit.integrity')}</h2>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${r &&
    html`<p class=${r.ok ? 'alert alert-ok' : 'alert alert-error'} data-testid="integrity" data-ok=${r.ok ? 'true' : 'false'}>
      ${r.ok
        ? t('audit.intact', { n: r.eventsChecked })
        : t('audit.broken', { n: r.eventsChecked, id: r.firstBrokenEventId })}
      ${r.problem && html`<br /><span class="small">${r.problem}</span>`}
    </p>`}
    <button type="button" class="btn btn-secondary" onClick=${reload}>${t('audit.verifyAgain')}</button>
  </section>`;
}

/** "Dyah Pamungkas, Ketua TPK" (and "atas nama …" for an acting official); the username when the
 * API does not name the official; "disembunyikan" when the entry's names are withheld. */
export function officialText(e) {
  const label = (o) => (o.role ? t('lists.audit.official', { name: o.name, role: tCode('role', o.role) }) : o.name);
  if (e.official) {
    const own = label(e.official);
    return e.official.actingFor ? t('lists.audit.actingFor', { official: own, principal: label(e.official.actingFor) }) : own;
  }
  if (!e.actor) return null;
  return e.onBehalfOf ? t('approvals.actingFor', { actor: e.actor, principal: e.onBehalfOf }) : e.actor;
}

function About({ subject }) {
  if (!subject) return null;
  return html`<div class="small" data-testid="audit-subject">
    ${subject.hidden
      ? t('lists.audit.aboutHidden')
      : t('lists.audit.about', { name: `${subject.name} (${formatNip(subject.nip)})` })}
  </div>`;
}

function Events({ list }) {
  const { data, error, loading, items } = list;
  return html`<${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    <${Pager} list=${list} name="audit" noun="lists.noun.events" />
    ${data && items.length === 0 && html`<${Empty}>${t('audit.none')}<//>`}
    ${items.length > 0 &&
    html`<table class="table" data-testid="audit-events">
      <thead><tr>
        <th scope="col">${t('audit.col.when')}</th><th scope="col">${t('audit.col.who')}</th>
        <th scope="col">${t('audit.col.action')}</th><th scope="col">${t('audit.col.nomination')}</th>
        <th scope="col">${t('audit.col.hash')}</th>
      </tr></thead>
      <tbody>
        ${items.map((e) => {
          const who = officialText(e);
          return html`<tr data-testid="audit-row" data-seq=${e.seq}>
            <td>${fmtDateTime(e.at)}<div class="muted small">#${e.seq}</div></td>
            <td data-testid="audit-official">${who ?? html`<${Hidden} />`}</td>
            <td>${actionLabel(e.action)}
              <${About} subject=${e.subject} />
              ${e.toState && html`<div class="muted small">${tCode('state', e.fromState)} → ${tCode('state', e.toState)}</div>`}
              ${e.reason && html`<div class="small">${e.reason}</div>`}
              ${e.outcome && e.outcome !== 'ok' && html` <span class="badge badge-danger">${tCode('outcome', e.outcome)}</span>`}</td>
            <td>${e.nominationId
              ? html`<a href=${href(`/nominations/${e.nominationId}`)}>#${e.nominationId}</a>`
              : html`<span class="muted small">${t('lists.audit.noNomination')}</span>`}</td>
            <td class="mono small hash">${e.hash}</td>
          </tr>`;
        })}
      </tbody>
    </table>`}
    ${items.length > 10 && html`<${Pager} list=${list} name="audit-bottom" noun="lists.noun.events" />`}`;
}

const EMPTY_FILTERS = { search: '', dateFrom: '', dateTo: '', nominationId: '', nip: '' };

export function Audit() {
  const [form, setForm] = useState(EMPTY_FILTERS);
  const [filters, setFilters] = useState(EMPTY_FILTERS);
  const [sort, setSort] = useState('-seq');
  const number = filters.nominationId.replace(/^#/, '').trim();
  const variables = {
    search: filters.search || null,
    dateFrom: filters.dateFrom || null,
    dateTo: filters.dateTo || null,
    nominationId: /^\d{1,9}$/.test(number) ? Number(number) : null,
    nip: filters.nip.replace(/\s+/g, '') || null,
    sort,
  };
  const list = usePagedList(AUDIT_EVENTS, variables, 'auditEvents');
  const input = (name, type = 'text') => html`<input id=${`audit-${name}`} type=${type} value=${form[name]}
    maxlength="200" onInput=${(e) => setForm({ ...form, [name]: e.currentTarget.value })} />`;
  return html`<section aria-labelledby="audit-title">
    <h1 id="audit-title">${t('audit.title')}</h1>
    <${Integrity} />
    <form class="filters" role="search" onSubmit=${(e) => {
      e.preventDefault();
      setFilters({ ...form, search: form.search.trim() });
    }}>
      <${Field} id="audit-search" label=${t('audit.search')} hint=${t('lists.audit.searchHint')}>
        ${input('search', 'search')}
      <//>
      <${Field} id="audit-dateFrom" label=${t('lists.audit.dateFrom')}>${input('dateFrom', 'date')}<//>
      <${Field} id="audit-dateTo" label=${t('lists.audit.dateTo')}>${input('dateTo', 'date')}<//>
      <${Field} id="audit-nominationId" label=${t('lists.audit.nomination')}>${input('nominationId')}<//>
      <${Field} id="audit-nip" label=${t('lists.audit.nip')} hint=${t('lists.audit.nipHint')}>${input('nip')}<//>
      <button type="submit" class="btn btn-primary">${t('common.search')}</button>
    </form>
    <div class="filters">
      <${SortSelect} id="audit-sort" value=${sort} options=${['-seq', 'seq']} onChange=${setSort} />
      <${ExportLink} what="audit" variables=${variables} />
    </div>
    <${Events} list=${list} />
  </section>`;
}
