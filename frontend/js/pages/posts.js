// Jabatan: vacancies grouped by unit, filterable by level; a post's page with incumbent,
// succession candidates and the ranked candidates, each expanding to every eligibility check.
import { html, useState } from '../lib.js';
import { fmtNumber, t, tCode } from '../i18n.js';
import { mutate, request } from '../gql.js';
import { CANDIDATES, CREATE_NOMINATION, POSITION, POSITIONS, POST_NOMINATIONS } from '../queries.js';
import { href, navigate } from '../router.js';
import { CheckList, Empty, ErrorMessage, Field, Hidden, Loading, MaybeHidden, StateBadge, nodes, useQuery } from '../ui.js';

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

function CandidateRow({ candidate, index }) {
  const [open, setOpen] = useState(false);
  const e = candidate.employee ?? {};
  const panelId = `cand-${index}`;
  return html`<li class="candidate" data-testid="candidate" data-nip=${e.nip}>
    <div class="candidate-head">
      <span class="rank">${candidate.rank}</span>
      <a href=${href(`/employees/${e.nip}`)}>${e.name}</a>
      <span class="muted small">${e.golongan ?? ''} ${e.position?.title ? `· ${e.position.title}` : ''}</span>
      <span class="score" data-testid="candidate-score">${t('candidates.score')}: <${MaybeHidden} value=${candidate.score} /></span>
      <button type="button" class="btn btn-ghost btn-small" aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${panelId} onClick=${() => setOpen(!open)}>
        ${open ? t('candidates.hideChecks') : t('candidates.showChecks')}
      </button>
    </div>
    <dl class="parts">
      ${(candidate.scoreParts ?? []).map(
        (p) => html`<div title=${p.detail ?? ''}><dt>${tCode('part', p.name)}</dt><dd>${
          p.points === null || p.points === undefined
            ? html`<${Hidden} />`
            : html`${p.value === null || p.value === undefined ? '—' : fmtNumber(p.value, 2)}
                <span class="muted">→ ${fmtNumber(p.points, 2)} ${t('candidates.points')}</span>`
        }</dd></div>`,
      )}
    </dl>
    ${open && html`<div id=${panelId}><${CheckList} checks=${candidate.eligibility?.checks} /></div>`}
  </li>`;
}

export function CandidateList({ candidates }) {
  const list = candidates ?? [];
  if (list.length === 0) return html`<${Empty}>${t('candidates.none')}<//>`;
  return html`<ol class="candidates">${list.map((c, i) => html`<${CandidateRow} candidate=${c} index=${i} />`)}</ol>`;
}

/** The succession group of a key post: ranked, eligible people in the talent pool (boxes 7, 8, 9). */
export function successionOf(candidates) {
  return (candidates ?? []).filter((c) => [7, 8, 9].includes(c.employee?.nineBox?.box));
}

function CreateNomination({ positionCode }) {
  const [kind, setKind] = useState('PROMOTION');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const nomination = await mutate(CREATE_NOMINATION, { positionCode, kind }, 'createNomination');
      navigate(`/nominations/${nomination.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="inline-form" onSubmit=${submit} data-testid="create-nomination">
    <${Field} id="nomination-kind" label=${t('post.kind')}>
      <select id="nomination-kind" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
        ${['PROMOTION', 'ROTATION', 'TRANSFER'].map((k) => html`<option value=${k}>${tCode('kind', k)}</option>`)}
      </select>
    <//>
    <button type="submit" class="btn btn-primary" disabled=${busy}>${t('post.createNomination')}</button>
    <${ErrorMessage} error=${error} />
  </form>`;
}

export function Post({ code, me }) {
  const { data, error, loading } = useQuery(POSITION, { code });
  const ranked = useQuery(CANDIDATES, { positionCode: code, first: 20 });
  const history = useQuery(POST_NOMINATIONS, { positionCode: code });
  const nominations = nodes(history.data?.nominations);
  const closed = history.data?.workflow?.closed ?? [];
  const open = nominations.filter((n) => !closed.includes(n.state));
  const p = data?.position;
  const candidates = nodes(ranked.data?.candidates);
  const isOperator = (me.roles ?? []).some((r) => r === 'operator' || r === 'admin');
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  if (!p) return html`<${Empty}>${t('post.notFound')}<//>`;
  const succession = successionOf(candidates);
  return html`<section aria-labelledby="post-title">
    <p><a href=${href('/posts')}>← ${t('nav.posts')}</a></p>
    <h1 id="post-title">${p.title}</h1>
    <dl class="facts">
      <div><dt>${t('post.unit')}</dt><dd>${p.unit?.name}</dd></div>
      <div><dt>${t('post.level')}</dt><dd>${tCode('level', p.level)}${p.eselon ? ` (${p.eselon})` : ''}</dd></div>
      <div><dt>${t('post.incumbent')}</dt><dd data-testid="incumbent">
        ${p.vacant || !p.incumbent
          ? html`<span class="badge badge-warn">${t('posts.vacant')}</span>`
          : html`<a href=${href(`/employees/${p.incumbent.nip}`)}>${p.incumbent.name}</a>
              <span class="muted small"> ${p.incumbent.golongan ?? ''}</span>`}
      </dd></div>
      <div><dt>${t('post.key')}</dt><dd>${p.isKey ? t('common.yes') : t('common.no')}</dd></div>
    </dl>
    ${nominations.length > 0 &&
    html`<ul class="plain" data-testid="post-nominations">
      ${nominations.map(
        (n) => html`<li><a href=${href(`/nominations/${n.id}`)}>${t('nomination.title', { id: n.id })}</a>
          <${StateBadge} state=${n.state} /> ${n.nominee?.name ?? ''}</li>`,
      )}
    </ul>`}
    ${isOperator && p.vacant && history.data && open.length === 0 && html`<${CreateNomination} positionCode=${p.code} />`}
    <h2>${t('post.succession')}</h2>
    <p class="muted small">${t('post.successionIntro')}</p>
    ${ranked.data &&
    (succession.length === 0
      ? html`<${Empty}>${t('post.noSuccession')}<//>`
      : html`<ul class="plain" data-testid="succession">
          ${succession.map(
            (c) => html`<li><a href=${href(`/employees/${c.employee.nip}`)}>${c.employee.name}</a>
              <span class="badge">${t('talent.box', { box: c.employee.nineBox.box })}</span>
              <span class="muted small"> ${t('post.rankOf', { rank: c.rank })}</span></li>`,
          )}
        </ul>`)}
    <h2>${t('post.candidates')}</h2>
    <p class="muted">${t('post.candidatesIntro')}</p>
    <${ErrorMessage} error=${ranked.error} />
    ${ranked.loading && !ranked.data && html`<${Loading} />`}
    ${ranked.data && html`<${CandidateList} candidates=${candidates} />`}
  </section>`;
}
