// Accounts (administrators): list and search, create, change roles and unit scope, disable and
// enable, reset a password. The server validates and audits every change; this page only asks.
import { html, useRef, useState } from '../lib.js';
import { fmtDateTime, t, tCode } from '../i18n.js';
import { mutate } from '../gql.js';
import { ACCOUNTS, CHANGE_ACCOUNT, CREATE_ACCOUNT, DISABLE_ACCOUNT, ENABLE_ACCOUNT, RESET_PASSWORD } from '../queries.js';
import { ActionButton, Empty, ErrorMessage, Field, Loading, nodes, useQuery } from '../ui.js';
import { UnitPicker } from '../unit-picker.js';

// The roles an account may hold (domain.reference.Role); the server refuses any other.
export const ROLES = ['admin', 'operator', 'panel', 'panel_chair', 'secretary', 'ppk', 'reviewer', 'auditor', 'employee'];
const PAGE = 50;

function RolePicker({ idPrefix, value, onChange }) {
  const toggle = (role) => onChange(value.includes(role) ? value.filter((r) => r !== role) : [...value, role]);
  return html`<fieldset class="role-picker">
    <legend>${t('accounts.roles')}</legend>
    ${ROLES.map(
      (role) => html`<label class="check" style="display: inline-flex; gap: 0.3rem; margin-right: 1rem">
        <input type="checkbox" id=${`${idPrefix}-${role}`} checked=${value.includes(role)} onChange=${() => toggle(role)} />
        ${tCode('role', role)}
      </label>`,
    )}
  </fieldset>`;
}

function CreateAccount({ onCreated }) {
  const empty = { username: '', password: '', displayName: '', nip: '', unitCode: '', roles: ['employee'] };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState(null);
  const [done, setDone] = useState('');
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const create = async () => {
    setDone('');
    const account = await mutate(
      CREATE_ACCOUNT,
      {
        username: form.username.trim(),
        password: form.password,
        roles: form.roles,
        displayName: form.displayName.trim() || null,
        nip: form.nip.trim() || null,
        unitCode: form.unitCode.trim() || null,
      },
      'createAccount',
    );
    setForm(empty);
    setDone(t('accounts.created', { username: account.username }));
    onCreated();
  };
  return html`<details class="panel" data-testid="account-create">
    <summary>${t('accounts.create')}</summary>
    <div class="grid-2">
      <${Field} id="acc-username" label=${t('accounts.username')} hint=${t('accounts.usernameHint')}>
        <input id="acc-username" autocomplete="off" value=${form.username} onInput=${set('username')} />
      <//>
      <${Field} id="acc-password" label=${t('accounts.firstPassword')} hint=${t('accounts.passwordHint')}>
        <input id="acc-password" type="password" autocomplete="new-password" value=${form.password} onInput=${set('password')} />
      <//>
      <${Field} id="acc-name" label=${t('accounts.displayName')}>
        <input id="acc-name" value=${form.displayName} onInput=${set('displayName')} />
      <//>
      <${Field} id="acc-nip" label=${t('accounts.nip')} hint=${t('accounts.nipHint')}>
        <input id="acc-nip" inputmode="numeric" value=${form.nip} onInput=${set('nip')} />
      <//>
      <div>
        <${UnitPicker} id="acc-unit" label=${t('accounts.unitCode')} value=${form.unitCode}
          onChange=${(unitCode) => setForm({ ...form, unitCode })} />
        <small class="hint">${t('accounts.unitHint')}</small>
      </div>
    </div>
    <${RolePicker} idPrefix="acc-role" value=${form.roles} onChange=${(roles) => setForm({ ...form, roles })} />
    <${ActionButton} run=${create} onError=${setError} data-testid="account-create-submit">${t('accounts.createSubmit')}<//>
    <${ErrorMessage} error=${error} />
    ${done && html`<p class="alert alert-ok" role="status">${done}</p>`}
  </details>`;
}

function EditAccount({ account, onChanged, onClose }) {
  const [roles, setRoles] = useState(account.roles);
  const [unitCode, setUnitCode] = useState(account.unitCode ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [done, setDone] = useState('');
  const after = (message) => {
    setError(null);
    setDone(message);
    onChanged();
  };
  const save = async () => {
    await mutate(CHANGE_ACCOUNT, { id: account.id, roles, unitCode: unitCode.trim() || null }, 'changeAccount');
    after(t('accounts.saved'));
  };
  const toggleActive = async () => {
    if (account.active) await mutate(DISABLE_ACCOUNT, { id: account.id }, 'disableAccount');
    else await mutate(ENABLE_ACCOUNT, { id: account.id }, 'enableAccount');
    after(account.active ? t('accounts.disabledDone') : t('accounts.enabledDone'));
  };
  const reset = async () => {
    await mutate(RESET_PASSWORD, { id: account.id, password }, 'resetPassword');
    setPassword('');
    after(t('accounts.passwordDone'));
  };
  return html`<section class="panel" aria-labelledby="acc-edit-title" data-testid="account-edit">
    <h2 id="acc-edit-title">${t('accounts.editTitle', { username: account.username })}</h2>
    <${RolePicker} idPrefix="edit-role" value=${roles} onChange=${setRoles} />
    <${UnitPicker} id="edit-unit" label=${t('accounts.unitCode')} value=${unitCode} onChange=${setUnitCode} />
    <small class="hint">${t('accounts.unitHint')}</small>
    <div class="actions" style="display: flex; flex-wrap: wrap; gap: 0.5rem">
      <${ActionButton} run=${save} onError=${setError} data-testid="account-save">${t('accounts.save')}<//>
      <${ActionButton} run=${toggleActive} onError=${setError} kind=${account.active ? 'danger' : 'secondary'}
        data-testid="account-toggle">${account.active ? t('accounts.disable') : t('accounts.enable')}<//>
      <button type="button" class="btn btn-ghost" onClick=${onClose}>${t('accounts.close')}</button>
    </div>
    <${Field} id="edit-password" label=${t('accounts.newPassword')} hint=${t('accounts.resetHint')}>
      <input id="edit-password" type="password" autocomplete="new-password" value=${password}
        onInput=${(e) => setPassword(e.currentTarget.value)} />
    <//>
    <${ActionButton} run=${reset} onError=${setError} kind="secondary" data-testid="account-reset">${t('accounts.reset')}<//>
    <${ErrorMessage} error=${error} />
    ${done && html`<p class="alert alert-ok" role="status">${done}</p>`}
  </section>`;
}

function AccountTable({ accounts, onEdit }) {
  return html`<div style="overflow-x: auto; position: relative">
    <table class="table" data-testid="accounts">
      <thead><tr>
        <th scope="col">${t('accounts.username')}</th>
        <th scope="col">${t('accounts.name')}</th>
        <th scope="col">${t('accounts.roles')}</th>
        <th scope="col">${t('accounts.unit')}</th>
        <th scope="col">${t('accounts.status')}</th>
        <th scope="col"><span class="sr-only">${t('accounts.actions')}</span></th>
      </tr></thead>
      <tbody>
        ${accounts.map(
          (a) => html`<tr data-username=${a.username}>
            <td class="mono">${a.username}</td>
            <td>${a.employeeName || a.displayName || '—'}</td>
            <td>${a.roles.map((r) => tCode('role', r)).join(', ')}</td>
            <td>${a.unitCode ? a.unitName || a.unitCode : t('accounts.province')}</td>
            <td>${a.active
              ? html`<span class="badge badge-ok">${t('accounts.active')}</span>`
              : html`<span class="badge badge-danger">${t('accounts.disabled')}</span>`}
              <div class="muted small">${fmtDateTime(a.createdAt)}</div></td>
            <td><button type="button" class="btn btn-small btn-secondary" onClick=${() => onEdit(a)}
              aria-label=${t('accounts.editTitle', { username: a.username })}>${t('accounts.edit')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function AdminAccounts() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState(null);
  const result = useQuery(ACCOUNTS, { search: query || null, first: PAGE });
  const accounts = nodes(result.data?.accounts);
  const current = editing && (accounts.find((a) => a.id === editing.id) ?? editing);
  // A change finishes after later renders: reload with the search shown then, not the one at its start.
  const latestReload = useRef(result.reload);
  latestReload.current = result.reload;
  const reload = () => latestReload.current();
  return html`<section aria-labelledby="accounts-title">
    <h1 id="accounts-title">${t('accounts.title')}</h1>
    <${CreateAccount} onCreated=${reload} />
    <form class="filters" role="search" onSubmit=${(e) => {
      e.preventDefault();
      setQuery(search.trim());
    }}>
      <${Field} id="acc-search" label=${t('accounts.search')}>
        <input id="acc-search" type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)} />
      <//>
      <button type="submit" class="btn btn-primary">${t('common.search')}</button>
    </form>
    ${current && html`<${EditAccount} key=${current.id} account=${current} onChanged=${reload}
      onClose=${() => setEditing(null)} />`}
    <${ErrorMessage} error=${result.error} />
    ${result.loading && !result.data && html`<${Loading} />`}
    ${result.data && html`<p class="muted" data-testid="accounts-total">
      ${t('accounts.total', { shown: accounts.length, n: result.data.accounts.totalCount })}</p>`}
    ${result.data && accounts.length === 0 && html`<${Empty}>${t('accounts.none')}<//>`}
    ${accounts.length > 0 && html`<${AccountTable} accounts=${accounts} onEdit=${setEditing} />`}
  </section>`;
}
