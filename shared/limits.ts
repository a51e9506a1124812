/** Limits enforced by the server and respected by the client; one place for each number. */
export const LIMITS = {
  nameMax: 200,
  emailMax: 254,
  passwordMin: 8,
  passwordMax: 200,
  textMax: 20_000,
  jsonBodyBytes: 256 * 1024,
  /** Failed sign-ins allowed per account, then per address, within the window. */
  loginFailuresPerAccount: 5,
  loginFailuresPerAddress: 30,
  loginWindowMs: 15 * 60 * 1000,
  invitationTtlMs: 7 * 24 * 60 * 60 * 1000,
  presenceThrottleMs: 250,
} as const;
