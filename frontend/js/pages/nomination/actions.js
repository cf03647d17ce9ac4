// The actions panel of a nomination's page: a form for each action the user may take now (shortlist,
// evaluations, approve with its letter, a reason where one is taken, the oath), the acting-for choice,
// and, folded behind one "Mengapa tidak bisa …?" disclosure, the refused actions with the server's
// reasons. Which actions there are, and which need a reason or a letter, is the server's
// (availableActions); a refusal reads in the reader's language where the catalogue words its code, else
// as the server's message. Only nomination.js imports this module.
import { html, useState } from '../../lib.js';
import { fmtNumber, refusalText, t, tCode } from '../../i18n.js';
import { ApiError } from '../../gql.js';
import * as Q from '../../queries.js';
import { href } from '../../router.js';
import {
  ActionButton,
  Empty,
  ErrorMessage,
  Field,
  Loading,
  MaybeHidden,
  WitnessFields,
  actionLabel,
  nodes,
  officialLabel,
  seesProfile,
  useQuery,
  witnessNips,
  witnessProblems,
} from '../../ui.js';

/** What stands in the way of a candidate (the API's ShortlistEntry): already nominated for another
 * post, or a member of the panel (TPK). */
function CandidateNotes({ entry }) {
  if (!entry) return null;
  const other = entry.nominatedElsewhere;
  return html`${other &&
    html`<span class="candidate-note" data-testid="nominated-elsewhere" data-nomination=${other.nominationId ?? ''}>
      ${other.nominationId
        ? html`<a href=${href(`/nominations/${other.nominationId}`)}>${t('shortlist.elsewhere', {
            post: other.positionTitle ?? '',
            id: other.nominationId,
          })}</a>`
        : t('shortlist.elsewhereHidden')}</span>`}
    ${entry.panelMember &&
    html`<span class="candidate-note" data-testid="panel-member">${t('shortlist.panelMember')}</span>`}`;
}

function ShortlistEditor({ nomination, action, run }) {
  const { data, error, loading } = useQuery(Q.CANDIDATES, { positionCode: nomination.position.code, first: 20 });
  const [chosen, setChosen] = useState(() => new Set((nomination.shortlist ?? []).map((e) => e.nip)));
  const list = nodes(data?.candidates);
  const nips = list.map((c) => c.employee.nip);
  const { data: notes } = useQuery(Q.CANDIDATE_NOTES, { id: nomination.id, nips });
  const noteOf = new Map((notes?.nomination?.shortlistEntries ?? []).map((e) => [e.nip, e]));
  const toggle = (nip, on) => {
    const next = new Set(chosen);
    if (on) next.add(nip);
    else next.delete(nip);
    setChosen(next);
  };
  return html`<fieldset class="panel" data-testid="shortlist-editor">
    <legend>${t('shortlist.title')}</legend>
    <p class="muted">${t('shortlist.intro')}</p>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    <ul class="plain checklist">
      ${list.map(
        (c) => html`<li>
          <input type="checkbox" id=${`sl-${c.employee.nip}`} checked=${chosen.has(c.employee.nip)}
            data-nip=${c.employee.nip} onChange=${(e) => toggle(c.employee.nip, e.currentTarget.checked)} />
          <label for=${`sl-${c.employee.nip}`}>${c.rank}. ${c.employee.name}
            <span class="muted small"> · ${t('candidates.score')} <${MaybeHidden} value=${c.score} /></span></label>
          <${CandidateNotes} entry=${noteOf.get(c.employee.nip)} />
        </li>`,
      )}
    </ul>
    <${ActionButton} data-testid="save-shortlist" run=${() => run(action, { nips: [...chosen] })}>
      ${t('shortlist.save', { n: chosen.size })}
    <//>
  </fieldset>`;
}

/** The shortlist with the panel's evaluations; `evaluate` and `select` are the allowed actions, if any. */
function Evaluations({ nomination, run, evaluate, select, me }) {
  const canEvaluate = !!evaluate;
  const canSelect = !!select;
  const [scores, setScores] = useState({});
  const [notes, setNotes] = useState({});
  const evaluations = (nomination.evaluations ?? []).filter((v) => v.round === nomination.round);
  const noteOf = new Map((nomination.shortlistEntries ?? []).map((e) => [e.nip, e]));
  const summaryOf = new Map((nomination.evaluationSummary ?? []).map((s) => [s.nip, s]));
  // Blind scoring: a panel member (not the chair) sees the others' scores of a candidate once they scored them.
  const roles = me?.roles ?? [];
  const blind = roles.includes('panel') && !roles.includes('panel_chair') && nomination.evaluationSummary == null;
  return html`<table class="table" data-testid="evaluations">
    <thead><tr>
      <th scope="col">${t('evaluation.candidate')}</th><th scope="col">${t('evaluation.recorded')}</th>
      ${canEvaluate && html`<th scope="col">${t('evaluation.record')}</th>`}
      ${canSelect && html`<th scope="col">${t('evaluation.choose')}</th>`}
    </tr></thead>
    <tbody>
      ${(nomination.shortlist ?? []).map((e) => {
        const mine = evaluations.filter((v) => v.nip === e.nip);
        const scoredByMe = mine.some((v) => v.evaluator === me?.username);
        const summary = summaryOf.get(e.nip);
        return html`<tr data-testid="shortlisted" data-nip=${e.nip}>
          <td>${seesProfile(e) ? html`<a href=${href(`/employees/${e.nip}`)}>${e.name}</a>` : e.name}<div class="muted small">${e.golongan ?? ''}</div>
            <${CandidateNotes} entry=${noteOf.get(e.nip)} /></td>
          <td>${mine.length === 0
            ? html`<span class="muted">—</span>`
            : mine.map((v) => html`<div data-testid="evaluation">${v.score}${v.evaluator ? ` (${officialLabel(v.official, v.evaluator)})` : ''}${v.note ? ` · ${v.note}` : ''}</div>`)}
            ${summary && html`<div class="small" data-testid="evaluation-summary">${t('evaluation.summary', {
              ...summary,
              average: fmtNumber(summary.average, 2),
            })}</div>`}
            ${blind && !scoredByMe && html`<div class="muted small" data-testid="blind-note">${t('evaluation.blind')}</div>`}</td>
          ${canEvaluate &&
          html`<td>
            <div class="inline-fields">
              <label class="sr-only" for=${`score-${e.nip}`}>${t('evaluation.score', { name: e.name })}</label>
              <input id=${`score-${e.nip}`} type="number" min="0" max="100" step="1" class="narrow"
                value=${scores[e.nip] ?? ''} placeholder="0–100"
                onInput=${(ev) => setScores({ ...scores, [e.nip]: ev.currentTarget.value })} />
              <label class="sr-only" for=${`note-${e.nip}`}>${t('evaluation.note', { name: e.name })}</label>
              <input id=${`note-${e.nip}`} value=${notes[e.nip] ?? ''} placeholder=${t('evaluation.notePlaceholder')}
                onInput=${(ev) => setNotes({ ...notes, [e.nip]: ev.currentTarget.value })} />
              <${ActionButton} kind="secondary" data-testid="record-evaluation"
                run=${() => {
                  const score = Number.parseInt(scores[e.nip], 10);
                  if (Number.isNaN(score) || score < 0 || score > 100) throw new ApiError('InvalidInput', t('evaluation.scoreRange'));
                  return run(evaluate, { nip: e.nip, score, note: notes[e.nip] || null });
                }}>${t('evaluation.save')}<//>
            </div>
          </td>`}
          ${canSelect &&
          html`<td>
            ${nomination.nominee?.nip === e.nip
              ? html`<span class="badge badge-ok">${t('evaluation.chosen')}</span>`
              : html`<${ActionButton} kind="secondary" data-testid="select-nominee"
                  run=${() => run(select, { nip: e.nip })}>${t('evaluation.selectNominee')}<//>`}
          </td>`}
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** An action taken with a reason: the reason (required when the workflow says so), then the button. */
function ReasonAction({ action, run }) {
  const [reason, setReason] = useState('');
  const id = `reason-${action.mutation}`;
  const required = action.reasonRequired;
  const label = t(required ? 'nomination.reasonRequired' : 'nomination.reasonOptional', { action: actionLabel(action.action) });
  return html`<div class="reason-action">
    <${Field} id=${id} label=${label}>
      <textarea id=${id} rows="2" required=${required} value=${reason} onInput=${(e) => setReason(e.currentTarget.value)}></textarea>
    <//>
    <${ActionButton} kind="danger" data-action=${action.mutation}
      run=${() => {
        if (required && !reason.trim()) throw new ApiError('InvalidInput', t('nomination.reasonMissing'));
        return run(action, { reason: reason.trim() });
      }}>${actionLabel(action.action)}<//>
  </div>`;
}

/** Approve the current step; at a step that records an outside letter (`requiresLetter`), its number and date. */
function ApproveAction({ action, run }) {
  const withLetter = action.requiresLetter;
  const [comment, setComment] = useState('');
  const [letterNumber, setLetterNumber] = useState('');
  const [letterDate, setLetterDate] = useState('');
  return html`<div class="reason-action">
    <${Field} id="approve-comment" label=${t('nomination.comment')}>
      <textarea id="approve-comment" rows="2" value=${comment} onInput=${(e) => setComment(e.currentTarget.value)}></textarea>
    <//>
    ${withLetter &&
    html`<${Field} id="letter-number" label=${t('nomination.letterNumber')}>
        <input id="letter-number" value=${letterNumber} onInput=${(e) => setLetterNumber(e.currentTarget.value)} />
      <//>
      <${Field} id="letter-date" label=${t('nomination.letterDate')}>
        <input id="letter-date" type="date" value=${letterDate} onInput=${(e) => setLetterDate(e.currentTarget.value)} />
      <//>`}
    <${ActionButton} data-action=${action.mutation} run=${() =>
      run(action, {
        comment: comment.trim() || null,
        letterNumber: withLetter ? letterNumber.trim() || null : null,
        letterDate: withLetter ? letterDate || null : null,
      })}>
      ${actionLabel(action.action)}
    <//>
  </div>`;
}

/** The oath of one appointee outside a ceremony run: two witnesses, the rohaniwan or the pledge. */
function OathAction({ action, run }) {
  const [witnesses, setWitnesses] = useState(['', '']);
  const [clergy, setClergy] = useState('');
  const [pledge, setPledge] = useState(false);
  return html`<fieldset class="panel" data-testid="oath-form">
    <legend>${actionLabel(action.action)}</legend>
    <div class="form-grid">
      <${WitnessFields} idPrefix="oath-witness" values=${witnesses} onChange=${setWitnesses} />
      <${Field} id="oath-clergy" label=${t('ceremony.clergyLegend')}>
        <input id="oath-clergy" value=${clergy} disabled=${pledge} onInput=${(e) => setClergy(e.currentTarget.value)} />
      <//>
    </div>
    <div class="field field-check">
      <input type="checkbox" id="oath-pledge" checked=${pledge} onChange=${(e) => setPledge(e.currentTarget.checked)} />
      <label for="oath-pledge">${t('ceremony.pledge')}</label>
    </div>
    <${ActionButton} data-action=${action.mutation}
      run=${() => {
        const nips = witnessNips(witnesses);
        const problems = witnessProblems(nips);
        if (problems.length) throw new ApiError('InvalidInput', problems.join(' '));
        return run(action, { witnessNips: nips, clergyName: pledge ? null : clergy.trim() || null, pledge });
      }}>${actionLabel(action.action)}<//>
  </fieldset>`;
}

/** Plt/Plh: an acting official chooses whose step they take (me.actingFor, when the API gives it). */
function ActingAs({ delegations, value, onChange }) {
  if (!delegations?.length) return null;
  return html`<${Field} id="acting-as" label=${t('nomination.actingAs')} hint=${t('nomination.actingAsHint')}>
    <select id="acting-as" value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
      <option value="">${t('nomination.actingSelf')}</option>
      ${delegations.map(
        (d) => html`<option value=${d.id}>${t('header.actingFor', {
          kind: tCode('delegation', d.kind),
          name: d.principal?.displayName || d.principal?.username || '',
        })}</option>`,
      )}
    </select>
  <//>`;
}

/** Actions with a form of their own on this page (by the API's mutation name). Every other allowed
 * action the page has a document for is a button, after a reason field when its mutation takes one. */
const OWN_FORM = new Set(['setShortlist', 'recordEvaluation', 'selectNominee', 'approve', 'recordOath', 'scheduleInauguration']);

/** Whether an action may be taken for someone else (its mutation takes a delegation). */
function delegable(action) {
  return Q.declares(Q.NOMINATION_MUTATIONS[action.mutation], 'delegationId');
}

/** Whether an action is taken with a reason (its mutation takes one; `reasonRequired` says if it must be given). */
function takesReason(action) {
  return Q.declares(Q.NOMINATION_MUTATIONS[action.mutation], 'reason');
}

/** What this user may do with the nomination now, each with its form (an official's approval first, within
 * a thumb's reach on a phone), and the refused actions with why, folded. */
export function Actions({ nomination, run: runPlain, me }) {
  const [delegationId, setDelegationId] = useState('');
  const run = (action, variables = {}) =>
    runPlain(action, delegable(action) && delegationId ? { ...variables, delegationId: Number(delegationId) } : variables);
  const available = nomination.availableActions ?? [];
  const allowed = available.filter((a) => a.allowed);
  const refused = available.filter((a) => !a.allowed);
  const may = new Map(allowed.map((a) => [a.mutation, a]));
  const plain = allowed.filter((a) => !OWN_FORM.has(a.mutation) && Object.hasOwn(Q.NOMINATION_MUTATIONS, a.mutation));
  return html`<section class="actions" aria-labelledby="actions-title" data-testid="actions">
    <h2 id="actions-title">${t('nomination.actions')}</h2>
    ${allowed.length === 0 && html`<p class="muted">${t('nomination.noActions')}</p>`}
    ${allowed.some(delegable) &&
    html`<${ActingAs} delegations=${me?.actingFor} value=${delegationId} onChange=${setDelegationId} />`}
    ${may.has('approve') && html`<${ApproveAction} action=${may.get('approve')} run=${run} />`}
    ${may.has('setShortlist') && html`<${ShortlistEditor} nomination=${nomination} action=${may.get('setShortlist')} run=${run} />`}
    ${(may.has('recordEvaluation') || may.has('selectNominee') || (nomination.shortlist ?? []).length > 0) &&
    html`<section>
      <h3>${t('nomination.shortlist')}</h3>
      ${(nomination.shortlist ?? []).length === 0
        ? html`<${Empty}>${t('nomination.noShortlist')}<//>`
        : html`<${Evaluations} nomination=${nomination} run=${run} evaluate=${may.get('recordEvaluation')}
            select=${may.get('selectNominee')} me=${me} />`}
    </section>`}
    <div class="button-row">
      ${plain
        .filter((a) => !takesReason(a))
        .map((a) => html`<${ActionButton} data-action=${a.mutation} run=${() => run(a)}>${actionLabel(a.action)}<//>`)}
      ${may.has('scheduleInauguration') &&
      html`<a class="btn btn-secondary" href=${href('/ceremonies')}>${t('nomination.toCeremonies')}</a>`}
    </div>
    ${may.has('recordOath') && html`<${OathAction} action=${may.get('recordOath')} run=${run} />`}
    ${plain.filter(takesReason).map((a) => html`<${ReasonAction} action=${a} run=${run} />`)}
    ${refused.length > 0 &&
    html`<details class="refused" data-testid="why-not">
      <summary>${t('nomination.whyNot', { n: refused.length })}</summary>
      <ul class="plain">
        ${refused.map(
          (a) => html`<li data-testid="refused-action" data-action=${a.mutation}>
            <strong>${actionLabel(a.action)}</strong>
            <span class="refusal">${refusalText(a.reason) ?? a.message ?? a.reason ?? t('nomination.notAllowed')}</span>
          </li>`,
        )}
      </ul>
    </details>`}
  </section>`;
}
