// People, not usernames: how the nomination page names an official who acted ("Dyah Pamungkas, Ketua
// TPK", from the API's `official { name role actingFor }`) and the person a history entry is about
// ("nilai untuk Ayi Permana: 88"). A person the viewer may not see reads "disembunyikan", never "—".
import { html } from '../../lib.js';
import { fmtDateTime, t, tCode } from '../../i18n.js';
import { Empty, actionLabel, officialLabel } from '../../ui.js';

/** The name of a subject as the viewer may read it. */
function subjectName(subject) {
  return subject.hidden || !subject.name ? t('check.hidden') : subject.name;
}

/** The evaluation an event recorded, among those the viewer may see (blind scoring applies to history too). */
function evaluationOf(event, evaluations) {
  const nip = event.subject?.nip;
  const by = event.official?.username ?? event.actor;
  if (!nip || !by) return null;
  const at = Date.parse(event.at);
  const candidates = (evaluations ?? []).filter((v) => v.nip === nip && v.evaluator === by);
  candidates.sort((a, b) => Math.abs(Date.parse(a.recordedAt) - at) - Math.abs(Date.parse(b.recordedAt) - at));
  return candidates[0] ?? null;
}

/** What a history entry is about, in words: the candidate scored (with the score when visible), the nominee chosen. */
export function subjectText(event, evaluations) {
  const subject = event.subject;
  if (!subject) return null;
  const name = subjectName(subject);
  if (event.action === 'record_evaluation') {
    const scored = subject.hidden ? null : evaluationOf(event, evaluations);
    return scored ? t('history.scoreFor', { name, score: scored.score }) : t('history.scoreForOnly', { name });
  }
  if (event.action === 'select_nominee') return t('history.nomineeChosen', { name });
  return t('history.about', { name });
}

export function History({ events, evaluations }) {
  if (!events?.length) return html`<${Empty}>${t('nomination.noHistory')}<//>`;
  return html`<ol class="timeline history" data-testid="history">
    ${events.map((e) => {
      const about = subjectText(e, evaluations);
      return html`<li data-testid="history-entry" data-action=${e.action}>
        <div class="timeline-when">${fmtDateTime(e.at)}</div>
        <div class="timeline-what">
          <strong>${actionLabel(e.action)}</strong>${about && html`: <span data-testid="history-subject">${about}</span>`}
          ${e.outcome && e.outcome !== 'ok' && html` <span class="badge badge-danger">${tCode('outcome', e.outcome)}</span>`}
          ${e.fromState || e.toState ? html` · ${tCode('state', e.fromState)} → ${tCode('state', e.toState)}` : ''}
        </div>
        <div class="small" data-testid="history-official">${officialLabel(e.official, e.official === null && e.actor ? e.actor : null)}
          ${e.reason ? html` · ${t('nomination.reason')}: ${e.reason}` : ''}</div>
        <div class="hash mono small" title=${t('nomination.hash')}>${t('nomination.hash')}: ${e.hash}</div>
      </li>`;
    })}
  </ol>`;
}
