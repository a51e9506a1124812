import { describe, expect, it } from 'vitest';
import { RaiseChallengePayload } from '../../shared/schemas/challenge.js';
import { Name } from '../../shared/schemas/common.js';

/** Names and challenge titles are one line: a line break in one would break a mail's subject, a table row or a PDF bookmark. */
describe('one-line names and titles', () => {
  const challenge = (title: string) => RaiseChallengePayload.safeParse({ boardId: 1, title, directedAgencyId: 2, dueDate: '2027-01-14' });
  it.each([
    ['a plain title', 'Attendance at strategy meetings', true],
    ['spaces around it (trimmed)', '  Attendance at strategy meetings \n', true],
    ['a line break inside', 'Attendance\nat strategy meetings', false],
    ['a carriage return inside', 'Attendance\r\nBcc: someone@example.org', false],
    ['a tab inside', 'Attendance\tat meetings', false],
    ['a NUL character', 'Attendance\u0000', false],
    ['a DEL character', 'Attendance\u007f at meetings', false],
    ['accented and typographic text', 'Réponse de l’agence – “urgent”', true],
  ])('%s', (_case, text, ok) => {
    expect(Name.safeParse(text).success).toBe(ok);
    expect(challenge(text).success).toBe(ok);
  });

  it('says why in words on the field', () => {
    const result = challenge('Two\nlines');
    expect(result.success ? null : result.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['title', 'Keep it to one line, without line breaks']]);
  });
});
