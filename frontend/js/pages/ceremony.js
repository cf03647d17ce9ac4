// Pelantikan: ceremonies; scheduling approved nominations with decree data; a dry run; conducting
// the ceremony; and the print views of the two Berita Acara (the oath one in three copies).
import { html, useState } from '../lib.js';
import { fmtDate, t, tCode } from '../i18n.js';
import { ApiError, mutate } from '../gql.js';
import * as Q from '../queries.js';
import { href, navigate } from '../router.js';
import {
  ActionButton,
  Empty,
  ErrorMessage,
  Field,
  Loading,
  Notice,
  StateBadge,
  WitnessFields,
  formatNip,
  nodes,
  todayIso,
  useQuery,
  witnessNips,
  witnessProblems,
} from '../ui.js';
import { COPIES, DOC, dateShort, opening } from '../../i18n/documents.js';
const RELIGIONS = ['islam', 'kristen', 'katolik', 'hindu', 'buddha', 'khonghucu'];

function CreateCeremony() {
  const [date, setDate] = useState(todayIso());
  const [place, setPlace] = useState('');
  const [officiant, setOfficiant] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    if (!date || !place.trim() || !officiant.trim()) {
      setError(new ApiError('InvalidInput', t('ceremony.missingFields')));
      return;
    }
    try {
      const c = await mutate(Q.CREATE_CEREMONY, { date, place: place.trim(), officiant: officiant.trim() }, 'createCeremony');
      navigate(`/ceremonies/${c.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="panel form-grid" onSubmit=${submit} data-testid="create-ceremony">
    <h2>${t('ceremony.create')}</h2>
    <${Field} id="ceremony-date" label=${t('ceremony.date')}>
      <input id="ceremony-date" type="date" required value=${date} onInput=${(e) => setDate(e.currentTarget.value)} />
    <//>
    <${Field} id="ceremony-place" label=${t('ceremony.place')}>
      <input id="ceremony-place" required value=${place} onInput=${(e) => setPlace(e.currentTarget.value)} />
    <//>
    <${Field} id="ceremony-officiant" label=${t('ceremony.officiant')} hint=${t('ceremony.officiantHint')}>
      <input id="ceremony-officiant" required value=${officiant} onInput=${(e) => setOfficiant(e.currentTarget.value)} />
    <//>
    <${ErrorMessage} error=${error} />
    <div><button type="submit" class="btn btn-primary">${t('ceremony.createSubmit')}</button></div>
  </form>`;
}

export function Ceremonies({ me }) {
  const { data, error, loading } = useQuery(Q.CEREMONIES, {});
  const list = nodes(data?.ceremonies);
  const canCreate = (me.roles ?? []).some((r) => r === 'operator' || r === 'admin');
  return html`<section aria-labelledby="ceremonies-title">
    <h1 id="ceremonies-title">${t('ceremony.listTitle')}</h1>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${data && list.length === 0 && html`<${Empty}>${t('ceremony.none')}<//>`}
    ${list.length > 0 &&
    html`<table class="table">
      <thead><tr><th scope="col">${t('ceremony.date')}</th><th scope="col">${t('ceremony.place')}</th>
        <th scope="col">${t('ceremony.officiant')}</th><th scope="col">${t('ceremony.appointees')}</th>
        <th scope="col">${t('ceremony.status')}</th></tr></thead>
      <tbody>
        ${list.map(
          (c) => html`<tr data-testid="ceremony-row">
            <td><a href=${href(`/ceremonies/${c.id}`)}>${fmtDate(c.date)}</a></td>
            <td>${c.place}</td><td>${c.officiant}</td><td>${(c.nominations ?? []).length}</td>
            <td>${c.conductedAt ? t('ceremony.conducted') : t('ceremony.planned')}</td>
          </tr>`,
        )}
      </tbody>
    </table>`}
    ${canCreate && html`<${CreateCeremony} />`}
  </section>`;
}

function ScheduleForm({ ceremony, onDone }) {
  const { data, error: loadError } = useQuery(Q.NOMINATIONS, { state: 'APPROVAL', first: 100 });
  const candidates = nodes(data?.nominations);
  const [nominationId, setNominationId] = useState('');
  const [decreeNumber, setDecreeNumber] = useState('');
  const [decreeDate, setDecreeDate] = useState(todayIso());
  const [effectiveDate, setEffectiveDate] = useState(ceremony.date ?? todayIso());
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    const id = Number.parseInt(nominationId || candidates[0]?.id, 10);
    if (!id || !decreeNumber.trim() || !decreeDate || !effectiveDate) {
      setError(new ApiError('InvalidInput', t('ceremony.scheduleMissing')));
      return;
    }
    try {
      await mutate(
        Q.SCHEDULE_INAUGURATION,
        { nominationId: id, ceremonyId: ceremony.id, decreeNumber: decreeNumber.trim(), decreeDate, effectiveDate },
        'scheduleInauguration',
      );
      setDecreeNumber('');
      setNominationId('');
      onDone(t('ceremony.scheduled'));
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="panel form-grid" onSubmit=${submit} data-testid="schedule-form">
    <h2>${t('ceremony.addNomination')}</h2>
    <${ErrorMessage} error=${loadError} />
    ${data && candidates.length === 0
      ? html`<${Empty}>${t('ceremony.noApproved')}<//>`
      : html`
        <${Field} id="schedule-nomination" label=${t('ceremony.nomination')}>
          <select id="schedule-nomination" value=${nominationId} onChange=${(e) => setNominationId(e.currentTarget.value)}>
            ${candidates.map(
              (n) => html`<option value=${n.id}>#${n.id} · ${n.position?.title} · ${n.nominee?.name ?? '—'}</option>`,
            )}
          </select>
        <//>
        <${Field} id="decree-number" label=${t('ceremony.decreeNumber')}>
          <input id="decree-number" required value=${decreeNumber} onInput=${(e) => setDecreeNumber(e.currentTarget.value)} />
        <//>
        <${Field} id="decree-date" label=${t('ceremony.decreeDate')}>
          <input id="decree-date" type="date" required value=${decreeDate} onInput=${(e) => setDecreeDate(e.currentTarget.value)} />
        <//>
        <${Field} id="effective-date" label=${t('ceremony.effectiveDate')}>
          <input id="effective-date" type="date" required value=${effectiveDate}
            onInput=${(e) => setEffectiveDate(e.currentTarget.value)} />
        <//>
        <${ErrorMessage} error=${error} />
        <div><button type="submit" class="btn btn-primary">${t('ceremony.scheduleSubmit')}</button></div>`}
  </form>`;
}

/** Checks the browser can make before asking the server (which checks everything again). */
export function localProblems(ceremony, nips) {
  const problems = witnessProblems(nips);
  const witnesses = nips.filter(Boolean);
  const appointees = (ceremony.nominations ?? []).map((n) => n.nominee?.nip);
  if (witnesses.some((w) => appointees.includes(w))) problems.push(t('dryRun.witnessIsAppointee'));
  if ((ceremony.nominations ?? []).length === 0) problems.push(t('dryRun.nobody'));
  return problems;
}

function ResultList({ report, ceremony }) {
  const byId = new Map((ceremony.nominations ?? []).map((n) => [n.id, n]));
  return html`<div class="dry-run panel" data-testid=${report.dryRun ? 'dry-run-report' : 'conduct-report'} aria-live="polite">
    <h3>${report.dryRun ? t('dryRun.title') : t('ceremony.resultTitle')}${': '}${report.ok ? (report.dryRun ? t('dryRun.ok') : t('ceremony.allDone')) : t('dryRun.problems')}</h3>
    <ul class="checks">
      ${report.problems.map((p) => html`<li class="fail">${p}</li>`)}
      ${report.results.map((r) => {
        const n = byId.get(r.nominationId);
        return html`<li class=${r.ok ? 'pass' : 'fail'} data-testid="ceremony-result" data-ok=${r.ok ? 'true' : 'false'}>
          <strong>${n?.nominee?.name ?? `#${r.nominationId}`}</strong>${` · ${n?.position?.title ?? ''}: `}${r.ok ? (report.dryRun ? t('dryRun.ready') : tCode('state', r.state)) : r.message ?? r.code}
        </li>`;
      })}
    </ul>
  </div>`;
}

function ConductPanel({ ceremony, onDone, setReport }) {
  const [witnesses, setWitnesses] = useState(['', '']);
  const [pledges, setPledges] = useState(() => new Set());
  const [clergy, setClergy] = useState({});
  const [error, setError] = useState(null);
  const nips = witnessNips(witnesses);
  const togglePledge = (nip, on) => {
    const next = new Set(pledges);
    if (on) next.add(nip);
    else next.delete(nip);
    setPledges(next);
  };

  const go = async (dryRun) => {
    const problems = localProblems(ceremony, nips);
    if (problems.length) {
      setReport({ dryRun, ok: false, problems, results: [] });
      return;
    }
    const answer = await mutate(
      Q.CONDUCT_CEREMONY,
      {
        ceremonyId: ceremony.id,
        witnessNips: nips,
        pledgeNips: [...pledges],
        clergy: Object.entries(clergy)
          .filter(([, name]) => name.trim())
          .map(([religion, name]) => ({ religion, name: name.trim() })),
        dryRun,
      },
      'conductCeremony',
    );
    const results = answer.results ?? [];
    setReport({ dryRun, ok: results.every((r) => r.ok), problems: [], results });
    if (!dryRun) onDone(t('ceremony.conductedNotice'));
  };

  return html`<section class="panel" data-testid="conduct-panel">
    <h2>${t('ceremony.conductTitle')}</h2>
    <p class="muted">${t('ceremony.conductIntro')}</p>
    <div class="form-grid">
      <${WitnessFields} idPrefix="witness" values=${witnesses} onChange=${setWitnesses} />
    </div>
    <fieldset class="plain-fieldset">
      <legend>${t('ceremony.clergyLegend')}</legend>
      <p class="muted small">${t('ceremony.clergyHint')}</p>
      <div class="form-grid">
        ${RELIGIONS.map(
          (r) => html`<${Field} id=${`clergy-${r}`} label=${t('ceremony.clergyFor', { religion: tCode('religion', r) })}>
            <input id=${`clergy-${r}`} value=${clergy[r] ?? ''}
              onInput=${(e) => setClergy({ ...clergy, [r]: e.currentTarget.value })} />
          <//>`,
        )}
      </div>
    </fieldset>
    <fieldset class="plain-fieldset">
      <legend>${t('ceremony.pledgeLegend')}</legend>
      <ul class="plain checklist">
        ${(ceremony.nominations ?? []).map(
          (n) => html`<li>
            <input type="checkbox" id=${`pledge-${n.id}`} data-nip=${n.nominee?.nip} checked=${pledges.has(n.nominee?.nip)}
              onChange=${(e) => togglePledge(n.nominee?.nip, e.currentTarget.checked)} />
            <label for=${`pledge-${n.id}`}>${t('ceremony.takesPledge', { name: n.nominee?.name ?? '' })}</label>
          </li>`,
        )}
      </ul>
    </fieldset>
    <div class="button-row">
      <${ActionButton} kind="secondary" data-testid="dry-run" onError=${setError} run=${() => go(true)}>
        ${t('ceremony.dryRun')}
      <//>
      <${ActionButton} data-testid="conduct" onError=${setError} run=${() => go(false)}>${t('ceremony.conduct')}<//>
    </div>
    <${ErrorMessage} error=${error} />
  </section>`;
}

export function CeremonyPage({ id, me }) {
  const { data, error, loading, reload } = useQuery(Q.CEREMONY, { id: Number.parseInt(id, 10) });
  const [notice, setNotice] = useState(null);
  const [report, setReport] = useState(null);
  const c = data?.ceremony;
  const isOperator = (me.roles ?? []).some((r) => r === 'operator' || r === 'admin');
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  if (!c) return html`<${Empty}>${t('ceremony.notFound')}<//>`;
  const done = (message) => {
    setNotice(message);
    reload();
  };
  return html`<section aria-labelledby="ceremony-title" data-testid="ceremony-page">
    <p><a href=${href('/ceremonies')}>← ${t('ceremony.listTitle')}</a></p>
    <h1 id="ceremony-title">${t('ceremony.title', { date: fmtDate(c.date) })}</h1>
    <dl class="facts">
      <div><dt>${t('ceremony.place')}</dt><dd>${c.place}</dd></div>
      <div><dt>${t('ceremony.officiant')}</dt><dd>${c.officiant}</dd></div>
      <div><dt>${t('ceremony.status')}</dt><dd data-testid="ceremony-status">
        ${c.conductedAt ? t('ceremony.conducted') : t('ceremony.planned')}</dd></div>
    </dl>
    ${notice && html`<${Notice}>${notice}<//>`}
    <h2>${t('ceremony.appointees')}</h2>
    ${(c.nominations ?? []).length === 0
      ? html`<${Empty}>${t('ceremony.noAppointees')}<//>`
      : html`<table class="table" data-testid="ceremony-appointees">
          <thead><tr><th scope="col">${t('ceremony.appointee')}</th><th scope="col">${t('inbox.col.post')}</th>
            <th scope="col">${t('ceremony.decree')}</th><th scope="col">${t('ceremony.effectiveDate')}</th>
            <th scope="col">${t('inbox.col.stage')}</th></tr></thead>
          <tbody>
            ${c.nominations.map(
              (n) => html`<tr>
                <td>${n.nominee?.name}<div class="muted small">${n.nominee?.golongan ?? ''}</div></td>
                <td><a href=${href(`/nominations/${n.id}`)}>${n.position?.title}</a></td>
                <td>${n.decreeNumber ?? '—'}<div class="muted small">${fmtDate(n.decreeDate)}</div></td>
                <td>${fmtDate(n.effectiveDate)}</td>
                <td><${StateBadge} state=${n.state} /></td>
              </tr>`,
            )}
          </tbody>
        </table>`}
    <p><a class="btn btn-secondary" href=${href(`/ceremonies/${c.id}/print`)} data-testid="print-link">${t('ceremony.printViews')}</a></p>
    ${isOperator && !c.conductedAt && html`<${ScheduleForm} ceremony=${c} onDone=${done} />`}
    ${isOperator && !c.conductedAt && html`<${ConductPanel} ceremony=${c} onDone=${done} setReport=${setReport} />`}
    ${report && html`<${ResultList} report=${report} ceremony=${c} />`}
  </section>`;
}

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

function BaPelantikan({ ceremony, n }) {
  const [w1, w2] = witnessesOf(n);
  return html`<article class="document" data-testid="ba-pelantikan" lang="id">
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
  return html`<article class="document" data-testid="ba-sumpah" lang="id">
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
      <button type="button" class="btn btn-primary" onClick=${() => window.print()}>${t('ceremony.print')}</button>
    </div>
    ${(c.nominations ?? []).length === 0 && html`<${Empty}>${t('ceremony.noAppointees')}<//>`}
    ${(c.nominations ?? []).map((n) => html`<${AppointeeDocs} key=${n.id} ceremony=${c} n=${n} />`)}
  </section>`;
}
