// Jabatan: the list of posts, grouped by unit and filterable by level.
import { html, useState } from '../lib.js';
import { t, tCode } from '../i18n.js';
import { request } from '../gql.js';
import { POSITIONS } from '../queries.js';
import { href } from '../router.js';
import { Empty, ErrorMessage, Field, Loading, nodes, useQuery } from '../ui.js';

export const LEVELS = ['jpt_pratama', 'administrator', 'pengawas'];

function groupByUnit(positions) {
  const groups = new Map();
  for (const p of positions) {
    const key = p.unit?.code ?? '';
    if (!groups.has(key)) groups.set(key, { unit: p.unit, positions: [] });
    groups.get(key).positions.push(p);
  }
  return [...groups.values()].sort((a, b) => (a.unit?.name ?? '').localeCompare(b.unit?.name ?? ''));
}

export function Posts() {
  const [level, setLevel] = useState('jpt_pratama');
  const [vacantOnly, setVacantOnly] = useState(true);
  const [unitFilter, setUnitFilter] = useState('');
  const [more, setMore] = useState({ key: '', items: [], cursor: null, error: null });
  const variables = { vacant: vacantOnly ? true : null, level: level || null, first: 100 };
  const key = JSON.stringify(variables);
  const { data, error, loading } = useQuery(POSITIONS, variables, key);
  const extra = more.key === key ? more : { items: [], cursor: null, error: null };
  const positions = [...nodes(data?.positions), ...extra.items];
  const pageInfo = extra.cursor ?? data?.positions?.pageInfo;
  const needle = unitFilter.trim().toLowerCase();
  const shown = needle ? positions.filter((p) => (p.unit?.name ?? '').toLowerCase().includes(needle)) : positions;

  const loadMore = async () => {
    try {
      const next = await request(POSITIONS, { ...variables, after: pageInfo.endCursor });
      setMore({ key, items: [...extra.items, ...nodes(next.positions)], cursor: next.positions.pageInfo, error: null });
    } catch (err) {
      setMore({ ...extra, key, error: err });
    }
  };

  return html`<section aria-labelledby="posts-title">
    <h1 id="posts-title">${t('posts.title')}</h1>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <${Field} id="posts-level" label=${t('posts.level')}>
        <select id="posts-level" value=${level} onChange=${(e) => setLevel(e.currentTarget.value)}>
          <option value="">${t('posts.allLevels')}</option>
          ${LEVELS.map((l) => html`<option value=${l}>${tCode('level', l)}</option>`)}
        </select>
      <//>
      <${Field} id="posts-unit" label=${t('posts.unit')}>
        <input id="posts-unit" type="search" value=${unitFilter} onInput=${(e) => setUnitFilter(e.currentTarget.value)} />
      <//>
      <div class="field field-check">
        <input type="checkbox" id="posts-vacant" checked=${vacantOnly}
          onChange=${(e) => setVacantOnly(e.currentTarget.checked)} />
        <label for="posts-vacant">${t('posts.vacantOnly')}</label>
      </div>
    </form>
    <${ErrorMessage} error=${error || extra.error} />
    ${loading && !data && html`<${Loading} />`}
    ${data &&
    html`<p class="muted" data-testid="posts-count">
      ${t('posts.count', { shown: shown.length, total: data.positions?.totalCount ?? positions.length })}
    </p>`}
    ${data && shown.length === 0 && html`<${Empty}>${t('posts.empty')}<//>`}
    ${groupByUnit(shown).map(
      (group) => html`<section class="unit-group" aria-label=${group.unit?.name ?? ''}>
        <h2>${group.unit?.name ?? '—'}</h2>
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
    ${pageInfo?.hasNextPage &&
    html`<p><button type="button" class="btn btn-secondary" data-testid="posts-more" onClick=${loadMore}>
      ${t('common.loadMore')}
    </button></p>`}
  </section>`;
}
