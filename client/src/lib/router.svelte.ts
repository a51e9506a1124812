/**
 * A tiny history-API router. `path` is reactive; links inside the app are intercepted so that a
 * plain `<a href="/boards/3">` navigates without a page load, and Back/Forward work as usual.
 */
export type Route =
  | { name: 'login' }
  | { name: 'home' }
  | { name: 'board'; boardId: number }
  | { name: 'register'; boardId: number | null }
  | { name: 'risk'; riskId: number }
  | { name: 'meeting'; meetingId: number }
  | { name: 'minutes'; meetingId: number }
  | { name: 'actions'; boardId: number }
  | { name: 'attendance'; boardId: number }
  | { name: 'challenges' }
  | { name: 'challengeNew' }
  | { name: 'challenge'; challengeId: number }
  | { name: 'accountability' }
  | { name: 'notifications' }
  | { name: 'admin'; tab: AdminTab }
  | { name: 'invite'; token: string }
  | { name: 'notFound' };

export const ADMIN_TABS = ['agencies', 'people', 'boards', 'memberships', 'risk-matrix', 'audit'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/login') return { name: 'login' };
  if (path === '/admin') return { name: 'admin', tab: 'agencies' };
  let m = /^\/admin\/([a-z-]+)$/.exec(path);
  if (m && (ADMIN_TABS as readonly string[]).includes(m[1]!)) return { name: 'admin', tab: m[1] as AdminTab };
  m = /^\/boards\/([1-9][0-9]{0,9})$/.exec(path);
  if (m) return { name: 'board', boardId: Number(m[1]) };
  if (path === '/register') return { name: 'register', boardId: null };
  m = /^\/boards\/([1-9][0-9]{0,9})\/register$/.exec(path);
  if (m) return { name: 'register', boardId: Number(m[1]) };
  m = /^\/risks\/([1-9][0-9]{0,9})$/.exec(path);
  if (m) return { name: 'risk', riskId: Number(m[1]) };
  m = /^\/meetings\/([1-9][0-9]{0,9})(\/minutes)?$/.exec(path);
  if (m) return m[2] ? { name: 'minutes', meetingId: Number(m[1]) } : { name: 'meeting', meetingId: Number(m[1]) };
  m = /^\/boards\/([1-9][0-9]{0,9})\/(actions|attendance)$/.exec(path);
  if (m) return m[2] === 'actions' ? { name: 'actions', boardId: Number(m[1]) } : { name: 'attendance', boardId: Number(m[1]) };
  if (path === '/challenges') return { name: 'challenges' };
  if (path === '/challenges/new') return { name: 'challengeNew' };
  m = /^\/challenges\/([1-9][0-9]{0,9})$/.exec(path);
  if (m) return { name: 'challenge', challengeId: Number(m[1]) };
  if (path === '/accountability') return { name: 'accountability' };
  if (path === '/notifications') return { name: 'notifications' };
  m = /^\/invite\/([A-Za-z0-9_-]{16,200})$/.exec(path);
  if (m) return { name: 'invite', token: m[1]! };
  return { name: 'notFound' };
}

export class Router {
  path = $state(window.location.pathname);
  search = $state(window.location.search);
  /** Increments on every navigation, so the shell can move focus to the new page. */
  navigations = $state(0);
  route: Route = $derived(matchRoute(this.path));

  start(): () => void {
    const onPop = () => this.sync();
    const onClick = (event: MouseEvent) => this.intercept(event);
    window.addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }

  navigate(to: string, options: { replace?: boolean } = {}): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway parse, not state
    const url = new URL(to, window.location.origin);
    const target = url.pathname + url.search + url.hash;
    if (target === window.location.pathname + window.location.search + window.location.hash && !options.replace) {
      this.navigations++;
      return;
    }
    if (options.replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    this.sync();
  }

  /** The value of a query parameter of the current location. */
  query(name: string): string | null {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway parse, not state
    return new URLSearchParams(this.search).get(name);
  }

  isCurrent(href: string): boolean {
    return this.path === href;
  }

  private sync(): void {
    this.path = window.location.pathname;
    this.search = window.location.search;
    this.navigations++;
  }

  private intercept(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || !anchor.hasAttribute('href')) return;
    if (anchor.target && anchor.target !== '_self') return;
    if (anchor.hasAttribute('download') || anchor.dataset.external !== undefined) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway parse, not state
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    if (url.pathname.startsWith('/api/')) return;
    // In-page links (the skip link) keep the browser's own behaviour.
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  }
}

export const router = new Router();
