// One post (jabatan): incumbent, succession candidates and the ranked candidates, each expanding to
// every eligibility check; opening a nomination for it.
import { html, useState } from '../lib.js';
import { fmtNumber, t, tCode } from '../i18n.js';
import { mutate } from '../gql.js';
import { CANDIDATES, CREATE_NOMINATION, POSITION, POST_NOMINATIONS } from '../queries.js';
import { href, navigate } from '../router.js';
import {
  CheckList,
  Empty,
  ErrorMessage,
  Field,
  Hidden,
  Loading,
  MaybeHidden,
  StateBadge,
  nodes,
  useQuery,
} from '../ui.js';

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
