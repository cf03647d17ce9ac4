// One post (jabatan): incumbent, succession candidates, the ranked candidates page by page (each
// expanding to every eligibility check) and, beside them, those close to eligible with the rule that
// failed and the day they qualify (decided by the server's rules); opening a nomination for it.
import { html, useState } from '../lib.js';
import { fmtNumber, t, tCode } from '../i18n.js';
import { mutate } from '../gql.js';
import { CANDIDATES, CREATE_NOMINATION, NEAR_CANDIDATES, POSITION, POST_NOMINATIONS, SUCCESSION } from '../queries.js';
import { href, navigate } from '../router.js';
import { ExportLink, Pager, usePagedList } from '../list-controls.js';
import { QualifiesOn, WarningNotes, isWarning, param, yearsMonths } from '../talent-parts.js';
import {
  CheckList,
  Empty,
  ErrorMessage,
  Field,
  Hidden,
  Loading,
  StateBadge,
  checkDetail,
  nodes,
  useQuery,
} from '../ui.js';

const RANKING_PAGE = 20;
const NEAR_PAGE = 10;

/** The value of one score part as a person reads it: JPM in %, the box, the SKP predicates of the years
 * the rule reads, years and months at the level. */
function partValue(part, candidate) {
  if (part.value === null || part.value === undefined) return html`<${Hidden} />`;
  switch (part.name) {
    case 'jpm':
      return `${fmtNumber(part.value, 1)}%`;
    case 'ninebox':
      return t('talent.box', { box: part.value });
    case 'skp': {
      const skp = (candidate.eligibility?.checks ?? []).find((c) => c.rule === 'skp');
      return param(skp, 'years') ?? fmtNumber(part.value, 2);
    }
    case 'years_at_level':
      return yearsMonths(part.value);
    default:
      return fmtNumber(part.value, 2);
  }
}

function CandidateRow({ candidate, index }) {
  const [open, setOpen] = useState(false);
  const e = candidate.employee ?? {};
  const panelId = `cand-${index}`;
  const parts = candidate.scoreParts ?? [];
  // Points only when the JPM's are visible: with the JPM hidden, the other parts' points and the
  // weights would give it back from the score (issue 11).
  const jpmShown = parts.some((p) => p.name === 'jpm' && p.points !== null && p.points !== undefined);
  const checks = candidate.eligibility?.checks ?? [];
  return html`<li class="candidate" data-testid="candidate" data-nip=${e.nip}>
    <div class="candidate-head">
      <span class="rank">${candidate.rank}</span>
      <a class="candidate-name" href=${href(`/employees/${e.nip}`)}>${e.name}</a>
      ${e.nineBox?.box && html`<span class="badge box-chip" data-testid="box-chip">${t('talent.box', { box: e.nineBox.box })}</span>`}
      <span class="muted small">${e.golongan ?? ''} ${e.position?.title ? `· ${e.position.title}` : ''}</span>
      <span class="score" data-testid="candidate-score">${t('candidates.score')}:
        ${jpmShown && candidate.score !== null ? fmtNumber(candidate.score, 2) : html`<${Hidden} />`}</span>
    </div>
    <p class="candidate-verdict"><span class="badge badge-ok" data-testid="eligible-badge">${t('candidates.eligible')}</span></p>
    <${WarningNotes} checks=${checks} />
    <dl class="parts">
      ${parts.map(
        (p) => html`<div title=${checkDetail(p) ?? ''} data-part=${p.name}><dt>${tCode('part', p.name)}</dt><dd>
          ${partValue(p, candidate)}
          ${jpmShown && p.points !== null && p.points !== undefined
            ? html` <span class="muted">→ ${fmtNumber(p.points, 2)} ${t('candidates.points')}</span>`
            : ''}
        </dd></div>`,
      )}
    </dl>
    <button type="button" class="btn btn-ghost btn-small" aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${panelId} onClick=${() => setOpen(!open)}>
      ${open ? t('candidates.hideChecks') : t('candidates.showChecks')}
    </button>
    ${open && html`<div id=${panelId}><${CheckList} checks=${checks.filter((c) => !isWarning(c))} /></div>`}
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

function NearList({ positionCode }) {
  const list = usePagedList(NEAR_CANDIDATES, { positionCode }, 'nearCandidates', NEAR_PAGE);
  return html`<section aria-labelledby="near-title" data-testid="near-candidates">
    <h2 id="near-title">${t('near.title')}</h2>
    <p class="muted small">${t('near.intro')}</p>
    <${ErrorMessage} error=${list.error} />
    ${list.loading && !list.data && html`<${Loading} />`}
    ${list.data &&
    (list.items.length === 0
      ? html`<${Empty}>${t('near.none')}<//>`
      : html`<ul class="plain near-list">
          ${list.items.map(
            (n) => html`<li class="near" data-testid="near" data-nip=${n.employee?.nip}>
              <a href=${href(`/employees/${n.employee?.nip}`)}>${n.employee?.name}</a>
              <span class="muted small"> ${n.employee?.golongan ?? ''}${n.employee?.position?.title ? ` · ${n.employee.position.title}` : ''}</span>
              <ul class="plain near-failing">
                ${(n.failing ?? []).map(
                  (c) => html`<li data-rule=${c.rule}><strong>${tCode('rule', c.rule)}</strong> — ${checkDetail(c) ?? html`<${Hidden} />`}</li>`,
                )}
              </ul>
              <${QualifiesOn} on=${n.qualifiesOn} assumed=${n.assumedSkpYears} />
            </li>`,
          )}
        </ul>`)}
    <${Pager} list=${list} name="near" noun="near.noun" />
  </section>`;
}

function Ranking({ positionCode }) {
  const list = usePagedList(CANDIDATES, { positionCode }, 'candidates', RANKING_PAGE);
  return html`<section aria-labelledby="ranking-title" data-testid="ranking">
    <h2 id="ranking-title">${t('post.candidates')}</h2>
    <p class="muted">${t('post.candidatesIntro')}</p>
    <${ErrorMessage} error=${list.error} />
    ${list.loading && !list.data && html`<${Loading} />`}
    ${list.data && html`<${CandidateList} candidates=${list.items} />`}
    <${Pager} list=${list} name="ranking" noun="candidates.noun" />
    <${ExportLink} what="ranking" variables=${{ positionCode }} />
  </section>`;
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
  const ranked = useQuery(SUCCESSION, { positionCode: code });
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
            (c) => html`<li data-testid="successor"><a href=${href(`/employees/${c.employee.nip}`)}>${c.employee.name}</a>${' '}
              <span class="badge box-chip" data-testid="box-chip">${t('talent.box', { box: c.employee.nineBox.box })}</span>${' '}
              <span class="muted small">${t('post.rankOf', { rank: c.rank })}</span></li>`,
          )}
        </ul>`)}
    <div class="grid-2 ranking-grid">
      <${Ranking} positionCode=${p.code} />
      <${NearList} positionCode=${p.code} />
    </div>
  </section>`;
}
