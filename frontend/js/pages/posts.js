// Jabatan: the posts, searched (title or the name of any unit above the post), filtered by level,
// unit and vacancy, sorted and paged on the server; grouped by unit within a page.
import { html, useState } from '../lib.js';
import { t, tCode } from '../i18n.js';
import { POSITIONS } from '../queries.js';
import { href, queryParam } from '../router.js';
import { Empty, ErrorMessage, Field, Loading } from '../ui.js';
import { Pager, SortSelect, usePagedList } from '../list-controls.js';
import { UnitPicker } from '../unit-picker.js';

export const LEVELS = ['jpt_pratama', 'administrator', 'pengawas'];
const SORTS = ['code', 'title', '-title', 'level'];

function groupByUnit(positions) {
  const groups = new Map();
  for (const p of positions) {
    const key = p.unit?.code ?? '';
    if (!groups.has(key)) groups.set(key, { unit: p.unit, positions: [] });
    groups.get(key).positions.push(p);
  }
  return [...groups.values()];
}

export function Posts() {
  const [level, setLevel] = useState(() => queryParam('level') ?? 'jpt_pratama'); // a dashboard link may set it
  const [vacantOnly, setVacantOnly] = useState(true);
  const [unitCode, setUnitCode] = useState('');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState('code');
  const variables = {
    vacant: vacantOnly ? true : null,
    level: level || null,
    unitCode: unitCode || null,
    subunits: Boolean(unitCode),
    search: search || null,
    sort,
  };
  const list = usePagedList(POSITIONS, variables, 'positions');
  const { data, error, loading, items } = list;

  return html`<section aria-labelledby="posts-title">
    <h1 id="posts-title">${t('posts.title')}</h1>
    <form class="filters" role="search" onSubmit=${(e) => {
      e.preventDefault();
      setSearch(typed.trim());
    }}>
      <${Field} id="posts-search" label=${t('lists.posts.search')} hint=${t('lists.posts.searchHint')}>
        <input id="posts-search" type="search" value=${typed} maxlength="200"
          onInput=${(e) => setTyped(e.currentTarget.value)} />
      <//>
      <button type="submit" class="btn btn-primary">${t('common.search')}</button>
    </form>
    <div class="filters">
      <${Field} id="posts-level" label=${t('posts.level')}>
        <select id="posts-level" value=${level} onChange=${(e) => setLevel(e.currentTarget.value)}>
          <option value="">${t('posts.allLevels')}</option>
          ${LEVELS.map((l) => html`<option value=${l}>${tCode('level', l)}</option>`)}
        </select>
      <//>
      <${UnitPicker} id="posts-unit" label=${t('lists.unit')} value=${unitCode} onChange=${setUnitCode} />
      <${SortSelect} id="posts-sort" value=${sort} options=${SORTS} onChange=${setSort} />
      <div class="field field-check">
        <input type="checkbox" id="posts-vacant" checked=${vacantOnly}
          onChange=${(e) => setVacantOnly(e.currentTarget.checked)} />
        <label for="posts-vacant">${t('posts.vacantOnly')}</label>
      </div>
    </div>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    <${Pager} list=${list} name="posts" noun="lists.noun.posts" />
    ${data && items.length === 0 && html`<${Empty}>${t('posts.empty')}<//>`}
    ${groupByUnit(items).map(
      (group) => html`<section class="unit-group" aria-label=${group.unit?.name ?? ''}>
        <h2>${group.unit?.name ?? ''}</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">${t('posts.col.post')}</th>
              <th scope="col">${t('posts.col.level')}</th>
              <th scope="col">${t('posts.col.incumbent')}</th>
            </tr>
          </thead>
          <tbody>
            ${group.positions.map(
              (p) => html`<tr data-testid="post-row" data-code=${p.code}>
                <td><a href=${href(`/posts/${encodeURIComponent(p.code)}`)}>${p.title}</a></td>
                <td>${tCode('level', p.level)}${p.eselon ? ` (${p.eselon})` : ''}</td>
                <td>
                  ${p.vacant
                    ? html`<span class="badge badge-warn">${t('posts.vacant')}</span>`
                    : html`<a href=${href(`/employees/${p.incumbent?.nip}`)}>${p.incumbent?.name}</a>`}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </section>`,
    )}
    ${items.length > 10 && html`<${Pager} list=${list} name="posts-bottom" noun="lists.noun.posts" />`}
  </section>`;
}
