// Pegawai: the list, searched by name or NIP.
import { html, useState } from '../lib.js';
import { t } from '../i18n.js';
import { EMPLOYEES } from '../queries.js';
import { href } from '../router.js';
import { Empty, ErrorMessage, Field, Loading, formatNip, nodes, useQuery } from '../ui.js';

export function Employees() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const { data, error, loading } = useQuery(EMPLOYEES, { search: query || null, first: 50 });
  const list = nodes(data?.employees);
  return html`<section aria-labelledby="employees-title">
    <h1 id="employees-title">${t('employees.title')}</h1>
    <form class="filters" role="search" onSubmit=${(e) => {
      e.preventDefault();
      setQuery(search.trim());
    }}>
      <${Field} id="employee-search" label=${t('employees.search')} hint=${t('employees.searchHint')}>
        <input id="employee-search" type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)} />
      <//>
      <button type="submit" class="btn btn-primary">${t('common.search')}</button>
    </form>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${data && list.length === 0 && html`<${Empty}>${t('employees.none')}<//>`}
    ${list.length > 0 &&
    html`<table class="table">
      <thead><tr>
        <th scope="col">${t('employees.col.name')}</th><th scope="col">NIP</th>
        <th scope="col">${t('employees.col.rank')}</th><th scope="col">${t('employees.col.post')}</th>
      </tr></thead>
      <tbody>
        ${list.map(
          (e) => html`<tr>
            <td><a href=${href(`/employees/${e.nip}`)}>${e.name}</a></td>
            <td class="mono">${formatNip(e.nip)}</td>
            <td>${e.golongan}</td>
            <td>${e.position?.title ?? '—'}<div class="muted small">${e.unit?.name ?? ''}</div></td>
          </tr>`,
        )}
      </tbody>
    </table>`}
  </section>`;
}

/** Held level against the standard per competency, as horizontal bars on a 0–5 scale. */
