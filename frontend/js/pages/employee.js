// One employee's profile: job-history timeline, rank, education, training, SKP by year, competencies
// against the standard (an SVG bar chart) and discipline when returned; the eligibility summary per
// level, "Periksa kelayakan untuk jabatan …" for staff, and — on one's own profile, an employee's
// home — the nominations about oneself.
import { html, useState } from '../lib.js';
import { fmtDate, fmtNumber, t, tCode } from '../i18n.js';
import { ELIGIBILITY_FOR, EMPLOYEE, MY_NOMINATIONS, OUTLOOK, POST_SEARCH } from '../queries.js';
import { href } from '../router.js';
import { CheckList, Empty, ErrorMessage, Hidden, Loading, StateBadge, checkDetail, formatNip, nodes, useQuery } from '../ui.js';
import { QualifiesOn, WarningNotes, isWarning } from '../talent-parts.js';

// Why the person is not on the nine-box, in the reader's language (the reason's key and params).
const unmappedReason = (box) => box && checkDetail({ key: box.reasonKey, params: box.reasonParams, detail: box.reason });

function Verdict({ eligible }) {
  if (eligible === null || eligible === undefined) return html`<${Hidden} />`;
  return eligible
    ? html`<span class="badge badge-ok" data-testid="verdict" data-eligible="true">${t('candidates.eligible')}</span>`
    : html`<span class="badge badge-warn" data-testid="verdict" data-eligible="false">${t('check.notEligible')}</span>`;
}

/** A verdict with every check (warnings as amber notes) and, when not eligible, the day the rules
 * say the person qualifies if time alone passes. */
function VerdictDetail({ result }) {
  const checks = result.checks ?? [];
  return html`<div class="verdict-detail">
    <p><${Verdict} eligible=${result.eligible} />
      ${result.eligible === false && html` · <${QualifiesOn} on=${result.qualifiesOn} />`}</p>
    <${WarningNotes} checks=${checks} />
    <${CheckList} checks=${checks.filter((c) => !isWarning(c))} />
  </div>`;
}

function Outlook({ nip }) {
  const { data, error, loading } = useQuery(OUTLOOK, { nip });
  const levels = data?.eligibilityOutlook ?? [];
  return html`<section aria-labelledby="outlook-title" data-testid="outlook">
    <h2 id="outlook-title">${t('outlook.title')}</h2>
    <p class="muted small">${t('outlook.intro')}</p>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    <ul class="plain outlook">
      ${levels.map((o) => {
        const failing = (o.checks ?? []).filter((c) => c.passed === false && !isWarning(c));
        return html`<li data-testid="outlook-level" data-level=${o.level}>
          <strong>${tCode('level', o.level)}</strong> <${Verdict} eligible=${o.eligible} />
          ${o.eligible === false && html` · <${QualifiesOn} on=${o.qualifiesOn} />`}
          ${failing.length > 0 &&
          html`<div class="muted small">${t('outlook.failing')}: ${failing.map((c) => tCode('rule', c.rule)).join(', ')}</div>`}
        </li>`;
      })}
    </ul>
  </section>`;
}

function PostVerdict({ nip, code }) {
  const { data, error, loading } = useQuery(ELIGIBILITY_FOR, { nip, positionCode: code });
  return html`<${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${data?.eligibility && html`<${VerdictDetail} result=${data.eligibility} />`}`;
}

function EligibilityForPost({ nip }) {
  const [search, setSearch] = useState('');
  const [post, setPost] = useState(null);
  const found = useQuery(POST_SEARCH, { search: search.trim() || null });
  const posts = nodes(found.data?.positions);
  return html`<section aria-labelledby="check-post-title" data-testid="check-post">
    <h2 id="check-post-title">${t('checkPost.title')}</h2>
    <div class="field">
      <label for="check-post-search">${t('checkPost.search')}</label>
      <input id="check-post-search" type="search" value=${search} placeholder=${t('checkPost.placeholder')}
        onInput=${(e) => setSearch(e.currentTarget.value)} />
    </div>
    <${ErrorMessage} error=${found.error} />
    ${posts.length > 0 &&
    html`<ul class="plain post-options" role="listbox" aria-label=${t('checkPost.results')}>
      ${posts.map(
        (p) => html`<li role="option" aria-selected=${String(post?.code === p.code)}>
          <button type="button" class="btn btn-ghost btn-small" data-testid="post-option" data-code=${p.code}
            onClick=${() => setPost(p)}>${p.title}</button>
          <span class="muted small"> ${tCode('level', p.level)}${p.eselon ? ` (${p.eselon})` : ''} · ${p.unit?.name ?? ''}</span>
        </li>`,
      )}
    </ul>`}
    ${post &&
    html`<div class="panel" data-testid="post-verdict" aria-live="polite">
      <h3>${t('checkPost.for', { post: post.title })}</h3>
      <${PostVerdict} nip=${nip} code=${post.code} />
    </div>`}
  </section>`;
}

function MyNominations() {
  const { data, error } = useQuery(MY_NOMINATIONS, {});
  const items = nodes(data?.nominations);
  return html`<section aria-labelledby="mine-title" data-testid="my-nominations">
    <h2 id="mine-title">${t('mine.title')}</h2>
    <${ErrorMessage} error=${error} />
    ${data &&
    (items.length === 0
      ? html`<${Empty}>${t('mine.none')}<//>`
      : html`<ul class="plain">
          ${items.map(
            (n) => html`<li><a href=${href(`/nominations/${n.id}`)}>${t('nomination.title', { id: n.id })}</a>
              ${n.position?.title ? ` · ${n.position.title} ` : ' '}<${StateBadge} state=${n.state} /></li>`,
          )}
        </ul>`)}
  </section>`;
}

export function CompetencyChart({ competencies }) {
  const rows = (competencies ?? []).map((c) => ({ ...c, name: c.name ?? c.competency }));
  if (rows.length === 0) return null;
  const rowHeight = 26;
  const labelWidth = 230;
  const barWidth = 250;
  const scale = (v) => (Math.max(0, Math.min(5, v ?? 0)) / 5) * barWidth;
  const height = rows.length * rowHeight + 30;
  return html`<figure class="chart">
    <svg viewBox=${`0 0 ${labelWidth + barWidth + 60} ${height}`} role="img"
      aria-label=${t('profile.chartLabel')} data-testid="competency-chart">
      ${[0, 1, 2, 3, 4, 5].map(
        (v) => html`<g>
          <line x1=${labelWidth + scale(v)} x2=${labelWidth + scale(v)} y1="0" y2=${height - 22} class="grid" />
          <text x=${labelWidth + scale(v)} y=${height - 8} class="axis" text-anchor="middle">${v}</text>
        </g>`,
      )}
      ${rows.map((c, i) => {
        const y = i * rowHeight + 4;
        const below = (c.level ?? 0) < (c.standard ?? 0);
        return html`<g>
          <text x=${labelWidth - 8} y=${y + 14} text-anchor="end" class="label">${tCode('competency', c.name)}</text>
          <rect x=${labelWidth} y=${y} width=${scale(c.level)} height="16" class=${below ? 'bar bar-below' : 'bar'} />
          <line x1=${labelWidth + scale(c.standard)} x2=${labelWidth + scale(c.standard)} y1=${y - 3} y2=${y + 19}
            class="standard" />
          <text x=${labelWidth + barWidth + 8} y=${y + 14} class="value">${c.level} / ${c.standard}</text>
        </g>`;
      })}
    </svg>
    <figcaption class="muted small">${t('profile.chartCaption')}</figcaption>
  </figure>`;
}

// The server decides the category with the thresholds in force (admins can change them), so the
// page only translates the official term it receives.
const JPM_CATEGORY_KEYS = {
  'Memenuhi Syarat': 'jpm.memenuhi',
  'Masih Memenuhi Syarat': 'jpm.masih',
  'Kurang Memenuhi Syarat': 'jpm.kurang',
};

function jpmCategory(category) {
  return category ? t(JPM_CATEGORY_KEYS[category] || category) : '';
}

function Timeline({ rows }) {
  if (!rows?.length) return html`<${Empty}>${t('profile.noRows')}<//>`;
  const sorted = [...rows].sort((a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? ''));
  return html`<ol class="timeline" data-testid="job-timeline">
    ${sorted.map(
      (r) => html`<li>
        <div class="timeline-when">${fmtDate(r.startDate)} – ${r.endDate ? fmtDate(r.endDate) : t('profile.now')}</div>
        <div class="timeline-what"><strong>${r.title}</strong> · ${tCode('level', r.level)}</div>
        <div class="muted small">${r.unitName ?? ''}${r.decreeNumber ? ` · ${t('profile.decree')} ${r.decreeNumber}` : ''}</div>
      </li>`,
    )}
  </ol>`;
}

export function EmployeeProfile({ nip, me }) {
  const { data, error, loading } = useQuery(EMPLOYEE, { nip });
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  const e = data?.employee;
  if (!e) return html`<${Empty}>${t('profile.notFound')}<//>`;
  const tp = e.talentProfile ?? {};
  const assessments = [...(tp.assessments ?? [])].sort((a, b) => (b.assessedOn ?? '').localeCompare(a.assessedOn ?? ''));
  const latest = assessments[0];
  const skp = [...(tp.skp ?? [])].sort((a, b) => b.year - a.year);
  const own = !!me?.employee?.nip && me.employee.nip === e.nip;
  const staff = (me?.roles ?? []).some((r) => r !== 'employee');
  return html`<article aria-labelledby="profile-title" class="profile">
    <h1 id="profile-title">${e.name}</h1>
    <dl class="facts">
      <div><dt>NIP</dt><dd class="mono">${formatNip(e.nip)}</dd></div>
      <div><dt>${t('profile.rank')}</dt><dd>${e.golongan ?? '—'}</dd></div>
      <div><dt>${t('profile.post')}</dt><dd>${e.position?.title ?? '—'}</dd></div>
      <div><dt>${t('profile.unit')}</dt><dd>${e.unit?.name ?? '—'}</dd></div>
      <div><dt>${t('profile.education')}</dt><dd>${e.education ?? '—'}</dd></div>
      <div><dt>${t('profile.nineBox')}</dt><dd data-testid="profile-ninebox">
        ${e.nineBox?.box
          ? html`${t('talent.box', { box: e.nineBox.box })} · ${t(`talent.boxLabel.${e.nineBox.box}`)}`
          : html`<span class="muted">${t('profile.unmapped')}: ${unmappedReason(e.nineBox) ?? '—'}</span>`}
      </dd></div>
    </dl>
    ${own && html`<${MyNominations} />`}
    <div class="grid-2">
      <${Outlook} nip=${e.nip} />
      ${staff && html`<${EligibilityForPost} nip=${e.nip} />`}
    </div>
    <div class="grid-2">
      <section><h2>${t('profile.jobHistory')}</h2><${Timeline} rows=${tp.jobHistory} /></section>
      <section>
        <h2>${t('profile.skp')}</h2>
        ${skp.length === 0
          ? html`<${Empty}>${t('profile.noRows')}<//>`
          : html`<table class="table compact"><thead><tr><th scope="col">${t('profile.year')}</th>
              <th scope="col">${t('profile.predicate')}</th></tr></thead>
              <tbody>${skp.map((s) => html`<tr><td>${s.year}</td><td>${tCode('predicate', s.predicate)}</td></tr>`)}</tbody>
            </table>`}
        <h2>${t('profile.rankHistory')}</h2>
        ${(tp.rankHistory ?? []).length === 0
          ? html`<${Empty}>${t('profile.noRows')}<//>`
          : html`<ul class="plain">
              ${[...tp.rankHistory].sort((a, b) => (b.tmt ?? '').localeCompare(a.tmt ?? '')).map(
                (r) => html`<li>${r.golongan} · ${t('profile.tmt')} ${fmtDate(r.tmt)}</li>`,
              )}
            </ul>`}
        <h2>${t('profile.educationHistory')}</h2>
        ${(tp.education ?? []).length === 0
          ? html`<${Empty}>${t('profile.noRows')}<//>`
          : html`<ul class="plain">
              ${tp.education.map((r) => html`<li>${r.level} ${r.major ?? ''} <span class="muted">${r.institution ?? ''}</span></li>`)}
            </ul>`}
        <h2>${t('profile.training')}</h2>
        ${(tp.trainings ?? []).length === 0
          ? html`<${Empty}>${t('profile.noRows')}<//>`
          : html`<ul class="plain">
              ${tp.trainings.map((r) => html`<li>${r.name ?? tCode('training', r.kind)} · ${fmtDate(r.completedOn)}</li>`)}
            </ul>`}
      </section>
    </div>
    <section>
      <h2>${t('profile.competencies')}</h2>
      ${latest
        ? html`<p>${t('profile.jpm', { jpm: fmtNumber(latest.jpm, 1), date: fmtDate(latest.assessedOn) })}
${` · ${tCode('level', latest.targetLevel)} · `}<strong>${jpmCategory(latest.category)}</strong></p>
            <${CompetencyChart} competencies=${latest.scores} />`
        : html`<${Empty}>${tp.assessments === null ? t('profile.hiddenForRole') : t('profile.noAssessment')}<//>`}
    </section>
    ${tp.discipline &&
    html`<section>
      <h2>${t('profile.discipline')}</h2>
      ${tp.discipline.length === 0
        ? html`<${Empty}>${t('profile.noDiscipline')}<//>`
        : html`<ul class="plain">
            ${tp.discipline.map(
              (d) => html`<li>${tCode('severity', d.severity)} · ${d.penalty ?? ''} · ${fmtDate(d.startDate)} – ${fmtDate(d.endDate)}</li>`,
            )}
          </ul>`}
    </section>`}
  </article>`;
}
