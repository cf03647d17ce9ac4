// The workflow of a nomination drawn in the page: the stages of its path (from the API's
// `workflow.stages`) as a stepper, the approval chain of this nomination (its `steps`) as a second row
// with who took each step, and the Mermaid text of the API's `diagram` behind a "kode diagram" toggle.
// Nothing here knows the workflow: every stage, step and role comes from the server.
import { html } from '../../lib.js';
import { fmtDate, fmtDateTime, t, tCode } from '../../i18n.js';
import { Empty, officialLabel } from '../../ui.js';

/** Each stage of the path (`stages`, in order, ending in COMPLETED) as done, current or to come. */
export function stageStatuses(stages, state) {
  const s = String(state ?? '').toUpperCase();
  const current = stages.indexOf(s);
  const last = stages.length - 1;
  return stages.map((_, i) => (current < 0 ? 'todo' : i < current || current === last ? 'done' : i === current ? 'current' : 'todo'));
}

/** The path as the server gives it; a nomination that left it (rejected, withdrawn) shows where it ended. */
export function Stepper({ state, stages }) {
  const s = String(state ?? '').toUpperCase();
  const statuses = stageStatuses(stages, s);
  const ended = stages.length > 0 && s && !stages.includes(s);
  const at = stages.indexOf(s);
  return html`<div class="workflow-picture">
    <p class="stepper-where small muted" data-testid="stepper-where">${at >= 0
      ? t('stepper.where', { n: at + 1, of: stages.length, stage: tCode('state', s) })
      : tCode('state', s)}</p>
    <ol class="stepper" aria-label=${t('nomination.stages')} data-testid="stepper">
      ${stages.map((stage, i) => {
        const status = statuses[i];
        return html`<li class=${`step step-${status}`} data-stage=${stage} data-status=${status}
            aria-current=${status === 'current' ? 'step' : undefined}>
          <span class="step-dot" aria-hidden="true">${status === 'done' ? '✓' : i + 1}</span>
          <span class="step-name">${tCode('state', stage)}</span>
          <span class="sr-only">(${t(`stepper.${status}`)})</span>
        </li>`;
      })}
      ${ended && html`<li class="step step-ended" data-status="ended"><span class="step-dot" aria-hidden="true">✗</span>
        <span class="step-name">${tCode('state', s)}</span></li>`}
    </ol>
  </div>`;
}

// Terms spelled out the first time the page names them (the chain is where they first appear).
const TERMS = ['TPK', 'PPK'];

/** Returns a function that spells out, in the texts it is given in order, the first use of each term. */
export function firstUse() {
  const seen = new Set();
  return (text) => {
    let out = String(text ?? '');
    for (const term of TERMS) {
      const at = new RegExp(`\\b${term}\\b`);
      if (!seen.has(term) && at.test(out)) {
        seen.add(term);
        out = out.replace(at, t(`term.${term}`));
      }
    }
    return out;
  };
}

/** The chain of this round, drawn: each step with its role, whether it is done, whose turn it is, and
 * who took it ("Dyah Pamungkas, Ketua TPK") when. Earlier rounds' approvals are counted below it. */
export function ApprovalChain({ steps, approvals, round }) {
  if (!steps?.length) return html`<${Empty}>${t('nomination.noApprovals')}<//>`;
  const taken = new Map((approvals ?? []).filter((a) => !a.void && a.round === round).map((a) => [a.stepIndex, a]));
  const earlier = (approvals ?? []).filter((a) => a.void || a.round !== round);
  const spell = firstUse();
  return html`<ol class="chain" data-testid="approval-chain">
      ${steps.map((step) => {
        const a = taken.get(step.index);
        const status = step.done ? 'approved' : step.current ? 'current' : 'pending';
        return html`<li class=${`chain-step chain-${status}`} data-testid="approval-row" data-status=${status}
            data-role=${step.role} aria-current=${status === 'current' ? 'step' : undefined}>
          <span class="chain-dot" aria-hidden="true">${status === 'approved' ? '✓' : step.index + 1}</span>
          <div class="chain-body">
            <div class="chain-name">${spell(step.label || tCode('step', step.name))}</div>
            <div class="small muted">${spell(tCode('role', step.role))} · ${tCode('approvalStatus', status)}</div>
            ${a && html`<div class="chain-who" data-testid="approval-official">${officialLabel(a.official, a.actor)}
              <span class="muted small"> · ${fmtDateTime(a.approvedAt)}</span></div>`}
            ${a?.comment && html`<div class="small">“${a.comment}”</div>`}
            ${a?.letterNumber && html`<div class="small">${t('approvals.letter', { number: a.letterNumber, date: fmtDate(a.letterDate) })}</div>`}
          </div>
        </li>`;
      })}
    </ol>
    ${earlier.length > 0 && html`<p class="muted small">${t('approvals.earlier', { n: earlier.length })}</p>`}`;
}

/** The API's Mermaid text of the workflow, for whoever wants the source: folded away by default. */
export function DiagramCode({ diagram }) {
  if (!diagram) return null;
  return html`<details class="diagram-code" data-testid="diagram-code">
    <summary>${t('nomination.diagramCode')}</summary>
    <p class="muted small">${t('nomination.diagramNote')}</p>
    <pre class="mermaid-text" data-testid="mermaid">${diagram}</pre>
  </details>`;
}
