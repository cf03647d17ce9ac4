// Pegawai: the list, searched by name or NIP, filtered by unit (with its sub-units), sorted and
// paged on the server, with its total.
import { html, useState } from '../lib.js';
import { t } from '../i18n.js';
import { EMPLOYEES } from '../queries.js';
import { href } from '../router.js';
import { Empty, ErrorMessage, Field, Loading, formatNip } from '../ui.js';
import { Pager, SortSelect, usePagedList } from '../list-controls.js';
import { UnitPicker } from '../unit-picker.js';

const SORTS = ['name', '-name', 'nip', '-golongan'];

export function Employees() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [sort, setSort] = useState('name');
  const list = usePagedList(
    EMPLOYEES,
    { search: query || null, unitCode: unitCode || null, subunits: Boolean(unitCode), sort },
    'employees',
  );
  const { data, error, loading, items } = list;
  return html`<section aria-labelledby="employees-title">
    <h1 id="employees-title">${t('employees.title')}</h1>
    <form class="filters" role="search" onSubmit=${(e) => {
      e.preventDefault();
      setQuery(search.trim());
    }}>
      <${Field} id="employee-search" label=${t('employees.search')} hint=${t('employees.searchHint')}>
        <input id="employee-search" type="search" value=${search} maxlength="200"
          onInput=${(e) => setSearch(e.currentTarget.value)} />
      <//>
      <button type="submit" class="btn btn-primary">${t('common.search')}</button>
    </form>
    <div class="filters">
      <${UnitPicker} id="employees-unit" label=${t('lists.unit')} value=${unitCode} onChange=${setUnitCode} />
      <${SortSelect} id="employees-sort" value=${sort} options=${SORTS} onChange=${setSort} />
    </div>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    <${Pager} list=${list} name="employees" noun="lists.noun.employees" />
    ${data && items.length === 0 && html`<${Empty}>${t('employees.none')}<//>`}
    ${items.length > 0 &&
    html`<table class="table" data-testid="employees-table">
      <thead><tr>
        <th scope="col">${t('employees.col.name')}</th><th scope="col">NIP</th>
        <th scope="col">${t('employees.col.rank')}</th><th scope="col">${t('employees.col.post')}</th>
      </tr></thead>
      <tbody>
        ${items.map(
          (e) => html`<tr data-testid="employee-row" data-nip=${e.nip}>
            <td><a href=${href(`/employees/${e.nip}`)}>${e.name}</a></td>
            <td class="mono">${formatNip(e.nip)}</td>
            <td>${e.golongan}</td>
            <td>${e.position?.title ?? ''}<div class="muted small">${e.unit?.name ?? ''}</div></td>
          </tr>`,
        )}
      </tbody>
    </table>`}
    ${items.length > 10 && html`<${Pager} list=${list} name="employees-bottom" noun="lists.noun.employees" />`}
  </section>`;
}
