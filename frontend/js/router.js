// Hash routing: #/posts/ABC → { name: 'post', params: { code: 'ABC' } }. No server routes needed.
import { useEffect, useState } from './lib.js';

const ROUTES = [
  ['signin', /^\/signin$/, []],
  ['home', /^\/?$/, []], // lands on the person's home section (main.js)
  ['inbox', /^\/inbox$/, []],
  ['dashboard', /^\/dashboard$/, []],
  ['accounts', /^\/admin\/accounts$/, []],
  ['delegations', /^\/admin\/delegations$/, []],
  ['settings', /^\/admin\/settings$/, []],
  ['posts', /^\/posts$/, []],
  ['post', /^\/posts\/([^/]+)$/, ['code']],
  ['talent', /^\/talent$/, []],
  ['employees', /^\/employees$/, []],
  ['employee', /^\/employees\/([^/]+)$/, ['nip']],
  ['nominations', /^\/nominations$/, []],
  ['nomination', /^\/nominations\/([^/]+)$/, ['id']],
  ['nominationPrint', /^\/nominations\/([^/]+)\/print$/, ['id']],
  ['ceremonies', /^\/ceremonies$/, []],
  ['ceremony', /^\/ceremonies\/([^/]+)$/, ['id']],
  ['ceremonyPrint', /^\/ceremonies\/([^/]+)\/print$/, ['id']],
  ['audit', /^\/audit$/, []],
];

export function parse(hash) {
  const [path, query = ''] = (hash.replace(/^#/, '') || '/').split('?');
  for (const [name, pattern, keys] of ROUTES) {
    const match = pattern.exec(path);
    if (match) {
      const params = Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(match[i + 1])]));
      return { name, params, query: new URLSearchParams(query) };
    }
  }
  return { name: 'notFound', params: {}, query: new URLSearchParams() };
}

/** A parameter of the address's query (#/posts?level=pengawas), or null: a list's filter a link
 * opens it with (the operator's dashboard links into the lists this way). */
export function queryParam(name) {
  return parse(location.hash).query.get(name);
}

export function href(path) {
  return `#${path}`;
}

export function navigate(path) {
  location.hash = path;
}

export function useRoute() {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const update = () => setRoute(parse(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
