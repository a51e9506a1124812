import { describe, expect, it } from 'vitest';
import { OFFLINE_API_PATTERN } from '../../shared/protocol/offline.js';

/** What the service worker keeps for offline use: the reads pages are made of, never a download or anything of signing in. */
describe('the API answers kept offline', () => {
  const at = (path: string) => `https://board.example.org${path}`;
  it.each([
    ['the signed-in person', '/api/auth/me', true],
    ['notifications', '/api/notifications', true],
    ['a risk', '/api/partnerships/1/risks/5', true],
    ['the register with its filters', '/api/partnerships/1/risks?status=open&boardId=2', true],
    ['the challenge log', '/api/partnerships/12/challenges', true],
    ['people and agencies', '/api/partnerships/1/people', true],
    ['an export', '/api/partnerships/1/exports/risks.xlsx', false],
    ['a board pack PDF', '/api/partnerships/1/meetings/3/pack.pdf', false],
    ['a printable page', '/api/partnerships/1/meetings/3/minutes.html', false],
    ['an evidence file', '/api/partnerships/1/evidence/4/file', false],
    ['the mail outbox', '/api/partnerships/1/mail-outbox', false],
    ['single sign-on settings', '/api/partnerships/1/sso', false],
    ['sign-in', '/api/auth/login', false],
    ['a reset link', '/api/auth/reset/abc', false],
    ['an invitation', '/api/invitations/abc', false],
    ['unsubscribe', '/api/mail/unsubscribe?person=1&kind=x&sig=y', false],
    ['another path that merely starts like /api/auth/me', '/api/auth/meeting', false],
  ])('%s', (_case, path, kept) => {
    expect(OFFLINE_API_PATTERN.test(at(path))).toBe(kept);
  });
});
