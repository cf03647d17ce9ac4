// Audit (auditors): whether the hash chain of audit events verifies, and a searchable event list.
import { html, useState } from '../lib.js';
import { fmtDateTime, t, tCode } from '../i18n.js';
import { AUDIT_EVENTS, AUDIT_EVENTS_BY_NOMINATION, AUDIT_INTEGRITY } from '../queries.js';
import { href } from '../router.js';
import { Empty, ErrorMessage, Field, Loading, actionLabel, nodes, useQuery } from '../ui.js';

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

/** Events whose actor, action, states, reason, nomination number or hash contain every search word. */
export function searchEvents(events, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = (e) =>
    [e.actor, e.onBehalfOf, e.action, e.fromState, e.toState, e.reason, e.outcome, e.hash, `#${e.nominationId}`, e.nominationId]
      .filter((v) => v !== null && v !== undefined)
      .join(' ')
      .toLowerCase();
  return events.filter((e) => words.every((w) => text(e).includes(w))).sort((a, b) => b.seq - a.seq);
}

/** The event table with its loading, error and empty states. */
function Events({ result, events }) {
  const { data, error, loading } = result;
  return html`<${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${data && events.length === 0 && html`<${Empty}>${t('audit.none')}<//>`}
    ${events.length > 0 &&
    html`<table class="table" data-testid="audit-events">
      <thead><tr>
        <th scope="col">${t('audit.col.when')}</th><th scope="col">${t('audit.col.who')}</th>
        <th scope="col">${t('audit.col.action')}</th><th scope="col">${t('audit.col.nomination')}</th>
        <th scope="col">${t('audit.col.hash')}</th>
      </tr></thead>
      <tbody>
        ${events.map(
          (e) => html`<tr>
            <td>${fmtDateTime(e.at)}<div class="muted small">#${e.seq}</div></td>
            <td>${e.onBehalfOf ? t('approvals.actingFor', { actor: e.actor, principal: e.onBehalfOf }) : e.actor}</td>
            <td>${actionLabel(e.action)}
              ${e.toState && html`<div class="muted small">${tCode('state', e.fromState)} → ${tCode('state', e.toState)}</div>`}
              ${e.reason && html`<div class="small">${e.reason}</div>`}
              ${e.outcome && e.outcome !== 'ok' && html` <span class="badge badge-danger">${tCode('outcome', e.outcome)}</span>`}</td>
            <td>${e.nominationId ? html`<a href=${href(`/nominations/${e.nominationId}`)}>#${e.nominationId}</a>` : '—'}</td>
            <td class="mono small hash">${e.hash}</td>
          </tr>`,
        )}
      </tbody>
    </table>`}`;
}

/** Only when auditEvents fails: every visible nomination's history, searched here. Mounted on demand,
 * so the page does not also fetch 100 nominations' histories on every visit. */
function FallbackEvents({ query }) {
  const result = useQuery(AUDIT_EVENTS_BY_NOMINATION, {});
  const events = searchEvents(nodes(result.data?.nominations).flatMap((n) => n.history ?? []), query);
  return html`<${Events} result=${result} events=${events} />`;
}

export function Audit() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const primary = useQuery(AUDIT_EVENTS, { search: query || null, first: 100 });
  return html`<section aria-labelledby="audit-title">
    <h1 id="audit-title">${t('audit.title')}</h1>
    <${Integrity} />
    <form class="filters" role="search" onSubmit=${(e) => {
      e.preventDefault();
      setQuery(search.trim());
    }}>
      <${Field} id="audit-search" label=${t('audit.search')} hint=${t('audit.searchHint')}>
        <input id="audit-search" type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)} />
      <//>
      <button type="submit" class="btn btn-primary">${t('common.search')}</button>
    </form>
    ${primary.error
      ? html`<${FallbackEvents} query=${query} />`
      : html`<${Events} result=${primary} events=${nodes(primary.data?.auditEvents)} />`}
  </section>`;
}
