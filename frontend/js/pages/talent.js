// Peta talenta: the nine-box grid in the official layout (PermenPANRB 3/2020) — boxes numbered
// diagonally, potential up the side, performance along the bottom — with the unmapped and why.
import { html, useState } from '../lib.js';
import { t } from '../i18n.js';
import { NINE_BOX, NINE_BOX_MEMBERS } from '../queries.js';
import { href } from '../router.js';
import { ExportLink, Pager, usePagedList } from '../list-controls.js';
import { UnitPicker } from '../unit-picker.js';
import { Empty, ErrorMessage, Loading, checkDetail, useQuery } from '../ui.js';

const MEMBERS_PAGE = 24;

/** Every member of one cell, page by page from the server, with the total. */
function CellMembers({ box, unitCode }) {
  const list = usePagedList(NINE_BOX_MEMBERS, { box, unitCode: unitCode || null }, 'nineBoxMembers', MEMBERS_PAGE);
  return html`<div data-testid="cell-members">
    <${ErrorMessage} error=${list.error} />
    ${list.loading && !list.data && html`<${Loading} />`}
    ${list.data &&
    (list.items.length === 0
      ? html`<${Empty}>${t('talent.noMembers')}<//>`
      : html`<ul class="plain columns">
          ${list.items.map(
            (m) => html`<li data-nip=${m.nip}><a href=${href(`/employees/${m.nip}`)}>${m.name}</a>
              <span class="muted small"> ${m.position?.title ?? m.unit?.name ?? ''}</span></li>`,
          )}
        </ul>`)}
    <${Pager} list=${list} name="members" noun="talent.noun.members" />
  </div>`;
}

// Rows top to bottom: potential high, middle, low; columns: performance below, as expected, above.
export const NINE_BOX_LAYOUT = [
  [6, 8, 9],
  [3, 5, 7],
  [1, 2, 4],
];
const POTENTIAL = ['high', 'middle', 'low'];
const PERFORMANCE = ['below', 'expected', 'above'];

export function TalentMap() {
  const [unitCode, setUnitCode] = useState('');
  const [selected, setSelected] = useState(null);
  const { data, error, loading } = useQuery(NINE_BOX, { unitCode: unitCode || null });
  const cells = new Map((data?.nineBox?.cells ?? []).map((c) => [c.box, c]));
  const unmapped = data?.nineBox?.unmapped ?? [];
  const unmappedCount = unmapped.reduce((sum, group) => sum + (group.count ?? 0), 0);
  const chosen = selected ? cells.get(selected) : null;

  return html`<section aria-labelledby="talent-title">
    <h1 id="talent-title">${t('talent.title')}</h1>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <${UnitPicker} id="talent-unit" label=${t('talent.unit')} value=${unitCode} onChange=${(v) => {
        setUnitCode(v);
        setSelected(null);
      }} />
      <${ExportLink} what="ninebox" variables=${{ unitCode: unitCode || null }} />
    </form>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${data &&
    html`<div class="ninebox-wrap">
      <div class="ninebox-ylabel" aria-hidden="true">${t('talent.potential')}</div>
      <div class="ninebox" role="grid" aria-label=${t('talent.gridLabel')} data-testid="ninebox">
        ${NINE_BOX_LAYOUT.map(
          (row, r) => html`<div class="ninebox-row" role="row">
            <div class="ninebox-band" role="rowheader">${t(`talent.potential.${POTENTIAL[r]}`)}</div>
            ${row.map((box) => {
              const cell = cells.get(box) ?? { box, count: 0, label: '' };
              return html`<div role="gridcell">
                <button type="button" class=${`ninebox-cell box-${box}${selected === box ? ' selected' : ''}`}
                  data-box=${box} aria-pressed=${selected === box ? 'true' : 'false'}
                  onClick=${() => setSelected(selected === box ? null : box)}>
                  <span class="box-number">${box}</span>
                  <span class="box-label">${t(`talent.boxLabel.${box}`)}</span>
                  <span class="box-count" data-testid="box-count">${cell.count ?? 0}</span>
                </button>
              </div>`;
            })}
          </div>`,
        )}
        <div class="ninebox-row ninebox-xaxis" role="row">
          <div class="ninebox-band" role="columnheader"></div>
          ${PERFORMANCE.map((p) => html`<div class="ninebox-band" role="columnheader">${t(`talent.performance.${p}`)}</div>`)}
        </div>
      </div>
      <div class="ninebox-xlabel" aria-hidden="true">${t('talent.performance')}</div>
    </div>`}
    ${chosen &&
    html`<section class="panel" aria-live="polite" data-testid="box-members">
      <h2>${t('talent.box', { box: chosen.box })} · ${t(`talent.boxLabel.${chosen.box}`)}</h2>
      <p class="muted">${t(`talent.followUp.${chosen.box}`)}</p>
      <${CellMembers} box=${chosen.box} unitCode=${unitCode} />
    </section>`}
    ${data &&
    html`<section>
      <h2>${t('talent.unmapped', { n: unmappedCount })}</h2>
      ${unmapped.length === 0
        ? html`<${Empty}>${t('talent.noneUnmapped')}<//>`
        : html`<table class="table" data-testid="unmapped">
            <thead><tr><th scope="col">${t('talent.col.reason')}</th><th scope="col">${t('talent.col.count')}</th>
              <th scope="col">${t('talent.col.employee')}</th></tr></thead>
            <tbody>
              ${unmapped.map(
                (g) => html`<tr><td>${checkDetail({ ...g, detail: g.reason })}</td><td>${g.count}</td>
                  <td>${(g.members ?? []).map((m, i) => html`${i ? ', ' : ''}<a href=${href(`/employees/${m.nip}`)}>${m.name}</a>`)}
                    ${(g.members ?? []).length < g.count ? html` <span class="muted">…</span>` : ''}</td></tr>`,
              )}
            </tbody>
          </table>`}
    </section>`}
  </section>`;
}
