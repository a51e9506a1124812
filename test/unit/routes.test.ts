import { describe, expect, it } from 'vitest';
import { NAV_LINKS, ROUTES } from '../../client/src/features';
import { matchRoute } from '../../client/src/lib/routes';

/** The app's route table, gathered from each feature's index.ts, against the addresses the app has always had. */
describe('the route table', () => {
  const cases: [path: string, name: string | null, props?: Record<string, unknown>][] = [
    ['/', 'home'],
    ['', 'home'],
    ['/login', 'login'],
    ['/login/', 'login'],
    ['/boards/3', 'board', { boardId: 3 }],
    ['/boards/0', null],
    ['/boards/abc', null],
    ['/boards/12345678901', null],
    ['/register', 'register', { boardId: null }],
    ['/boards/7/register', 'boardRegister', { boardId: 7 }],
    ['/risks/42', 'risk', { riskId: 42 }],
    ['/meetings/5', 'meeting', { meetingId: 5 }],
    ['/meetings/5/minutes', 'minutes', { meetingId: 5 }],
    ['/meetings/5/present', 'presenter', { meetingId: 5 }],
    ['/boards/2/actions', 'actions', { boardId: 2 }],
    ['/boards/2/attendance', 'attendance', { boardId: 2 }],
    ['/boards/2/other', null],
    ['/challenges', 'challenges'],
    ['/challenges/new', 'challengeNew'],
    ['/challenges/9', 'challenge', { challengeId: 9 }],
    ['/accountability', 'accountability'],
    ['/notifications', 'notifications'],
    ['/search', 'search'],
    ['/search/', 'search'],
    ['/admin', 'admin', { tab: 'agencies' }],
    ['/admin/risk-matrix', 'adminTab', { tab: 'risk-matrix' }],
    ['/admin/audit', 'adminTab', { tab: 'audit' }],
    ['/admin/nonsense', null],
    ['/invite/abcdefghijklmnop_-12', 'invite', { token: 'abcdefghijklmnop_-12' }],
    ['/invite/short', null],
    ['/nowhere', null],
  ];
  it.each(cases)('%s → %s', (path, name, props) => {
    const match = matchRoute(path, ROUTES);
    expect(match?.route.name ?? null).toBe(name);
    if (props) expect(match?.props).toEqual(props);
  });

  it('gives every route a name of its own', () => {
    expect(new Set(ROUTES.map((r) => r.name)).size).toBe(ROUTES.length);
  });

  it('opens only the sign-in, invitation and password reset pages without a session', () => {
    expect(ROUTES.filter((r) => r.public).map((r) => r.name).sort()).toEqual(['forgottenPassword', 'invite', 'login', 'resetPassword']);
  });

  it('starts the raise-challenge form and the search results again when their query changes', () => {
    expect(matchRoute('/challenges/new', ROUTES, '?riskId=1')?.key).not.toBe(matchRoute('/challenges/new', ROUTES, '?riskId=2')?.key);
    expect(matchRoute('/challenges', ROUTES, '?status=open')?.key).toBe(matchRoute('/challenges', ROUTES, '')?.key);
    // The search results page, likewise: each query is a page of its own (Back returns to the last one).
    expect(matchRoute('/search', ROUTES, '?q=mash')?.key).not.toBe(matchRoute('/search', ROUTES, '?q=camhs')?.key);
  });

  it('marks each nav section current on its own pages', () => {
    const sectionOf = (path: string) => matchRoute(path, ROUTES)?.route.section ?? null;
    expect(NAV_LINKS.map((l) => [l.testid, sectionOf(l.href)])).toEqual(NAV_LINKS.map((l) => [l.testid, l.section]));
    expect(sectionOf('/boards/3')).toBe('boards');
    expect(sectionOf('/risks/3')).toBe('register');
    expect(sectionOf('/challenges/3')).toBe('challenges');
  });
});
