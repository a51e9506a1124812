import { describe, expect, it } from 'vitest';
import { tickSecondsFrom } from '../../server/config.js';

describe('SCHEDULER_TICK_SECONDS', () => {
  it.each([
    [undefined, 60],
    ['', 60],
    [' 1 ', 1],
    ['15', 15],
    ['60', 60],
  ])('%j ticks every %i seconds', (value, seconds) => {
    expect(tickSecondsFrom(value)).toBe(seconds);
  });

  it.each(['0', '61', '1.5', '-5', 'often', '1e9'])('%j is refused at start, naming the setting', (value) => {
    expect(() => tickSecondsFrom(value)).toThrow(/SCHEDULER_TICK_SECONDS must be a whole number of seconds from 1 to 60/);
  });
});
