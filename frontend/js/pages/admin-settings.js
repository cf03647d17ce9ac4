// The talent rules' settings (administrators): each value with the regulation it comes from, a
// change (the server checks the value's shape and audits it), and the history of every change as
// the audit chain recorded it.
import { html, useState } from '../lib.js';
import { fmtDateTime, t } from '../i18n.js';
import { mutate } from '../gql.js';
import { RULE_SETTINGS, UPDATE_RULE_SETTING } from '../queries.js';
import { ActionButton, Empty, ErrorMessage, Field, Loading, useQuery } from '../ui.js';

function EditSetting({ setting, onSaved, onClose }) {
  const [value, setValue] = useState(setting.value);
  const [source, setSource] = useState(setting.source);
  const [error, setError] = useState(null);
  const save = async () => {
    const changedSource = source.trim() !== setting.source ? source.trim() : null;
    await mutate(UPDATE_RULE_SETTING, { key: setting.key, value: value.trim(), source: changedSource }, 'updateRuleSetting');
    onSaved();
    onClose();
  };
  return html`<section class="panel" aria-labelledby="setting-edit-title" data-testid="setting-edit">
    <h2 id="setting-edit-title">${t('settings.editTitle', { key: setting.key })}</h2>
    <p class="muted">${setting.description}</p>
    <${Field} id="setting-value" label=${t('settings.value')} hint=${t('settings.valueHint')}>
      <textarea id="setting-value" rows="3" class="mono" value=${value} onInput=${(e) => setValue(e.currentTarget.value)}></textarea>
    <//>
    <${Field} id="setting-source" label=${t('settings.source')}>
      <input id="setting-source" value=${source} onInput=${(e) => setSource(e.currentTarget.value)} />
    <//>
    <div style="display: flex; flex-wrap: wrap; gap: 0.5rem">
      <${ActionButton} run=${save} onError=${setError} data-testid="setting-save">${t('settings.save')}<//>
      <button type="button" class="btn btn-ghost" onClick=${onClose}>${t('settings.cancel')}</button>
    </div>
    <${ErrorMessage} error=${error} />
  </section>`;
}

function History({ changes }) {
  if (changes.length === 0) return html`<${Empty}>${t('settings.noHistory')}<//>`;
  return html`<div style="overflow-x: auto; position: relative">
    <table class="table" data-testid="settings-history">
      <thead><tr>
        <th scope="col">${t('settings.when')}</th>
        <th scope="col">${t('settings.who')}</th>
        <th scope="col">${t('settings.key')}</th>
        <th scope="col">${t('settings.change')}</th>
      </tr></thead>
      <tbody>
        ${changes.map(
          (c) => html`<tr>
            <td>${fmtDateTime(c.at)}<div class="muted small">#${c.seq}</div></td>
            <td>${c.actor}</td>
            <td class="mono small" style="overflow-wrap: anywhere">${c.key}</td>
            <td class="mono small" style="overflow-wrap: anywhere">${c.oldValue} → ${c.newValue}
              ${c.source && html`<div class="muted">${c.source}</div>`}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function AdminSettings() {
  const { data, error, loading, reload } = useQuery(RULE_SETTINGS, {});
  const [editing, setEditing] = useState(null);
  const settings = data?.ruleSettings ?? [];
  return html`<section aria-labelledby="settings-title">
    <h1 id="settings-title">${t('settings.title')}</h1>
    <p class="muted">${t('settings.intro')}</p>
    <${ErrorMessage} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${editing && html`<${EditSetting} key=${editing.key} setting=${editing} onSaved=${reload} onClose=${() => setEditing(null)} />`}
    ${settings.length > 0 &&
    html`<div style="overflow-x: auto; position: relative">
      <table class="table" data-testid="settings">
        <thead><tr>
          <th scope="col">${t('settings.key')}</th>
          <th scope="col">${t('settings.value')}</th>
          <th scope="col">${t('settings.source')}</th>
          <th scope="col"><span class="sr-only">${t('settings.actions')}</span></th>
        </tr></thead>
        <tbody>
          ${settings.map(
            (s) => html`<tr data-key=${s.key}>
              <td><span class="mono small" style="overflow-wrap: anywhere">${s.key}</span>
                <div class="muted small">${s.description}</div></td>
              <td class="mono small" style="overflow-wrap: anywhere">${s.value}</td>
              <td class="small">${s.source}</td>
              <td><button type="button" class="btn btn-small btn-secondary" onClick=${() => setEditing(s)}
                aria-label=${t('settings.editTitle', { key: s.key })}>${t('settings.edit')}</button></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`}
    <section class="panel" aria-labelledby="settings-history-title">
      <h2 id="settings-history-title">${t('settings.history')}</h2>
      ${data && html`<${History} changes=${data.ruleSettingHistory ?? []} />`}
    </section>
  </section>`;
}
