import { LIMITS } from '../limits.js';

/**
 * How long one account must wait, at one address, before its next sign-in attempt there, given how
 * many attempts there have failed in a row: nothing for the first few (typing mistakes), then 1 s,
 * 2 s, 4 s … doubling up to a cap. Guessing slows to about one try a minute, while the real person
 * is never locked out for longer than the cap.
 */
export function signInDelayMs(failures: number): number {
  if (!(failures >= LIMITS.loginFreeFailures)) return 0;
  const doublings = failures - LIMITS.loginFreeFailures;
  // 2 ** doublings overflows to Infinity long after the cap is reached; min() keeps it finite.
  return Math.min(LIMITS.loginDelayMaxMs, LIMITS.loginDelayFirstMs * 2 ** doublings);
}
