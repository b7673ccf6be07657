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
  | 'partners'
  | 'partnerNew'
  | 'partner'
  | 'referrals'
  | 'board'
  | 'partnerReferrals'
  | 'partnerReferral'
  | 'activities'
  | 'activity'
  | 'groupSession'
  | 'media'
  | 'mediaItem'
  | 'calls'
  | 'call'
  | 'projects'
  | 'project'
  | 'dashboard'
  | 'projectDashboard'
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
  referrals: '/referrals',
  board: '/board',
  partnerReferrals: '/partner/referrals',
  partnerReferral: (id: string) => `/partner/referrals/${encodeURIComponent(id)}`,
  partners: '/partners',
  partnerNew: '/partners/new',
  partner: (id: string) => `/partners/${encodeURIComponent(id)}`,
  activities: '/activities',
  activity: (id: string) => `/activities/${encodeURIComponent(id)}`,
  groupSession: (id: string) => `/sessions/${encodeURIComponent(id)}`,
  media: '/media',
  mediaItem: (id: string) => `/media/${encodeURIComponent(id)}`,
  calls: '/calls',
  call: (id: string) => `/calls/${encodeURIComponent(id)}`,
  projects: '/projects',
  project: (id: string) => `/projects/${encodeURIComponent(id)}`,
  dashboard: '/dashboard',
  projectDashboard: (id: string) => `/projects/${encodeURIComponent(id)}/dashboard`,
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
  if (path === paths.referrals) return { name: 'referrals', params: {} };
  if (path === paths.board) return { name: 'board', params: {} };
  if (path === paths.partnerReferrals) return { name: 'partnerReferrals', params: {} };
  const partnerReferral = /^\/partner\/referrals\/([^/]+)$/.exec(path);
  if (partnerReferral)
    return { name: 'partnerReferral', params: { id: decodeURIComponent(partnerReferral[1]) } };
  if (path === paths.partners) return { name: 'partners', params: {} };
  if (path === paths.partnerNew) return { name: 'partnerNew', params: {} };
  const partner = /^\/partners\/([^/]+)$/.exec(path);
  if (partner) return { name: 'partner', params: { id: decodeURIComponent(partner[1]) } };
  // Activities, media, calls, projects and dashboards (issue 5).
  for (const [name, pattern] of [
    ['activities', /^\/activities$/],
    ['activity', /^\/activities\/([^/]+)$/],
    ['groupSession', /^\/sessions\/([^/]+)$/],
    ['media', /^\/media$/],
    ['mediaItem', /^\/media\/([^/]+)$/],
    ['calls', /^\/calls$/],
    ['call', /^\/calls\/([^/]+)$/],
    ['projects', /^\/projects$/],
    ['project', /^\/projects\/([^/]+)$/],
    ['dashboard', /^\/dashboard$/],
    ['projectDashboard', /^\/projects\/([^/]+)\/dashboard$/],
  ] as const) {
    const m = pattern.exec(path);
    if (m) return { name, params: m[1] ? { id: decodeURIComponent(m[1]) } : {} };
  }
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
