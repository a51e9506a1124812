import { describe, expect, it } from 'vitest';
import { newPasswordErrors } from '../../shared/domain/new-password.js';
import { LIMITS } from '../../shared/limits.js';
import { NewPassword } from '../../shared/schemas/auth.js';

const min = 'x'.repeat(LIMITS.passwordMin);
const max = 'y'.repeat(LIMITS.passwordMax);

describe('a new password and its confirmation', () => {
  it.each([
    ['empty', '', '', { password: `Enter a password of at least ${LIMITS.passwordMin} characters` }],
    ['one short of the least', min.slice(1), min.slice(1), { password: `Enter a password of at least ${LIMITS.passwordMin} characters` }],
    ['the least, confirmed', min, min, {}],
    ['the most, confirmed', max, max, {}],
    ['one over the most', `${max}y`, `${max}y`, { password: `Enter a password of no more than ${LIMITS.passwordMax} characters` }],
    ['long enough, confirmation differs', min, `${min}x`, { confirm: 'The two passwords do not match' }],
    ['too short and not confirmed: the length is said first', 'abc', '', { password: `Enter a password of at least ${LIMITS.passwordMin} characters` }],
  ])('%s', (_case, password, confirm, expected) => {
    expect(newPasswordErrors(password, confirm)).toEqual(expected);
  });

  it('accepts on the page exactly what the server accepts', () => {
    for (const length of [0, LIMITS.passwordMin - 1, LIMITS.passwordMin, LIMITS.passwordMax, LIMITS.passwordMax + 1]) {
      const p = 'z'.repeat(length);
      expect(Object.keys(newPasswordErrors(p, p)).length === 0, `length ${length}`).toBe(NewPassword.safeParse(p).success);
    }
  });
});
