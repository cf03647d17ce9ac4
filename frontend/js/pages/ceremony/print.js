// The print views of a ceremony: per appointee the Berita Acara Pelantikan and the Berita Acara
// Pengambilan Sumpah/Janji Jabatan in three copies, always in Bahasa Indonesia (documents.js), each
// sheet marked DRAFT until the inauguration (or, for the oath's record, the oath) is recorded.
// Only ceremony.js imports this module.
import { html, useState } from '../../lib.js';
import { fmtDate, t, tCode } from '../../i18n.js';
import * as Q from '../../queries.js';
import { href } from '../../router.js';
import { Empty, ErrorMessage, Field, Loading, formatNip, useQuery } from '../../ui.js';
import { COPIES, DOC, dateShort, opening } from '../../../i18n/documents.js';

export const RELIGIONS = ['islam', 'kristen', 'katolik', 'hindu', 'buddha', 'khonghucu'];

function Signature({ role, name, nip }) {
  return html`<div class="signature">
    <div>${role}</div>
    <div class="signature-space"></div>
    <div class="signature-name">${name || '(…………………………)'}</div>
    ${nip && html`<div>NIP ${formatNip(nip)}</div>`}
  </div>`;
}

function Identity({ n }) {
  const e = n.nominee ?? {};
  return html`<table class="doc-identity">
    <tbody>
      <tr><td>${DOC.name}</td><td>:</td><td>${e.name ?? ''}</td></tr>
      <tr><td>${DOC.nip}</td><td>:</td><td>${formatNip(e.nip)}</td></tr>
      <tr><td>${DOC.rank}</td><td>:</td><td>${e.golongan ?? ''}</td></tr>
      <tr><td>${DOC.post}</td><td>:</td><td>${n.position?.title ?? ''}</td></tr>
      <tr><td>${DOC.unit}</td><td>:</td><td>${n.position?.unit?.name ?? ''}</td></tr>
      <tr><td>${DOC.tmt}</td><td>:</td><td>${dateShort(n.effectiveDate)}</td></tr>
    </tbody>
  </table>`;
}

function witnessesOf(n) {
  const w = n.oath?.witnesses ?? [];
  return [w[0] ?? {}, w[1] ?? {}];
}

/** Every sheet of a Berita Acara that is not final yet carries the DRAFT mark (a watermark and a line). */
function DraftMark({ draft }) {
  return draft ? html`<p class="doc-draft" data-testid="draft-mark">${DOC.draft}</p>` : null;
}

function BaPelantikan({ ceremony, n }) {
  const [w1, w2] = witnessesOf(n);
  const draft = !n.documentFinal;
  return html`<article class=${draft ? 'document draft' : 'document'} data-testid="ba-pelantikan" lang="id"
      data-draft=${draft ? 'true' : 'false'}>
    <${DraftMark} draft=${draft} />
    <h2 class="doc-title">${DOC.baPelantikan}</h2>
    <p class="doc-number">${DOC.number}: ……………………</p>
    <p>${opening('pelantikan', { ...ceremony, decreeNumber: n.decreeNumber, decreeDate: n.decreeDate })}</p>
    <${Identity} n=${n} />
    <p>${DOC.witnesses}: 1. ${w1.name ?? '……………'} 2. ${w2.name ?? '……………'}</p>
    <p>${DOC.closing}</p>
    <div class="signatures">
      <${Signature} role=${DOC.appointee} name=${n.nominee?.name} nip=${n.nominee?.nip} />
      <${Signature} role=${DOC.officiant} name=${ceremony.officiant} />
    </div>
    <${WitnessSignatures} witnesses=${[w1, w2]} />
  </article>`;
}

/** The two witnesses' signature blocks, the same on both Berita Acara. */
function WitnessSignatures({ witnesses }) {
  return html`<div class="signatures">
    ${witnesses.map((w, i) => html`<${Signature} role=${`${DOC.witnesses} ${i + 1}`} name=${w.name} nip=${w.nip} />`)}
  </div>`;
}

/** The oath's wording as the server has it: the recorded text once the oath is taken, before that
 * the server's draft — for the recorded religion, the pledge, or (no religion recorded) the form chosen. */
function OathText({ text }) {
  return html`<blockquote class="oath" data-testid="oath-text"><p>“${text ?? '……………'}”</p></blockquote>`;
}

function BaSumpah({ ceremony, n, copy, text }) {
  const [w1, w2] = witnessesOf(n);
  const clergy = n.oath ? (n.oath.pledge ? '—' : n.oath.clergyName) : null;
  const draft = !n.oath; // the oath's record is final once the oath is recorded
  return html`<article class=${draft ? 'document draft' : 'document'} data-testid="ba-sumpah" lang="id"
      data-draft=${draft ? 'true' : 'false'}>
    <${DraftMark} draft=${draft} />
    <p class="doc-copy">${copy}</p>
    <h2 class="doc-title">${DOC.baSumpah}</h2>
    <p class="doc-number">${DOC.number}: ……………………</p>
    <p>${opening('sumpah', { ...ceremony, decreeNumber: n.decreeNumber, decreeDate: n.decreeDate })}</p>
    <${Identity} n=${n} />
    <${OathText} text=${text} />
    <p data-testid="oath-clergy">${DOC.clergy}: ${clergy ?? '……………'}</p>
    <p data-testid="oath-witnesses">${DOC.witnesses}: 1. ${w1.name ?? '……………'} 2. ${w2.name ?? '……………'}</p>
    <p>${DOC.copies} ${DOC.closing}</p>
    <div class="signatures">
      <${Signature} role=${DOC.swornIn} name=${n.nominee?.name} nip=${n.nominee?.nip} />
      <${Signature} role=${DOC.officiantOath} name=${ceremony.officiant} />
    </div>
    <${WitnessSignatures} witnesses=${[w1, w2]} />
  </article>`;
}

/** Only when no religion is recorded (or the viewer may not read it) and the oath is not yet taken:
 * the operator picks the form, and the server words it. */
function ChosenOathText({ n, choice, children }) {
  const pledge = choice === 'pledge' || choice === '';
  const { data } = useQuery(Q.OATH_DRAFT, { id: n.id, religion: pledge ? null : choice, pledge });
  return children(data?.nomination?.oathDraft ?? n.pledgeDraft);
}

function AppointeeDocs({ ceremony, n }) {
  const [pledge, setPledge] = useState(false);
  const [choice, setChoice] = useState('');
  const copies = (text) => COPIES.map((copy) => html`<${BaSumpah} ceremony=${ceremony} n=${n} copy=${copy} text=${text} />`);
  let form = null;
  let documents;
  if (n.oath) {
    documents = copies(n.oath.text);
  } else if (n.nominee?.religion) {
    const fieldId = `pledge-print-${n.id}`;
    form = html`<div>
      <input type="checkbox" id=${fieldId} checked=${pledge} onChange=${(e) => setPledge(e.currentTarget.checked)} />
      <label for=${fieldId}>${t('ceremony.takesPledge', { name: n.nominee?.name ?? '' })}</label>
    </div>`;
    documents = copies(pledge ? n.pledgeDraft : n.oathDraft);
  } else {
    const fieldId = `religion-${n.id}`;
    form = html`<${Field} id=${fieldId} label=${t('ceremony.oathFor', { name: n.nominee?.name ?? '' })}
      hint=${t('ceremony.oathHintUnknown')}>
      <select id=${fieldId} value=${choice} onChange=${(e) => setChoice(e.currentTarget.value)}>
        <option value="">${t('ceremony.pledge')}</option>
        ${RELIGIONS.map((r) => html`<option value=${r}>${tCode('religion', r)}</option>`)}
      </select>
    <//>`;
    documents = html`<${ChosenOathText} n=${n} choice=${choice}>${(text) => copies(text)}<//>`;
  }
  return html`<div class="appointee-docs" data-testid="appointee-docs" data-recorded=${n.oath ? 'true' : 'false'}>
    ${form && html`<div class="no-print panel">${form}</div>`}
    <${BaPelantikan} ceremony=${ceremony} n=${n} />
    ${documents}
  </div>`;
}

export function CeremonyPrint({ id }) {
  const { data, error, loading } = useQuery(Q.CEREMONY, { id: Number.parseInt(id, 10) });
  const c = data?.ceremony;
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  if (!c) return html`<${Empty}>${t('ceremony.notFound')}<//>`;
  return html`<section class="print-views" aria-labelledby="print-title">
    <div class="no-print">
      <p><a href=${href(`/ceremonies/${c.id}`)}>← ${t('ceremony.title', { date: fmtDate(c.date) })}</a></p>
      <h1 id="print-title">${t('ceremony.printViews')}</h1>
      <p class="muted">${t('ceremony.printIntro')}</p>
      ${(c.nominations ?? []).some((n) => !n.documentFinal || !n.oath) &&
      html`<p class="alert alert-warn" data-testid="draft-note">${t('ceremony.draftNote')}</p>`}
      <button type="button" class="btn btn-primary" onClick=${() => window.print()}>${t('ceremony.print')}</button>
    </div>
    ${(c.nominations ?? []).length === 0 && html`<${Empty}>${t('ceremony.noAppointees')}<//>`}
    ${(c.nominations ?? []).map((n) => html`<${AppointeeDocs} key=${n.id} ceremony=${c} n=${n} />`)}
  </section>`;
}
