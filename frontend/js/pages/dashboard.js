// The operator's dashboard: vacancies by level, nominations by stage and overdue nominations in the
// units the operator covers (the server scopes every count), each linking into its list.
import { html } from '../lib.js';
import { fmtDate, t, tCode } from '../i18n.js';
import { DASHBOARD } from '../queries.js';
import { href } from '../router.js';
import { Empty, ErrorMessage, Loading, StateBadge, useQuery } from '../ui.js';

function Vacancies({ rows }) {
  return html`<section class="panel" aria-labelledby="dash-vacancies">
    <h2 id="dash-vacancies">${t('dashboard.vacancies')}</h2>
    ${rows.length === 0
      ? html`<${Empty}>${t('dashboard.noPosts')}<//>`
      : html`<div style="overflow-x: auto; position: relative">
          <table class="table" data-testid="dashboard-vacancies">
            <thead><tr>
              <th scope="col">${t('dashboard.level')}</th>
              <th scope="col">${t('dashboard.posts')}</th>
              <th scope="col">${t('dashboard.vacant')}</th>
              <th scope="col">${t('dashboard.beingFilled')}</th>
            </tr></thead>
            <tbody>
              ${rows.map(
                (v) => html`<tr>
                  <th scope="row">${tCode('level', v.level)}</th>
                  <td>${v.posts}</td>
                  <td><a href=${href(`/posts?vacant=1&level=${encodeURIComponent(v.level)}`)}>${v.vacant}</a></td>
                  <td>${v.vacantWithOpenNomination}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`}
  </section>`;
}

function Stages({ rows }) {
  return html`<section class="panel" aria-labelledby="dash-stages">
    <h2 id="dash-stages">${t('dashboard.stages')}</h2>
    <ul class="stage-counts" style="list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem" data-testid="dashboard-stages">
      ${rows.map(
        (s) => html`<li>
          <a href=${href(`/nominations?state=${s.stage}`)}>
            <${StateBadge} state=${s.stage.toLowerCase()} /> <strong>${s.count}</strong>
          </a>
        </li>`,
      )}
    </ul>
  </section>`;
}

function Overdue({ count, rows }) {
  return html`<section class="panel" aria-labelledby="dash-overdue">
    <h2 id="dash-overdue">${t('dashboard.overdue', { n: count })}</h2>
    ${count === 0
      ? html`<${Empty}>${t('dashboard.noOverdue')}<//>`
      : html`<ul data-testid="dashboard-overdue">
            ${rows.map(
              (n) => html`<li>
                <a href=${href(`/nominations/${n.id}`)}>#${n.id} ${n.position?.title ?? ''}</a>
                <span class="muted small"> · ${tCode('state', n.state?.toLowerCase())} ·
                  ${t('dashboard.dueOn', { date: fmtDate(n.stageDueOn) })}</span>
              </li>`,
            )}
          </ul>
          ${count > rows.length && html`<p><a href=${href('/nominations')}>${t('dashboard.allOverdue')}</a></p>`}`}
  </section>`;
}

export function Dashboard() {
  const { data, error, loading } = useQuery(DASHBOARD, {});
  const board = data?.dashboard;
  return html`<section aria-labelledby="dashboard-title">
    <h1 id="dashboard-title">${t('dashboard.title')}</h1>
    ${board && html`<p class="muted" data-testid="dashboard-scope">
      ${board.unitCode ? t('dashboard.scopeUnit', { unit: board.unitCode }) : t('dashboard.scopeProvince')}
    </p>`}
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${board &&
    html`<div class="grid-2">
        <${Vacancies} rows=${board.vacanciesByLevel} />
        <${Stages} rows=${board.nominationsByStage} />
      </div>
      <${Overdue} count=${board.overdueCount} rows=${board.overdue} />`}
  </section>`;
}
