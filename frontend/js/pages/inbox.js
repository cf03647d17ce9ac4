// Tugas saya: nominations waiting for this user's action, overdue first, refreshed live whenever
// an audit event arrives over the subscription.
import { html, useEffect, useState } from '../lib.js';
import { fmtDate, t, tCode } from '../i18n.js';
import { INBOX, NOMINATION_EVENTS } from '../queries.js';
import { href } from '../router.js';
import { connectionStatus, onStatus, subscribe } from '../ws.js';
import { Empty, ErrorMessage, Loading, ReturnBanner, StateBadge, nodes, useQuery } from '../ui.js';

/** Overdue first, then by due date (none last), then by id for a stable order. */
export function sortInbox(items) {
  return [...items].sort((a, b) => {
    if (!!a.overdue !== !!b.overdue) return a.overdue ? -1 : 1;
    const da = a.stageDueOn ?? '9999-12-31';
    const db = b.stageDueOn ?? '9999-12-31';
    if (da !== db) return da < db ? -1 : 1;
    return String(a.id).localeCompare(String(b.id), undefined, { numeric: true });
  });
}

export function LiveIndicator() {
  const [status, setStatus] = useState(connectionStatus());
  useEffect(() => onStatus(setStatus), []);
  return html`<span class=${`live live-${status}`} data-testid="live-status" data-status=${status} role="status">
    ${t(`live.${status}`)}
  </span>`;
}

export function Inbox() {
  const { data, error, loading, reload } = useQuery(INBOX, {});
  const [updates, setUpdates] = useState(0);

  useEffect(
    () =>
      subscribe(NOMINATION_EVENTS, {}, () => {
        setUpdates((n) => n + 1);
        reload();
      }),
    [],
  );

  const items = sortInbox(nodes(data?.nominations));
  return html`<section aria-labelledby="inbox-title">
    <div class="page-head">
      <h1 id="inbox-title">${t('inbox.title')}</h1>
      <${LiveIndicator} />
    </div>
    <p class="muted">${t('inbox.intro')}</p>
    ${updates > 0 && html`<p class="muted" data-testid="inbox-updates" aria-live="polite">${t('inbox.updated', { n: updates })}</p>`}
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${data &&
    (items.length === 0
      ? html`<${Empty}>${t('inbox.empty')}<//>`
      : html`<table class="table" data-testid="inbox-table">
          <caption class="sr-only">${t('inbox.title')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('inbox.col.post')}</th>
              <th scope="col">${t('inbox.col.nominee')}</th>
              <th scope="col">${t('inbox.col.kind')}</th>
              <th scope="col">${t('inbox.col.stage')}</th>
              <th scope="col">${t('inbox.col.due')}</th>
            </tr>
          </thead>
          <tbody>
            ${items.map(
              (n) => html`<tr class=${n.overdue ? 'overdue' : ''} data-testid="inbox-row" data-nomination=${n.id}>
                <td><a href=${href(`/nominations/${n.id}`)}>${n.position?.title ?? n.id}</a>
                  <div class="muted small">${n.position?.unit?.name ?? ''}</div>
                  <${ReturnBanner} lastReturn=${n.lastReturn} compact /></td>
                <td>${n.nominee?.name ?? html`<span class="muted">${t('inbox.noNominee')}</span>`}</td>
                <td>${tCode('kind', n.kind)}</td>
                <td><${StateBadge} state=${n.state} awaiting=${n.awaitingInauguration} /></td>
                <td>
                  ${fmtDate(n.stageDueOn)}
                  ${n.overdue && html` <span class="badge badge-danger">${t('inbox.overdue')}</span>`}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>`)}
  </section>`;
}
