import type { MailPreference } from '../../../../shared/schemas/mail';
import { call, type RequestOptions } from './http';

const P = '/api/partnerships/:partnershipId';

/** The person's e-mail choices, and the partnership's outbox for its administrators (issue 15). */
export const mailApi = {
  preferences: (options: RequestOptions = {}) => call('GET /api/me/mail-preferences', '/api/me/mail-preferences', undefined, options),
  savePreferences: (preferences: MailPreference[]) => call('PUT /api/me/mail-preferences', '/api/me/mail-preferences', { preferences }),
  outbox: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/mail-outbox`, `/api/partnerships/${pid}/mail-outbox`, undefined, options),
};
