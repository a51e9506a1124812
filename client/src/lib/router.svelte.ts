import { matchRoute, type Match, type RouteDef } from './routes';

export type { Feature, Match, NavLink, ParamRule, RouteDef } from './routes';
export { lazy, LazyPage } from './routes';

/**
 * A tiny history-API router. `path` is reactive; links inside the app are intercepted so that a
 * plain `<a href="/boards/3">` navigates without a page load, and Back/Forward work as usual.
 */
// Outside a browser (the route table's unit test) the router starts at the home page.
const here = typeof window === 'undefined' ? { pathname: '/', search: '' } : window.location;

export class Router {
  path = $state(here.pathname);
  search = $state(here.search);
  /** Increments on every navigation, so the shell can move focus to the new page. */
  navigations = $state(0);
  routes = $state.raw<readonly RouteDef[]>([]);
  /** The page at the current path; null when no route matches (page not found). */
  match: Match | null = $derived(matchRoute(this.path, this.routes, this.search));
  /** The navigation section the current page sits under. */
  section: string | null = $derived(this.match?.route.section ?? null);

  use(routes: readonly RouteDef[]): void {
    this.routes = routes;
  }

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

  /**
   * Replaces the current address's query (a list's filters and sort) without a navigation: Back still
   * leaves the page, a reload or a shared link shows the same list, and focus stays on the control in use.
   * `query` is "" or starts with "?".
   */
  replaceQuery(query: string): void {
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query}`);
    this.search = window.location.search;
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
