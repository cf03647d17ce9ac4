// The application shell: who is signed in, the header, navigation and the page for the route.
import { html, render, useEffect, useState } from './lib.js';
import { lang, setLang, setTimeZone, t, tCode, useLang } from './i18n.js';
import { mutate, request, setUnauthenticatedHandler } from './gql.js';
import { closeAll, setSessionEndedHandler } from './ws.js';
import { LOGOUT, ME, WORKSPACE } from './queries.js';
import { href, navigate, useRoute } from './router.js';
import { APP_FACTS } from './queries.js';
import { Loading } from './ui.js';
import { SignIn } from './pages/signin.js';
import { Inbox } from './pages/inbox.js';
import { Posts } from './pages/posts.js';
import { Post } from './pages/post.js';
import { TalentMap } from './pages/talent.js';
import { Employees } from './pages/employees.js';
import { EmployeeProfile } from './pages/employee.js';
import { Nominations } from './pages/nominations.js';
import { NominationPage } from './pages/nomination.js';
import { Ceremonies, CeremonyPage, CeremonyPrint, DossierPrint } from './pages/ceremony.js';
import { Audit } from './pages/audit.js';
import { Dashboard } from './pages/dashboard.js';
import { AdminAccounts } from './pages/admin-accounts.js';
import { AdminDelegations } from './pages/admin-delegations.js';
import { AdminSettings } from './pages/admin-settings.js';

// The menu: one item per section of the application. Which sections a person sees is the server's
// answer (workspace.sections, derived from the access module and the action table), never a role
// list kept here; the server's order is the menu's order.
const NAV = [
  ['dashboard', '/dashboard', 'nav.dashboard'],
  ['inbox', '/inbox', 'nav.inbox'],
  ['profile', '/employees/{nip}', 'nav.profile'],
  ['posts', '/posts', 'nav.posts'],
  ['talent', '/talent', 'nav.talent'],
  ['employees', '/employees', 'nav.employees'],
  ['nominations', '/nominations', 'nav.nominations'],
  ['ceremonies', '/ceremonies', 'nav.ceremonies'],
  ['audit', '/audit', 'nav.audit'],
  ['accounts', '/admin/accounts', 'nav.accounts'],
  ['delegations', '/admin/delegations', 'nav.delegations'],
  ['settings', '/admin/settings', 'nav.settings'],
];
const PATH_OF = Object.fromEntries(NAV.map(([name, path]) => [name, path]));

/** The path of a section for this person (their own profile needs their NIP). */
function sectionPath(name, me) {
  return (PATH_OF[name] ?? '/inbox').replace('{nip}', encodeURIComponent(me?.employee?.nip ?? ''));
}

/** The sections this person may use (all of them when the server did not say). */
function sectionsOf(me) {
  return me?.workspace?.sections ?? NAV.map(([name]) => name);
}

/** Where this person lands: their home section (an employee without a NIP has no profile). */
function homePath(me) {
  const home = me?.workspace?.home ?? 'inbox';
  return home === 'profile' && !me?.employee?.nip ? '/nominations' : sectionPath(home, me);
}

const SECTION_OF = {
  post: 'posts',
  employee: 'employees',
  nomination: 'nominations',
  ceremony: 'ceremonies',
  ceremonyPrint: 'ceremonies',
  nominationPrint: 'nominations',
};

function LanguageToggle() {
  const other = lang() === 'id' ? 'en' : 'id';
  return html`<button type="button" class="btn btn-ghost" lang=${other} data-testid="lang-toggle"
      aria-label=${t('header.switchLanguage')} onClick=${() => setLang(other)}>
    ${t(`lang.${other}`)}
  </button>`;
}

/** Below 900 px the menu and the header's buttons fold behind this button (styles.css). */
function MenuToggle({ open, onToggle }) {
  return html`<button type="button" class="btn btn-ghost menu-toggle" data-testid="menu-toggle" aria-controls="app-menu"
      aria-expanded=${open ? 'true' : 'false'} onClick=${onToggle}>
    <span aria-hidden="true">${open ? '✕' : '☰'}</span> ${t('header.menu')}
  </button>`;
}

function Header({ me, onSignOut, menuOpen, onToggleMenu }) {
  const roles = (me.roles ?? []).map((r) => tCode('role', r)).join(', ');
  const acting = me.actingFor ?? [];
  return html`<header class="app-header">
    <a class="skip-link" href="#main" onClick=${(e) => {
      e.preventDefault();
      document.getElementById('main')?.focus();
    }}>${t('header.skip')}</a>
    <a class="brand" href=${href('/')}>meritflow</a>
    <${MenuToggle} open=${menuOpen} onToggle=${onToggleMenu} />
    <div class="who" data-testid="who">
      <span class="who-name">${me.displayName || me.employee?.name || me.username}</span>
      <span class="who-role" data-testid="who-role">${roles}</span>
      ${acting.map(
        (a) => html`<span class="who-acting" data-testid="who-acting">
          ${t('header.actingFor', {
            kind: tCode('delegation', a.kind),
            name: a.principal?.displayName || a.principal?.username || '',
          })}
        </span>`,
      )}
    </div>
    <div class="header-actions">
      <${LanguageToggle} />
      <button type="button" class="btn btn-ghost" data-testid="sign-out" onClick=${onSignOut}>${t('header.signOut')}</button>
    </div>
  </header>`;
}

function Nav({ me, current }) {
  const sections = sectionsOf(me);
  return html`<nav class="app-nav" id="app-menu" aria-label=${t('nav.label')}>
    <ul>
      ${NAV.filter(([name]) => sections.includes(name)).map(
        ([name, , key]) => html`<li>
          <a href=${href(sectionPath(name, me))} aria-current=${current === name ? 'page' : undefined}>${t(key)}</a>
        </li>`,
      )}
    </ul>
  </nav>`;
}

function NotAvailable({ me }) {
  return html`<section data-testid="not-available">
    <h1>${t('home.notAvailableTitle')}</h1>
    <p class="alert">${t('home.notAvailable')}</p>
    <p><a href=${href(homePath(me))}>${t('home.back')}</a></p>
  </section>`;
}

function Page({ route, me }) {
  const p = route.params;
  // A section's list page the server would refuse this person: say so in their language, not the
  // API's refusal (detail pages ask the API, which answers for the one record).
  if (PATH_OF[route.name] && !sectionsOf(me).includes(route.name)) return html`<${NotAvailable} me=${me} />`;
  switch (route.name) {
    case 'home':
      return html`<${Loading} />`;
    case 'dashboard':
      return html`<${Dashboard} me=${me} />`;
    case 'accounts':
      return html`<${AdminAccounts} me=${me} />`;
    case 'delegations':
      return html`<${AdminDelegations} me=${me} />`;
    case 'settings':
      return html`<${AdminSettings} me=${me} />`;
    case 'inbox':
      return html`<${Inbox} me=${me} />`;
    case 'posts':
      return html`<${Posts} me=${me} />`;
    case 'post':
      return html`<${Post} code=${p.code} me=${me} />`;
    case 'talent':
      return html`<${TalentMap} me=${me} />`;
    case 'employees':
      return html`<${Employees} me=${me} />`;
    case 'employee':
      return html`<${EmployeeProfile} nip=${p.nip} me=${me} />`;
    case 'nominations':
      return html`<${Nominations} me=${me} />`;
    case 'nomination':
      return html`<${NominationPage} id=${p.id} me=${me} />`;
    case 'ceremonies':
      return html`<${Ceremonies} me=${me} />`;
    case 'ceremony':
      return html`<${CeremonyPage} id=${p.id} me=${me} />`;
    case 'ceremonyPrint':
      return html`<${CeremonyPrint} id=${p.id} me=${me} />`;
    case 'nominationPrint':
      return html`<${DossierPrint} id=${p.id} me=${me} />`;
    case 'audit':
      return html`<${Audit} me=${me} />`;
    default:
      return html`<h1>${t('notFound.title')}</h1><p><a href=${href('/')}>${t('notFound.back')}</a></p>`;
  }
}

function App() {
  useLang();
  const route = useRoute();
  const [menuOpen, setMenuOpen] = useState(false); // the folded menu on a phone; closed on every page change
  useEffect(() => setMenuOpen(false), [location.hash]);
  // The province's zone marks every time shown (WIB); asked once, then the pages draw again with it.
  const [, setZoneKnown] = useState(false);
  useEffect(() => {
    request(APP_FACTS).then(
      (data) => {
        setTimeZone(data.workflow?.timeZone, data.workflow?.timeZoneAbbreviation);
        setZoneKnown(true);
      },
      () => {},
    );
  }, []);
  const [me, setMe] = useState(undefined); // undefined: still asking; null: signed out

  // Who is signed in and which sections they may use, asked together; resolves to the person.
  const loadMe = () =>
    Promise.all([request(ME), request(WORKSPACE).catch(() => null)]).then(
      ([data, space]) => {
        const next = data.me ? { ...data.me, workspace: space?.workspace ?? null } : null;
        setMe(next);
        return next;
      },
      () => {
        setMe(null);
        return null;
      },
    );

  useEffect(() => {
    setUnauthenticatedHandler(() => setMe(null));
    // The live connection was closed because the session ended (signed out elsewhere, expired,
    // account disabled): sign in again; the page asked for stays the route, so it opens afterwards.
    setSessionEndedHandler(() => setMe(null));
    loadMe();
  }, []);

  // Landing: the bare address opens this person's home section.
  useEffect(() => {
    if (me && route.name === 'home') location.replace(href(homePath(me)));
  }, [me, route.name]);

  useEffect(() => {
    document.title = me ? `${tCode('nav', SECTION_OF[route.name] ?? route.name)} · meritflow` : t('app.title');
  });

  if (me === undefined) return html`<main id="main" tabindex="-1"><${Loading} /></main>`;
  if (me === null) {
    return html`<${SignIn}
      onSignedIn=${async () => {
        const signedIn = await loadMe();
        if (['signin', 'notFound', 'home'].includes(route.name)) navigate(homePath(signedIn));
      }}
    />`;
  }

  const signOut = async () => {
    closeAll();
    try {
      await mutate(LOGOUT, {}, 'logout');
    } catch (_) {
      /* the session is gone either way */
    }
    setMe(null);
    navigate('/signin');
  };

  const ownProfile = route.name === 'employee' && route.params.nip === me.employee?.nip;
  const section = ownProfile ? 'profile' : SECTION_OF[route.name] ?? route.name;
  return html`<div class=${`layout route-${route.name}${menuOpen ? ' menu-open' : ''}`}>
    <${Header} me=${me} onSignOut=${signOut} menuOpen=${menuOpen} onToggleMenu=${() => setMenuOpen(!menuOpen)} />
    <${Nav} me=${me} current=${section} />
    <main id="main" tabindex="-1" data-page=${route.name}>
      <${Page} route=${route} me=${me} />
    </main>
  </div>`;
}

render(html`<${App} />`, document.getElementById('app'));
