// What the talent views show the same way (the post's ranking, the profile's eligibility): years and
// months at a level, the amber note of a warning, and the day someone qualifies as the server's
// rules computed it.
import { html } from './lib.js';
import { fmtDate, t, tCode } from './i18n.js';
import { checkDetail } from './ui.js';

/** Days as "3 tahun 5 bulan" (365-day years, as the rules count them; a month is a twelfth of one). */
export function yearsMonths(days) {
  if (days === null || days === undefined) return null;
  const years = Math.floor(days / 365);
  const months = Math.floor(((days - years * 365) * 12) / 365);
  if (years === 0) return t('duration.months', { months });
  return months === 0 ? t('duration.years', { years }) : t('duration.yearsMonths', { years, months });
}

export function param(check, name) {
  return (check?.params ?? []).find((p) => p.name === name)?.value ?? null;
}

/** A check that did not pass but does not bar (leadership training, health unknown): an amber note. */
export function isWarning(c) {
  return c.passed === false && String(c.severity ?? '').toLowerCase() === 'warning';
}

export function WarningNotes({ checks }) {
  const warnings = (checks ?? []).filter(isWarning);
  if (warnings.length === 0) return null;
  return html`<ul class="plain warning-notes" data-testid="warning-notes">
    ${warnings.map(
      (c) => html`<li class="candidate-note" data-rule=${c.rule}><strong>${t('candidates.note')}:</strong>${' '}${tCode('rule', c.rule)} — ${checkDetail(c) ?? ''}</li>`,
    )}
  </ul>`;
}

/** The day someone qualifies, as the server's rules computed it, with the SKP years it assumed. */
export function QualifiesOn({ on, assumed }) {
  if (on === null || on === undefined) return html`<span class="muted">${t('near.noDate')}</span>`;
  return html`<span data-testid="qualifies-on" data-date=${on}>${t('near.qualifiesOn', { date: fmtDate(on) })}</span>
    ${(assumed ?? []).length > 0 && html`<small class="muted"> ${t('near.assumedSkp', { years: assumed.join(', ') })}</small>`}`;
}

