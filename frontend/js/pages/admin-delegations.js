// Plt/Plh delegations (administrators): who acts for whom and when, recorded and ended here. The
// server decides who may, checks the period and the accounts, and audits every change.
import { html, useState } from '../lib.js';
import { fmtDate, t, tCode } from '../i18n.js';
import { mutate } from '../gql.js';
import { CREATE_DELEGATION, DELEGATIONS, END_DELEGATION } from '../queries.js';
import { ActionButton, Empty, ErrorMessage, Field, Loading, nodes, todayIso, useQuery } from '../ui.js';

function CreateDelegation({ onCreated }) {
  const empty = { actingUsername: '', principalUsername: '', role: 'PLH', startsOn: todayIso(), endsOn: todayIso(), letterNumber: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState(null);
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const create = async () => {
    await mutate(
      CREATE_DELEGATION,
      { ...form, actingUsername: form.actingUsername.trim(), principalUsername: form.principalUsername.trim() },
      'createDelegation',
    );
    setForm(empty);
    onCreated();
  };
  return html`<details class="panel" data-testid="delegation-create">
    <summary>${t('delegations.create')}</summary>
    <div class="grid-2">
      <${Field} id="del-acting" label=${t('delegations.acting')} hint=${t('delegations.usernameHint')}>
        <input id="del-acting" autocomplete="off" value=${form.actingUsername} onInput=${set('actingUsername')} />
      <//>
      <${Field} id="del-principal" label=${t('delegations.principal')} hint=${t('delegations.usernameHint')}>
        <input id="del-principal" autocomplete="off" value=${form.principalUsername} onInput=${set('principalUsername')} />
      <//>
      <${Field} id="del-role" label=${t('delegations.kind')}>
        <select id="del-role" value=${form.role} onChange=${set('role')}>
          <option value="PLH">${t('delegations.plh')}</option>
          <option value="PLT">${t('delegations.plt')}</option>
        </select>
      <//>
      <${Field} id="del-letter" label=${t('delegations.letter')}>
        <input id="del-letter" value=${form.letterNumber} onInput=${set('letterNumber')} />
      <//>
      <${Field} id="del-start" label=${t('delegations.startsOn')}>
        <input id="del-start" type="date" value=${form.startsOn} onInput=${set('startsOn')} />
      <//>
      <${Field} id="del-end" label=${t('delegations.endsOn')}>
        <input id="del-end" type="date" value=${form.endsOn} onInput=${set('endsOn')} />
      <//>
    </div>
    <${ActionButton} run=${create} onError=${setError} data-testid="delegation-create-submit">${t('delegations.createSubmit')}<//>
    <${ErrorMessage} error=${error} />
  </details>`;
}

export function AdminDelegations() {
  const [current, setCurrent] = useState(true);
  const [error, setError] = useState(null);
  const result = useQuery(DELEGATIONS, { current, first: 100 });
  const rows = nodes(result.data?.delegations);
  const end = (id) => async () => {
    await mutate(END_DELEGATION, { id }, 'endDelegation');
    result.reload();
  };
  return html`<section aria-labelledby="delegations-title">
    <h1 id="delegations-title">${t('delegations.title')}</h1>
    <p class="muted">${t('delegations.intro')}</p>
    <${CreateDelegation} onCreated=${result.reload} />
    <label class="check" style="display: inline-flex; gap: 0.4rem; margin: 0.5rem 0">
      <input type="checkbox" id="del-current" checked=${current} onChange=${(e) => setCurrent(e.currentTarget.checked)} />
      ${t('delegations.currentOnly')}
    </label>
    <${ErrorMessage} error=${result.error || error} />
    ${result.loading && !result.data && html`<${Loading} />`}
    ${result.data && rows.length === 0 && html`<${Empty}>${t('delegations.none')}<//>`}
    ${rows.length > 0 &&
    html`<div style="overflow-x: auto; position: relative">
      <table class="table" data-testid="delegations">
        <thead><tr>
          <th scope="col">${t('delegations.acting')}</th>
          <th scope="col">${t('delegations.principal')}</th>
          <th scope="col">${t('delegations.kind')}</th>
          <th scope="col">${t('delegations.period')}</th>
          <th scope="col">${t('delegations.letter')}</th>
          <th scope="col"><span class="sr-only">${t('delegations.actions')}</span></th>
        </tr></thead>
        <tbody>
          ${rows.map(
            (d) => html`<tr>
              <td class="mono">${d.actingUsername}</td>
              <td class="mono">${d.principalUsername}</td>
              <td>${tCode('delegation', d.role.toLowerCase())}</td>
              <td>${fmtDate(d.startsOn)} – ${fmtDate(d.endsOn)}
                ${d.inForce && html` <span class="badge badge-ok">${t('delegations.inForce')}</span>`}</td>
              <td>${d.letterNumber || '—'}</td>
              <td>${d.endsOn >= todayIso() &&
                html`<${ActionButton} run=${end(d.id)} onError=${setError} kind="danger" class="btn btn-small btn-danger"
                  aria-label=${t('delegations.endLabel', { acting: d.actingUsername, principal: d.principalUsername })}>
                  ${t('delegations.end')}<//>`}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`}
  </section>`;
}
