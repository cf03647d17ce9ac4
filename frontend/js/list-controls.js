// What every server-side list shows the same way: a page of a connection with its total and page
// number, the pager, the sort choice and the spreadsheet download of the list with its filters.
// The server searches, filters, sorts and counts; the page only asks for one page at a time.
import { html, useEffect, useState } from './lib.js';
import { lang, t } from './i18n.js';
import { nodes, useQuery } from './ui.js';

export const PAGE_SIZE = 25;

/** The lists' own rules (lists.css), added to the document once by whichever component comes first. */
export function loadListStyles() {
  if (document.getElementById('lists-css')) return;
  const link = document.createElement('link');
  link.id = 'lists-css';
  link.rel = 'stylesheet';
  link.href = new URL('../lists.css', import.meta.url).href;
  document.head.append(link);
}
loadListStyles();

/** One page of `field` (a connection) for `variables`: back to the first page whenever the
 * filters change; the cursors of the pages before are kept so "previous" needs no offset. */
export function usePagedList(query, variables, field, size = PAGE_SIZE) {
  const filterKey = JSON.stringify(variables);
  const [cursors, setCursors] = useState({ key: filterKey, stack: [null] });
  const stack = cursors.key === filterKey ? cursors.stack : [null];
  useEffect(() => {
    if (cursors.key !== filterKey) setCursors({ key: filterKey, stack: [null] });
  }, [filterKey]);
  const after = stack[stack.length - 1];
  const result = useQuery(query, { ...variables, first: size, after }, `${filterKey}|${after}`);
  const connection = result.data?.[field];
  const total = connection?.totalCount ?? 0;
  return {
    ...result,
    items: nodes(connection),
    total,
    page: stack.length,
    pages: Math.max(1, Math.ceil(total / size)),
    hasNext: Boolean(connection?.pageInfo?.hasNextPage),
    next: () => setCursors({ key: filterKey, stack: [...stack, connection.pageInfo.endCursor] }),
    previous: () => setCursors({ key: filterKey, stack: stack.slice(0, -1) }),
  };
}

/** "826 posts · page 2 of 34" with previous/next buttons; `name` prefixes the test ids. */
export function Pager({ list, name, noun }) {
  if (!list.data) return null;
  return html`<nav class="pager" aria-label=${t('lists.pager')} data-testid=${`${name}-pager`}>
    <span data-testid=${`${name}-total`} data-total=${list.total}>
      ${t('lists.total', { total: list.total, noun: t(noun) })} · ${t('lists.page', { page: list.page, pages: list.pages })}
    </span>
    <span class="pager-buttons">
      <button type="button" class="btn btn-secondary" data-testid=${`${name}-previous`} disabled=${list.page <= 1}
        onClick=${list.previous}>${t('lists.previous')}</button>
      <button type="button" class="btn btn-secondary" data-testid=${`${name}-next`} disabled=${!list.hasNext}
        onClick=${list.next}>${t('lists.next')}</button>
    </span>
  </nav>`;
}

/** A sort choice: `options` are the server's sort keys ("title", "-id"), each worded as lists.sort.<key>. */
export function SortSelect({ id, value, options, onChange }) {
  return html`<div class="field">
    <label for=${id}>${t('lists.sort')}</label>
    <select id=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
      ${options.map((key) => html`<option value=${key}>${t(`lists.sort.${key}`)}</option>`)}
    </select>
  </div>`;
}

/** The export's address: the list's own arguments (null and false left out), in the page's language. */
export function exportHref(what, variables) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(variables)) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    params.set(name, String(value));
  }
  params.set('lang', lang());
  return `/export/${what}.xlsx?${params}`;
}

/** "Unduh .xlsx": the list as the server serves it to this session, with the filters in force. */
export function ExportLink({ what, variables }) {
  return html`<a class="btn btn-secondary export-link" href=${exportHref(what, variables)} download
    data-testid=${`export-${what}`}>${t('lists.export')}</a>`;
}
