import { LIMITS } from '../limits.js';

export interface NewPasswordErrors {
  password?: string;
  confirm?: string;
}

/**
 * What is wrong with a new password and its confirmation, in the words shown beside each field (the
 * invitation and reset pages say it before sending; the server's NewPassword schema holds the same limits).
 */
export function newPasswordErrors(password: string, confirm: string): NewPasswordErrors {
  if (password.length < LIMITS.passwordMin) return { password: `Enter a password of at least ${LIMITS.passwordMin} characters` };
  if (password.length > LIMITS.passwordMax) return { password: `Enter a password of no more than ${LIMITS.passwordMax} characters` };
  if (confirm !== password) return { confirm: 'The two passwords do not match' };
  return {};
}
