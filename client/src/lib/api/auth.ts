import type { ResetPasswordBody } from '../../../../shared/schemas/auth';
import { call } from './http';

const enc = encodeURIComponent;

/** "Forgotten your password?" (issue 15): pages open to someone not signed in. */
export const authApi = {
  forgottenPassword: (email: string) => call('POST /api/auth/forgotten-password', '/api/auth/forgotten-password', { email }, { quiet401: true }),
  resetPreview: (token: string) => call('GET /api/auth/reset/:token', `/api/auth/reset/${enc(token)}`, undefined, { quiet401: true }),
  resetPassword: (body: ResetPasswordBody) => call('POST /api/auth/reset', '/api/auth/reset', body, { quiet401: true }),
};
