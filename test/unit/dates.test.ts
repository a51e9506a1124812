import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../shared/domain/dates.js';
import { IsoDate } from '../../shared/schemas/common.js';

describe('isCalendarDate', () => {
  it.each([
    ['2026-01-31', true],
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-02-31', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-01', false],
    ['26-01-01', false],
    ['2026-01-01T00:00', false],
    ['', false],
  ])('%s is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
    expect(IsoDate.safeParse(value).success).toBe(expected);
  });
});
