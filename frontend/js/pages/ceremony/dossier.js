// A nomination's dossier (berkas usulan) as a printable document, always in Bahasa Indonesia: the
// post, the nominee (name with titles, NIP, pangkat), the eligibility checks as the server judged
// them (the same query as the nomination page, so the access module decides what is hidden), and
// the approvals with the officials' names. Printed through the browser (frontend/documents.css).
import { html } from '../../lib.js';
import { CATALOGUES, t } from '../../i18n.js';
import * as Q from '../../queries.js';
import { href } from '../../router.js';
import { Empty, ErrorMessage, Loading, checkStatus, formatNip, useQuery } from '../../ui.js';
import { BLANK, DOSSIER, dateShort } from '../../../i18n/documents.js';
import { Letterhead } from './print.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A catalogue text in Indonesian whatever the screen language (the document is Indonesian). */
function indonesian(key, params = {}) {
  const entry = CATALOGUES.id[key];
  if (entry === undefined) return null;
  const text = typeof entry === 'function' ? entry(params) : entry;
  return text.replace(/\{(\w+)\}/g, (_, name) => {
    const value = params[name] ?? '';
    return ISO_DATE.test(String(value)) ? dateShort(String(value)) : String(value);
  });
}

function checkText(c) {
  if (c.passed === null || c.passed === undefined) return DOSSIER.hidden;
  const params = Object.fromEntries((c.params ?? []).map(({ name, value }) => [name, value]));
  return (c.key && indonesian(`reason.${c.key}`, params)) || c.detail || '';
}

function Rows({ rows }) {
  return html`<table class="dossier-table"><tbody>
    ${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td>${value || BLANK}</td></tr>`)}
  </tbody></table>`;
}

function Checks({ nominee, positionCode, asOf }) {
  const { data, error } = useQuery(Q.ELIGIBILITY, { nip: nominee.nip, positionCode, asOf: asOf ?? null });
  const result = data?.eligibility;
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (!result) return null;
  return html`<p data-testid="dossier-verdict"><strong>${result.eligible ? DOSSIER.eligible : DOSSIER.notEligible}</strong>${' '}(${DOSSIER.checksAsOf(result.asOf)})</p>
    <table class="dossier-table" data-testid="dossier-checks"><tbody>
      ${result.checks.map((c) => {
        const status = checkStatus(c);
        return html`<tr data-status=${status}>
          <td>${indonesian(`rule.${c.rule}`) ?? c.rule}</td><td>${DOSSIER.status[status]}</td><td>${checkText(c)}</td>
        </tr>`;
      })}
    </tbody></table>`;
}

function Approvals({ approvals }) {
  const current = (approvals ?? []).filter((a) => !a.void);
  if (current.length === 0) return html`<p>${DOSSIER.none}</p>`;
  return html`<table class="dossier-table" data-testid="dossier-approvals">
    <thead><tr><th>${DOSSIER.step}</th><th>${DOSSIER.official}</th><th>${DOSSIER.at}</th><th>${DOSSIER.letter}</th></tr></thead>
    <tbody>
      ${current.map(
        (a) => html`<tr>
          <td>${a.stepName}</td>
          <td>${a.official?.name ?? ''}${a.official?.actingFor ? `, ${DOSSIER.actingFor(a.official.actingFor.name)}` : ''}</td>
          <td>${dateShort(a.approvedAt)}</td>
          <td>${a.letterNumber ? `${a.letterNumber} (${dateShort(a.letterDate)})` : '—'}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

export function DossierPrint({ id }) {
  const nominationId = Number.parseInt(id, 10);
  const { data, error, loading } = useQuery(Q.NOMINATION_DOSSIER, { id: nominationId });
  const letterhead = useQuery(Q.LETTERHEAD, {});
  const n = data?.nomination;
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  if (!n) return html`<${Empty}>${t('dossier.notFound')}<//>`;
  const post = n.position ?? {};
  const nominee = n.nominee;
  return html`<section class="print-views" aria-labelledby="dossier-print-title" data-testid="dossier-print">
    <div class="no-print">
      <p><a href=${href(`/nominations/${n.id}`)}>← ${t('dossier.back')}</a></p>
      <h1 id="dossier-print-title">${t('dossier.printTitle')}</h1>
      <p class="muted">${t('dossier.intro')}</p>
      <button type="button" class="btn btn-primary" onClick=${() => window.print()}>${t('ceremony.print')}</button>
    </div>
    <article class="document" data-testid="dossier-document" lang="id">
      <${Letterhead} letterhead=${letterhead.data?.letterhead} />
      <div class="doc-heading"><h2 class="doc-title">${DOSSIER.title}</h2>
        <p class="doc-number">${DOSSIER.nomination}: ${n.id} · ${DOSSIER.kind[String(n.kind).toLowerCase()] ?? n.kind}</p></div>
      <h3 class="dossier-section">${DOSSIER.post}</h3>
      <${Rows} rows=${[
        ['Jabatan', post.title],
        ['Unit kerja', post.unit?.name],
        ['Eselon', post.eselon],
      ]} />
      <h3 class="dossier-section">${DOSSIER.nominee}</h3>
      ${nominee
        ? html`<${Rows} rows=${[
            ['Nama', nominee.fullName ?? nominee.name],
            ['NIP', formatNip(nominee.nip)],
            ['Golongan', nominee.golongan],
          ]} />
          <h3 class="dossier-section">${DOSSIER.checks}</h3>
          ${nominee.birthDate
            ? html`<${Checks} nominee=${nominee} positionCode=${post.code} asOf=${n.plannedDate} />`
            : html`<p>${DOSSIER.hidden}</p>`}`
        : html`<p>${BLANK}</p>`}
      <h3 class="dossier-section">${DOSSIER.approvals}</h3>
      <${Approvals} approvals=${n.approvals} />
    </article>
  </section>`;
}
