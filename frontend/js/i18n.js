// Message catalogues and the chosen language. Every visible string goes through t(); the choice is
// remembered in localStorage and mirrored on <html lang> so screen readers pronounce it right.
import { useEffect, useState } from './lib.js';
import id from '../i18n/id.js';
import en from '../i18n/en.js';
import reasonsId from '../i18n/reasons-id.js';
import reasonsEn from '../i18n/reasons-en.js';
import shellId from '../i18n/shell-id.js';
import shellEn from '../i18n/shell-en.js';
import listsId from '../i18n/lists-id.js';
import listsEn from '../i18n/lists-en.js';
import talentId from '../i18n/talent-id.js';
import talentEn from '../i18n/talent-en.js';
import adminId from '../i18n/admin-id.js';
import adminEn from '../i18n/admin-en.js';
import documentsId from '../i18n/documents-id.js';
import documentsEn from '../i18n/documents-en.js';

// The interface's texts: the common ones (id.js/en.js), one pair of files per area of the page (the
// shell and navigation, the lists, the talent views, the admin pages), and the wording of the API's
// refusal codes and check reasons. Every key has both languages (tests/e2e/test_signin_and_language.py).
export const CATALOGUES = {
  id: { ...id, ...shellId, ...listsId, ...talentId, ...adminId, ...documentsId, ...reasonsId },
  en: { ...en, ...shellEn, ...listsEn, ...talentEn, ...adminEn, ...documentsEn, ...reasonsEn },
};
const STORAGE_KEY = 'meritflow.lang';
const listeners = new Set();

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved in CATALOGUES) return saved;
  } catch (_) {
    /* storage blocked: fall back to the default */
  }
  return 'id';
}

let current = initialLang();
document.documentElement.lang = current;

export function lang() {
  return current;
}

export function setLang(next) {
  if (!(next in CATALOGUES) || next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch (_) {
    /* not remembered, still switched */
  }
  document.documentElement.lang = next;
  document.title = t('app.title');
  listeners.forEach((fn) => fn(next));
}

/** The message for `key` in the current language, with `{name}` placeholders filled from params. */
export function t(key, params = {}) {
  const entry = CATALOGUES[current][key] ?? CATALOGUES.id[key];
  if (entry === undefined) {
    console.warn(`meritflow: no message "${key}"`);
    return key;
  }
  const text = typeof entry === 'function' ? entry(params) : entry;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? '') + '');
}

/** t() for a code from the API (a state, role, level …); shows the code itself when the catalogue lacks it. */
export function tCode(prefix, code) {
  if (code === null || code === undefined || code === '') return '—';
  const key = `${prefix}.${String(code).toLowerCase()}`;
  return key in CATALOGUES[current] || key in CATALOGUES.id ? t(key) : String(code);
}

/** The catalogue's wording of a refusal code from the API (`refusal.NOMINEE_ELSEWHERE`), or null
 * when the catalogue does not word it (the server's message is shown alone then). */
export function refusalText(code, params = {}) {
  if (!code) return null;
  const key = `refusal.${code}`;
  return key in CATALOGUES[current] || key in CATALOGUES.id ? t(key, params) : null;
}

/** The catalogue's wording of a reason the API gives as a message key with parameters (an
 * eligibility check's `key` and `params`, a list of { name, value } as text): `reason.<key>` with
 * dates (ISO text) and numbers formatted for the reader, or null when the catalogue lacks the key
 * (the API's English text is shown then). */
export function reasonText(key, params) {
  if (!key) return null;
  const name = `reason.${key}`;
  if (!(name in CATALOGUES[current] || name in CATALOGUES.id)) return null;
  const values = {};
  for (const { name: param, value } of params ?? []) values[param] = formatParam(value);
  return t(name, values);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+\.\d+$/;

/** A param as the reader reads it: a date in words, a decimal with the language's separator
 * (80.5 → 80,5; 80.0 → 80). Whole numbers stay as they are: a year is not 2.025. */
function formatParam(value) {
  const text = String(value ?? '');
  if (ISO_DATE.test(text)) return fmtDate(text);
  if (DECIMAL.test(text)) return fmtNumber(Number(text), 2);
  return text;
}

/** Re-render the calling component whenever the language changes. */
export function useLang() {
  const [value, setValue] = useState(current);
  useEffect(() => {
    listeners.add(setValue);
    return () => listeners.delete(setValue);
  }, []);
  return value;
}

function locale() {
  return current === 'id' ? 'id-ID' : 'en-GB';
}

export function fmtDate(iso) {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

// The province's zone, as the server says (workflow { timeZone timeZoneAbbreviation }): a time is shown
// on the province's clock with its mark ("26 Jan 2026 10.30 WIB"), whatever zone the reader's device is in.
let zone = { name: undefined, abbreviation: '' };

/** Set by the shell once the server has answered; until then times show on the device's clock, unmarked. */
export function setTimeZone(name, abbreviation) {
  zone = { name: name || undefined, abbreviation: abbreviation || '' };
}

export function fmtDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let text;
  try {
    text = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: zone.name }).format(d);
  } catch (_) {
    text = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  }
  return zone.abbreviation ? `${text} ${zone.abbreviation}` : text;
}

export function fmtNumber(n, digits = 1) {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}
