// Sign-in: username and password → the `login` mutation, which sets the session cookie.
import { html, useState } from '../lib.js';
import { lang, setLang, t } from '../i18n.js';
import { ApiError, mutate } from '../gql.js';
import { LOGIN } from '../queries.js';
import { ErrorMessage, Field } from '../ui.js';

export function SignIn({ onSignedIn }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const other = lang() === 'id' ? 'en' : 'id';

  const submit = async (event) => {
    event.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(new ApiError('InvalidInput', t('signin.missing')));
      return;
    }
    setBusy(true);
    try {
      await mutate(LOGIN, { username: username.trim(), password }, 'login');
      await onSignedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return html`<main id="main" class="signin" tabindex="-1" data-page="signin">
    <div class="signin-card">
      <div class="signin-top">
        <span class="brand">meritflow</span>
        <button type="button" class="btn btn-ghost" lang=${other} data-testid="lang-toggle"
          aria-label=${t('header.switchLanguage')} onClick=${() => setLang(other)}>${t(`lang.${other}`)}</button>
      </div>
      <h1>${t('signin.title')}</h1>
      <p class="muted">${t('signin.intro')}</p>
      <form onSubmit=${submit} novalidate>
        <${Field} id="username" label=${t('signin.username')}>
          <input id="username" name="username" autocomplete="username" required value=${username}
            onInput=${(e) => setUsername(e.currentTarget.value)} />
        <//>
        <${Field} id="password" label=${t('signin.password')}>
          <input id="password" name="password" type="password" autocomplete="current-password" required
            value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
        <//>
        <${ErrorMessage} error=${error} />
        <button type="submit" class="btn btn-primary" disabled=${busy}>${t('signin.submit')}</button>
      </form>
    </div>
  </main>`;
}
