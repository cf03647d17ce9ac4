// The unit picker: the organisation's units as a tree with their parents, searchable by any part of
// the path ("keuangan kesehatan" finds Dinas Kesehatan › Sekretariat › Subbagian Keuangan, not the
// thirty other Subbagian Keuangan). Reusable wherever a unit is chosen:
//   <${UnitPicker} id="posts-unit" label=${t('…')} value=${code} onChange=${setCode} />
// `value` '' means every unit. The units are read once per page load and shared by every picker.
import { html, useEffect, useMemo, useState } from './lib.js';
import { t } from './i18n.js';
import { request } from './gql.js';
import { UNIT_TREE } from './queries/units.js';
import './list-controls.js'; // its stylesheet (lists.css) holds the picker's rules

const SEPARATOR = ' › ';
const MAX_MATCHES = 50;
let loading = null;

/** Every unit ({ code, name, parentCode }), fetched once. */
export function loadUnits() {
  loading ??= request(UNIT_TREE, {}).then(
    (data) => data.units,
    (error) => {
      loading = null; // try again next time
      throw error;
    },
  );
  return loading;
}

/** The tree of `units`: children by parent code, and each unit's path of names from its top unit. */
export function unitTree(units) {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const children = new Map();
  for (const u of units) {
    const parent = byCode.has(u.parentCode) ? u.parentCode : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(u);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const paths = new Map();
  const pathOf = (code, seen = new Set()) => {
    if (paths.has(code)) return paths.get(code);
    const unit = byCode.get(code);
    if (!unit || seen.has(code)) return [];
    seen.add(code);
    const path = [...pathOf(unit.parentCode, seen), unit.name];
    paths.set(code, path);
    return path;
  };
  // The province itself (the one root with children) adds nothing to a path: "Dinas Kesehatan › …".
  const roots = children.get(null) ?? [];
  const skipRoot = roots.length === 1 && children.has(roots[0].code);
  const label = (code) => {
    const path = pathOf(code);
    return (skipRoot && path.length > 1 ? path.slice(1) : path).join(SEPARATOR);
  };
  return { byCode, children, roots, label, top: skipRoot ? children.get(roots[0].code) : roots };
}

/** The units whose path holds every word of `search`, best first (the name itself matching). */
export function searchUnits(tree, search) {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found = [];
  for (const unit of tree.byCode.values()) {
    const path = tree.label(unit.code).toLowerCase();
    if (words.every((w) => path.includes(w))) {
      const own = words.some((w) => unit.name.toLowerCase().includes(w)) ? 0 : 1;
      found.push({ unit, own, path: tree.label(unit.code) });
    }
  }
  return found.sort((a, b) => a.own - b.own || a.path.localeCompare(b.path));
}

function Branch({ tree, unit, depth, value, expanded, toggle, choose }) {
  const kids = tree.children.get(unit.code) ?? [];
  const open = expanded.has(unit.code);
  return html`<li role="treeitem" aria-expanded=${kids.length ? String(open) : undefined}
      aria-selected=${String(unit.code === value)}>
    <div class="unit-row" style=${`padding-left: ${depth * 1.1}rem`}>
      ${kids.length
        ? html`<button type="button" class="unit-toggle" aria-label=${t(open ? 'unitPicker.collapse' : 'unitPicker.expand', { name: unit.name })}
            onClick=${() => toggle(unit.code)}>${open ? '▾' : '▸'}</button>`
        : html`<span class="unit-toggle" aria-hidden="true"></span>`}
      <button type="button" class="unit-option" data-testid="unit-option" data-code=${unit.code}
        onClick=${() => choose(unit.code)}>${unit.name}</button>
    </div>
    ${open && kids.length > 0 &&
    html`<ul role="group">
      ${kids.map((k) => html`<${Branch} key=${k.code} tree=${tree} unit=${k} depth=${depth + 1} value=${value}
        expanded=${expanded} toggle=${toggle} choose=${choose} />`)}
    </ul>`}
  </li>`;
}

export function UnitPicker({ id, label, value = '', onChange }) {
  const [units, setUnits] = useState(null);
  const [failed, setFailed] = useState(null);
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState(new Set());
  useEffect(() => {
    loadUnits().then(setUnits, setFailed);
  }, []);
  const tree = useMemo(() => (units ? unitTree(units) : null), [units]);
  const matches = useMemo(() => (tree ? searchUnits(tree, search) : []), [tree, search]);
  const choose = (code) => {
    onChange(code);
    setOpen(false);
    setSearch('');
  };
  const toggle = (code) =>
    setExpanded((old) => {
      const next = new Set(old);
      next.has(code) ? next.delete(code) : next.add(code);
      return next;
    });
  const chosen = value && tree ? tree.label(value) || value : t('unitPicker.all');
  return html`<div class="field unit-picker" data-testid="unit-picker" onKeyDown=${(e) => e.key === 'Escape' && setOpen(false)}>
    <label for=${id}>${label}</label>
    <button type="button" id=${id} class="unit-picker-button" aria-haspopup="tree" aria-expanded=${String(open)}
      data-code=${value} onClick=${() => setOpen(!open)}>${chosen}</button>
    ${failed && html`<small class="hint">${t('unitPicker.failed')}</small>`}
    ${open && tree &&
    html`<div class="unit-panel" data-testid="unit-panel">
      <input type="search" aria-label=${t('unitPicker.search')} placeholder=${t('unitPicker.search')} value=${search}
        onInput=${(e) => setSearch(e.currentTarget.value)} autofocus />
      <button type="button" class="unit-option unit-all" data-testid="unit-option" data-code=""
        onClick=${() => choose('')}>${t('unitPicker.all')}</button>
      ${search.trim()
        ? html`<ul class="unit-matches" role="listbox" aria-label=${t('unitPicker.matches')}>
            ${matches.slice(0, MAX_MATCHES).map(
              (m) => html`<li role="option" aria-selected=${String(m.unit.code === value)}>
                <button type="button" class="unit-option" data-testid="unit-option" data-code=${m.unit.code}
                  onClick=${() => choose(m.unit.code)}>${m.path}</button></li>`,
            )}
            ${matches.length === 0 && html`<li class="muted">${t('unitPicker.none')}</li>`}
            ${matches.length > MAX_MATCHES && html`<li class="muted">${t('unitPicker.more', { n: matches.length - MAX_MATCHES })}</li>`}
          </ul>`
        : html`<ul class="unit-tree" role="tree" aria-label=${label}>
            ${tree.top.map((u) => html`<${Branch} key=${u.code} tree=${tree} unit=${u} depth=${0} value=${value}
              expanded=${expanded} toggle=${toggle} choose=${choose} />`)}
          </ul>`}
    </div>`}
  </div>`;
}
