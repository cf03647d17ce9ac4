// Pelantikan: ceremonies; scheduling fully approved nominations with decree data; a dry run;
// conducting the ceremony (after a confirmation), its status after a run (PARTIAL with what failed
// and what to do); and the print views of the two Berita Acara (the oath one in three copies),
// marked DRAFT on every sheet until the inauguration or oath is recorded.
import { html, useState } from '../lib.js';
import { fmtDate, refusalText, t, tCode } from '../i18n.js';
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
  nodes,
  todayIso,
  useQuery,
  witnessNips,
  witnessProblems,
} from '../ui.js';
import { RELIGIONS } from './ceremony/print.js';

import { DocumentDetails } from './ceremony/details.js';

export { DossierPrint } from './ceremony/dossier.js';
export { CeremonyPrint } from './ceremony/print.js';

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
            <td><${CeremonyStatus} status=${c.status} /></td>
          </tr>`,
        )}
      </tbody>
    </table>`}
    ${canCreate && html`<${CreateCeremony} />`}
  </section>`;
}

/** PLANNED, PARTIAL or CONDUCTED, as the API says. */
function CeremonyStatus({ status }) {
  const s = String(status ?? 'PLANNED').toLowerCase();
  return html`<span class=${`badge ceremony-${s}`} data-status=${s.toUpperCase()}>${t(`ceremony.${s}`)}</span>`;
}

/** A result's failure as people read it: the catalogue's wording of its code, then the server's message. */
function failureText(r) {
  const why = refusalText(r.code);
  return why ? `${why}: ${r.message ?? ''}` : r.message ?? r.code;
}

function ScheduleForm({ ceremony, onDone }) {
  // Only fully approved nominations (every step of the chain approved) may be scheduled.
  const { data, error: loadError } = useQuery(Q.NOMINATIONS, { awaitingInauguration: true, first: 100 });
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
          <strong>${n?.nominee?.name ?? `#${r.nominationId}`}</strong>${` · ${n?.position?.title ?? ''}: `}${r.ok ? (report.dryRun ? t('dryRun.ready') : tCode('state', r.state)) : failureText(r)}
        </li>`;
      })}
    </ul>
  </div>`;
}

/** After a run in which some appointees were not recorded: who, why, and what to do. */
function PartialRun({ ceremony }) {
  const failed = (ceremony.lastRun ?? []).filter((r) => !r.ok);
  const byId = new Map((ceremony.nominations ?? []).map((n) => [n.id, n]));
  const waiting = failed.filter((r) => byId.has(r.nominationId));
  return html`<section class="alert alert-warn" data-testid="ceremony-partial" aria-labelledby="partial-title">
    <p id="partial-title"><strong>${t('ceremony.failedTitle')}</strong></p>
    <p>${t('ceremony.partialIntro', { n: waiting.length || failed.length })}</p>
    <ul class="checks">
      ${failed.map((r) => {
        const n = byId.get(r.nominationId);
        return html`<li class="fail" data-testid="failed-nomination" data-nomination=${r.nominationId}>
          <a href=${href(`/nominations/${r.nominationId}`)}>${n?.nominee?.name ?? `#${r.nominationId}`}</a>
          ${` · ${n?.position?.title ?? ''}: `}${failureText(r)}
        </li>`;
      })}
    </ul>
    <p class="small">${t('ceremony.failedHow')}</p>
  </section>`;
}

function ConductPanel({ ceremony, onDone, setReport }) {
  const [confirming, setConfirming] = useState(false);
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
    if (dryRun) return;
    // A success notice only for what succeeded: a run with failures says how many were not recorded.
    const ok = results.filter((r) => r.ok).length;
    if (ok === results.length) onDone(t('ceremony.conductedNotice'), 'ok');
    else if (ok === 0) onDone(t('ceremony.noneDone'), 'warn');
    else onDone(t('ceremony.partialNotice', { ok, total: results.length, failed: results.length - ok }), 'warn');
  };

  /** Conducting records for good: the page asks first (local checks before the question). */
  const ask = () => {
    const problems = localProblems(ceremony, nips);
    if (problems.length) {
      setReport({ dryRun: false, ok: false, problems, results: [] });
      return;
    }
    setConfirming(true);
  };
  const notYet = ceremony.date && ceremony.date > todayIso();

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
    ${notYet && html`<p class="muted" data-testid="not-yet">${t('ceremony.notYet', { date: fmtDate(ceremony.date) })}</p>`}
    <div class="button-row">
      <${ActionButton} kind="secondary" data-testid="dry-run" onError=${setError} run=${() => go(true)}>
        ${t('ceremony.dryRun')}
      <//>
      <${ActionButton} data-testid="conduct" onError=${setError} disabled=${confirming} run=${ask}>${t('ceremony.conduct')}<//>
    </div>
    ${confirming &&
    html`<div class="alert alert-warn" role="alertdialog" aria-labelledby="confirm-conduct" data-testid="confirm-conduct">
      <p id="confirm-conduct">${t('ceremony.confirmConduct', {
        date: fmtDate(ceremony.date),
        n: (ceremony.nominations ?? []).filter((n) => ['INAUGURATION', 'OATH'].includes(String(n.state).toUpperCase())).length,
      })}</p>
      <div class="button-row">
        <${ActionButton} data-testid="conduct-confirm" onError=${setError}
          run=${async () => {
            setConfirming(false);
            await go(false);
          }}>${t('ceremony.confirmYes')}<//>
        <button type="button" class="btn btn-secondary" data-testid="conduct-cancel" onClick=${() => setConfirming(false)}>
          ${t('ceremony.confirmNo')}</button>
      </div>
    </div>`}
    <${ErrorMessage} error=${error} />
  </section>`;
}

export function CeremonyPage({ id, me }) {
  const { data, error, loading, reload } = useQuery(Q.CEREMONY, { id: Number.parseInt(id, 10) });
  const [notice, setNotice] = useState(null);
  const [report, setReport] = useState(null);
  const c = data?.ceremony;
  const open = c && c.status !== 'CONDUCTED';
  const isOperator = (me.roles ?? []).some((r) => r === 'operator' || r === 'admin');
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  if (!c) return html`<${Empty}>${t('ceremony.notFound')}<//>`;
  const done = (message, kind = 'ok') => {
    setNotice({ message, kind });
    reload();
  };
  return html`<section aria-labelledby="ceremony-title" data-testid="ceremony-page">
    <p><a href=${href('/ceremonies')}>← ${t('ceremony.listTitle')}</a></p>
    <h1 id="ceremony-title">${t('ceremony.title', { date: fmtDate(c.date) })}</h1>
    <dl class="facts">
      <div><dt>${t('ceremony.place')}</dt><dd>${c.place}</dd></div>
      <div><dt>${t('ceremony.officiant')}</dt><dd>${c.officiant}</dd></div>
      <div><dt>${t('ceremony.status')}</dt><dd data-testid="ceremony-status" data-status=${c.status}>
        <${CeremonyStatus} status=${c.status} /></dd></div>
    </dl>
    ${notice?.kind === 'ok' && html`<${Notice}>${notice.message}<//>`}
    ${notice?.kind === 'warn' && html`<div class="alert alert-warn" role="status" data-testid="conduct-warning">${notice.message}</div>`}
    ${c.status === 'PARTIAL' && html`<${PartialRun} ceremony=${c} />`}
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
                <td><${StateBadge} state=${n.state} awaiting=${n.awaitingInauguration} /></td>
              </tr>`,
            )}
          </tbody>
        </table>`}
    <p><a class="btn btn-secondary" href=${href(`/ceremonies/${c.id}/print`)} data-testid="print-link">${t('ceremony.printViews')}</a></p>
    ${isOperator && open && html`<${DocumentDetails} ceremony=${c} onDone=${done} />`}
    ${isOperator && open && html`<${ScheduleForm} ceremony=${c} onDone=${done} />`}
    ${isOperator && open && html`<${ConductPanel} ceremony=${c} onDone=${done} setReport=${setReport} />`}
    ${report && html`<${ResultList} report=${report} ceremony=${c} />`}
  </section>`;
}
