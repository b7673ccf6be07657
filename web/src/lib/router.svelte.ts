// Client routing with the History API. Paths hold no identifying data (ids are random UUIDs).
//
// In-app navigation REPLACES the current history entry instead of pushing a new one: the app
// then occupies a single entry in the tab's back stack, so after a quick exit (location.replace)
// pressing Back does not lead back into the app.

export type RouteName =
  | 'home'
  | 'profile'
  | 'users'
  | 'userNew'
  | 'userEdit'
  | 'audit'
  | 'people'
  | 'personNew'
  | 'person'
  | 'case'
  | 'logContact'
  | 'breakGlassLog'
  | 'teams'
  | 'notFound';

export interface Route {
  name: RouteName;
  params: Record<string, string>;
}

export const paths = {
  home: '/',
  profile: '/profile',
  users: '/admin/users',
  userNew: '/admin/users/new',
  userEdit: (id: string) => `/admin/users/${encodeURIComponent(id)}`,
  audit: '/admin/audit',
  people: '/people',
  personNew: '/people/new',
  person: (id: string) => `/people/${encodeURIComponent(id)}`,
  case: (id: string) => `/cases/${encodeURIComponent(id)}`,
  logContact: '/log',
  breakGlassLog: '/admin/break-glass',
  teams: '/admin/teams',
};

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '/index.html') return { name: 'home', params: {} };
  if (path === paths.profile) return { name: 'profile', params: {} };
  if (path === paths.users) return { name: 'users', params: {} };
  if (path === paths.userNew) return { name: 'userNew', params: {} };
  if (path === paths.audit) return { name: 'audit', params: {} };
  if (path === paths.people) return { name: 'people', params: {} };
  if (path === paths.personNew) return { name: 'personNew', params: {} };
  if (path === paths.logContact) return { name: 'logContact', params: {} };
  if (path === paths.breakGlassLog) return { name: 'breakGlassLog', params: {} };
  if (path === paths.teams) return { name: 'teams', params: {} };
  const person = /^\/people\/([^/]+)$/.exec(path);
  if (person) return { name: 'person', params: { id: decodeURIComponent(person[1]) } };
  const kase = /^\/cases\/([^/]+)$/.exec(path);
  if (kase) return { name: 'case', params: { id: decodeURIComponent(kase[1]) } };
  const user = /^\/admin\/users\/([^/]+)$/.exec(path);
  if (user) return { name: 'userEdit', params: { id: decodeURIComponent(user[1]) } };
  return { name: 'notFound', params: {} };
}

export const router = $state<{ path: string; route: Route; flash: string | null }>({
  path: location.pathname,
  route: matchRoute(location.pathname),
  flash: null,
});

export function navigate(path: string, flash: string | null = null): void {
  if (path !== location.pathname) history.replaceState(null, '', path);
  router.path = path;
  router.route = matchRoute(path);
  router.flash = flash;
}

window.addEventListener('popstate', () => {
  router.path = location.pathname;
  router.route = matchRoute(location.pathname);
  router.flash = null;
});

/** Let ordinary <a href="/..."> links navigate inside the app. */
export function interceptLinks(root: HTMLElement): () => void {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    if (url.hash && url.pathname === location.pathname) return;
    event.preventDefault();
    navigate(url.pathname);
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}
