// The print views of a ceremony: per appointee the Berita Acara Pelantikan and the Berita Acara
// Pengambilan Sumpah/Janji Jabatan in three copies, always in Bahasa Indonesia (documents.js), each
// sheet marked DRAFT until the inauguration (or, for the oath's record, the oath) is recorded.
// Every fact is the server's (Query.ceremonyDocuments and the nominations' oath texts); the print
// stylesheet (frontend/documents.css) starts each copy on its own page with the letterhead and keeps
// blocks and signatures whole. Only ceremony.js imports this module.
import { html, useState } from '../../lib.js';
import { fmtDate, t, tCode } from '../../i18n.js';
import * as Q from '../../queries.js';
import { href } from '../../router.js';
import { Empty, ErrorMessage, Field, Loading, formatNip, useQuery } from '../../ui.js';
import { BLANK, COPIES, DOC, dateShort, opening } from '../../../i18n/documents.js';

export const RELIGIONS = ['islam', 'kristen', 'katolik', 'hindu', 'buddha', 'khonghucu'];

/** The kop: the arms, "PEMERINTAH PROVINSI …" and the address, above a double rule. */
export function Letterhead({ letterhead }) {
  if (!letterhead) return null;
  return html`<header class="letterhead" data-testid="letterhead">
    ${letterhead.armsUrl && html`<img class="letterhead-arms" src=${letterhead.armsUrl} alt="" />`}
    <div class="letterhead-text">
      <div class="letterhead-government">${letterhead.governmentName}</div>
      ${letterhead.address && html`<div class="letterhead-address">${letterhead.address}</div>`}
    </div>
  </header>`;
}

function Signature({ role, name, nip }) {
  return html`<div class="signature" data-testid="signature">
    <div>${role}</div>
    <div class="signature-space"></div>
    <div class="signature-name">${name || '(…………………………)'}</div>
    <div>${nip ? `NIP ${formatNip(nip)}` : '\u00a0'}</div>
  </div>`;
}

/** The place-and-date line with the signatures under it: one block, never split across pages. */
function SignBlock({ placeDate, children }) {
  return html`<div class="doc-sign" data-testid="sign-block">
    <p class="place-date" data-testid="place-date">${placeDate}</p>
    <div class="signatures">${children}</div>
  </div>`;
}

function Identity({ n, doc }) {
  const rows = [
    [DOC.name, doc?.appointee?.name ?? n.nominee?.name],
    [DOC.nip, formatNip(doc?.appointee?.nip ?? n.nominee?.nip)],
    [DOC.rank, doc?.pangkatGolongan ?? n.nominee?.golongan],
    [DOC.post, doc?.postName ?? n.position?.title],
    [DOC.unit, doc?.unitName ?? n.position?.unit?.name],
    [DOC.tmt, dateShort(n.effectiveDate)],
  ];
  return html`<table class="doc-identity" data-testid="doc-identity">
    <tbody>${rows.map(([label, value]) => html`<tr><td>${label}</td><td>:</td><td>${value || BLANK}</td></tr>`)}</tbody>
  </table>`;
}

/** Saksi I and Saksi II: the recorded witnesses once the oath is taken, blanks before. */
function saksiOf(doc) {
  const recorded = doc?.saksi ?? [];
  return [recorded[0] ?? {}, recorded[1] ?? {}];
}

function SaksiList({ saksi, testid = 'saksi' }) {
  return html`<table class="doc-identity doc-saksi" data-testid=${testid}>
    <tbody>
      ${saksi.map(
        (s, i) => html`<tr><td>${DOC.saksi[i]}</td><td>:</td>
          <td>${s.name || BLANK}${s.nip ? `, NIP ${formatNip(s.nip)}` : ''}</td></tr>`,
      )}
    </tbody>
  </table>`;
}

/** Every sheet of a Berita Acara that is not final yet carries the DRAFT mark (a watermark and a line). */
function DraftMark({ draft }) {
  return draft ? html`<p class="doc-draft" data-testid="draft-mark">${DOC.draft}</p>` : null;
}

function Heading({ title, number }) {
  return html`<div class="doc-heading">
    <h2 class="doc-title">${title}</h2>
    <p class="doc-number" data-testid="doc-number">${DOC.number}: ${number || BLANK}</p>
  </div>`;
}

function BaPelantikan({ ceremony, docs, n, doc }) {
  const saksi = saksiOf(doc);
  const draft = !n.documentFinal;
  const facts = { ...ceremony, decreeLine: doc?.decreeLine };
  return html`<article class=${draft ? 'document draft' : 'document'} data-testid="ba-pelantikan" lang="id"
      data-draft=${draft ? 'true' : 'false'}>
    <${Letterhead} letterhead=${docs?.letterhead} />
    <${DraftMark} draft=${draft} />
    <${Heading} title=${DOC.baPelantikan} number=${docs?.documentNumber} />
    <p>${opening('pelantikan', facts)}</p>
    <${Identity} n=${n} doc=${doc} />
    <p>${DOC.inaugurated(doc?.postName ?? n.position?.title)}</p>
    <p>${DOC.witnesses}:</p>
    <${SaksiList} saksi=${saksi} />
    <p>${DOC.closing}</p>
    <${SignBlock} placeDate=${docs?.placeDateLine ?? BLANK}>
      <${Signature} role=${DOC.appointee} name=${doc?.appointee?.name ?? n.nominee?.name} nip=${n.nominee?.nip} />
      <${Signature} role=${DOC.officiant} name=${docs?.officiant?.name ?? ceremony.officiant} nip=${docs?.officiant?.nip} />
      ${saksi.map((s, i) => html`<${Signature} role=${`${DOC.saksi[i]},`} name=${s.name} nip=${s.nip} />`)}
    <//>
  </article>`;
}

/** The oath's wording as the server has it: the recorded text once the oath is taken, before that
 * the server's draft — for the recorded religion, the pledge, or (no religion recorded) the form
 * chosen. One line per clause, as the formula has them. */
function OathText({ text }) {
  return html`<blockquote class="oath" data-testid="oath-text"><p>“${text ?? BLANK}”</p></blockquote>`;
}

function BaSumpah({ ceremony, docs, n, doc, copy, text }) {
  const saksi = saksiOf(doc);
  const clergy = n.oath ? (n.oath.pledge ? '—' : n.oath.clergyName) : null;
  const draft = !n.oath; // the oath's record is final once the oath is recorded
  const facts = { ...ceremony, decreeLine: doc?.decreeLine };
  return html`<article class=${draft ? 'document draft' : 'document'} data-testid="ba-sumpah" lang="id"
      data-draft=${draft ? 'true' : 'false'}>
    <p class="doc-copy" data-testid="doc-copy">${copy}</p>
    <${Letterhead} letterhead=${docs?.letterhead} />
    <${DraftMark} draft=${draft} />
    <${Heading} title=${DOC.baSumpah} number=${docs?.documentNumber} />
    <p>${opening('sumpah', facts)}</p>
    <${Identity} n=${n} doc=${doc} />
    <p>${DOC.oathLeadIn(doc?.postName ?? n.position?.title)}</p>
    <${OathText} text=${text} />
    <p data-testid="oath-clergy">${DOC.clergy}: ${clergy ?? BLANK}</p>
    <p>${DOC.witnesses}:</p>
    <${SaksiList} saksi=${saksi} testid="oath-witnesses" />
    <p>${DOC.copies} ${DOC.closing}</p>
    <${SignBlock} placeDate=${docs?.placeDateLine ?? BLANK}>
      <${Signature} role=${DOC.swornIn} name=${doc?.appointee?.name ?? n.nominee?.name} nip=${n.nominee?.nip} />
      <${Signature} role=${DOC.officiantOath} name=${docs?.officiant?.name ?? ceremony.officiant} nip=${docs?.officiant?.nip} />
      ${saksi.map((s, i) => html`<${Signature} role=${`${DOC.saksi[i]},`} name=${s.name} nip=${s.nip} />`)}
    <//>
  </article>`;
}

/** Only when no religion is recorded (or the viewer may not read it) and the oath is not yet taken:
 * the operator picks the form, and the server words it. */
function ChosenOathText({ n, choice, children }) {
  const pledge = choice === 'pledge' || choice === '';
  const { data } = useQuery(Q.OATH_DRAFT, { id: n.id, religion: pledge ? null : choice, pledge });
  return children(data?.nomination?.oathDraft ?? n.pledgeDraft);
}

function AppointeeDocs({ ceremony, docs, n }) {
  const [pledge, setPledge] = useState(false);
  const [choice, setChoice] = useState('');
  const doc = (docs?.appointees ?? []).find((a) => a.nomination?.id === n.id);
  const copies = (text) =>
    COPIES.map(
      (copy) => html`<${BaSumpah} ceremony=${ceremony} docs=${docs} n=${n} doc=${doc} copy=${copy} text=${text} />`,
    );
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
    <${BaPelantikan} ceremony=${ceremony} docs=${docs} n=${n} doc=${doc} />
    ${documents}
  </div>`;
}

/** What the Berita Acara still lack, said on screen (never printed). */
function Missing({ docs, nominations }) {
  if (!docs) return null;
  const what = [];
  if (!docs.documentNumber) what.push(t('documents.missingNumber'));
  if (nominations.some((n) => !n.decreeNumber)) what.push(t('documents.missingDecree'));
  return html`${!docs.letterhead && html`<p class="alert alert-warn" data-testid="no-letterhead">${t('documents.noLetterhead')}</p>`}
    ${what.length > 0 && html`<p class="alert alert-warn" data-testid="documents-missing">${t('documents.missing', { what: what.join(', ') })}</p>`}`;
}

export function CeremonyPrint({ id }) {
  const ceremonyId = Number.parseInt(id, 10);
  const { data, error, loading } = useQuery(Q.CEREMONY, { id: ceremonyId });
  const documents = useQuery(Q.CEREMONY_DOCUMENTS, { id: ceremonyId });
  const c = data?.ceremony;
  const docs = documents.data?.ceremonyDocuments;
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if ((loading && !data) || (documents.loading && !documents.data)) return html`<${Loading} />`;
  if (!c) return html`<${Empty}>${t('ceremony.notFound')}<//>`;
  const nominations = c.nominations ?? [];
  return html`<section class="print-views" aria-labelledby="print-title" data-testid="print-views">
    <div class="no-print">
      <p><a href=${href(`/ceremonies/${c.id}`)}>← ${t('ceremony.title', { date: fmtDate(c.date) })}</a></p>
      <h1 id="print-title">${t('ceremony.printViews')}</h1>
      <p class="muted">${t('ceremony.printIntro')}</p>
      <${ErrorMessage} error=${documents.error} />
      <${Missing} docs=${docs} nominations=${nominations} />
      ${nominations.some((n) => !n.documentFinal || !n.oath) &&
      html`<p class="alert alert-warn" data-testid="draft-note">${t('ceremony.draftNote')}</p>`}
      <button type="button" class="btn btn-primary" onClick=${() => window.print()}>${t('ceremony.print')}</button>
    </div>
    ${nominations.length === 0 && html`<${Empty}>${t('ceremony.noAppointees')}<//>`}
    ${nominations.map((n) => html`<${AppointeeDocs} key=${n.id} ceremony=${c} docs=${docs} n=${n} />`)}
  </section>`;
}
