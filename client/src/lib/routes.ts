import type { Component } from 'svelte';
import type { Me } from '../../../shared/schemas/auth';

/**
 * The route table's shape and its matching, without the browser (so it is tested in node). The
 * routes come from the features (each feature's index.ts exports its own; client/src/features.ts
 * lists the features): this file knows how to match a path, never which pages exist.
 */

/** What a path segment `:name` accepts: an id by default, else a pattern or a list of words. */
export type ParamRule = RegExp | readonly string[];

const ID = /^[1-9][0-9]{0,9}$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each page declares its own props; the table holds them all
type AnyPage = Component<any>;

/**
 * A page loaded when first visited (its own chunk of the build: issue 16 item 9), kept once loaded.
 * `loaded` answers at once for a page already here, so going back to it shows no "Loading…".
 */
export class LazyPage {
  private component: AnyPage | null = null;
  private pending: Promise<AnyPage> | null = null;

  constructor(private readonly load: () => Promise<{ default: AnyPage }>) {}

  get loaded(): AnyPage | null {
    return this.component;
  }

  get(): Promise<AnyPage> {
    this.pending ??= this.load().then(
      (m) => (this.component = m.default),
      (err: unknown) => {
        // A failed load (the connection dropped) is tried again on the next visit.
        this.pending = null;
        throw err;
      },
    );
    return this.pending;
  }
}

export const lazy = (load: () => Promise<{ default: AnyPage }>): LazyPage => new LazyPage(load);

export interface RouteDef {
  /** Unique across the app; used for keys and to say which nav section is current. */
  name: string;
  /** `/boards/:boardId/register`: a `:name` segment is an id (a number) unless `params` gives a rule. */
  path: string;
  /** The page, or (most pages) a page loaded when first visited. */
  page: AnyPage | LazyPage;
  params?: Record<string, ParamRule>;
  /** Props given on this path besides the matched ones (`/register` is the register of no one board). */
  props?: Record<string, unknown>;
  /** Open without signing in (sign-in, invitation). */
  public?: boolean;
  /** The main navigation section this page sits under. */
  section?: string;
  /** The page starts again when the query string changes (a form prefilled from it). */
  keyOnSearch?: boolean;
  /**
   * How the shell draws the page: `wide` uses the whole width of a large screen (the live meeting),
   * `bare` drops the header, navigation and footer (the presenter view on a room's screen).
   */
  layout?: 'wide' | 'bare';
}

/** One entry of the main navigation, given by the feature that owns the section. */
export interface NavLink {
  section: string;
  href: string;
  label: string;
  testid: string;
  /** Shown only to those the server says may use it. */
  shows?: (me: Me) => boolean;
}

export interface Feature {
  routes: readonly RouteDef[];
  nav?: readonly NavLink[];
}

export interface Match {
  route: RouteDef;
  /** Matched segments and the route's fixed props, as the page's props. */
  props: Record<string, unknown>;
  /** Changes whenever the page must start again. */
  key: string;
}

export function matchRoute(pathname: string, routes: readonly RouteDef[], search = ''): Match | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname || '/';
  const segments = path.split('/').slice(1);
  for (const route of routes) {
    const pattern = route.path === '/' ? [''] : route.path.split('/').slice(1);
    if (pattern.length !== segments.length) continue;
    const props: Record<string, unknown> = { ...route.props };
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const want = pattern[i]!;
      const got = segments[i]!;
      if (!want.startsWith(':')) {
        ok = want === got;
        continue;
      }
      const name = want.slice(1);
      const rule = route.params?.[name];
      if (rule === undefined) {
        ok = ID.test(got);
        props[name] = Number(got);
      } else {
        ok = rule instanceof RegExp ? rule.test(got) : rule.includes(got);
        props[name] = got;
      }
    }
    if (!ok) continue;
    return { route, props, key: `${route.name}:${segments.join('/')}${route.keyOnSearch ? search : ''}` };
  }
  return null;
}
