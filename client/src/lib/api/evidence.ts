import { AppError, isErrorBody } from '../../../../shared/errors';
import { REST_ANSWERS } from '../../../../shared/protocol/rest';
import type { EvidenceQuery, EvidenceView } from '../../../../shared/schemas/evidence';
import { call, type RequestOptions } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/** The query string of a list, without empty filters. */
function queryOf(query: Partial<Record<keyof EvidenceQuery, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The evidence store's reads and its upload; links, notes, changes and removal are commands (socketClient.command). */
export const evidenceApi = {
  /** `options.background`: read because of a push or a reconnect, not the person (see BACKGROUND_READ_HEADER). */
  list: (pid: number, query: Partial<Record<keyof EvidenceQuery, string | number | undefined>> = {}, options: RequestOptions = {}) => call(`GET ${P}/evidence`, `${p(pid)}/evidence${queryOf(query)}`, undefined, options),

  /** A multipart upload (the browser sets the boundary); answered with the new item, or an AppError. */
  async upload(pid: number, form: FormData): Promise<EvidenceView> {
    let response: Response;
    try {
      response = await fetch(`${p(pid)}/evidence`, { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } });
    } catch {
      throw new AppError('INTERNAL', 'The server could not be reached. Check your connection and try again.');
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      if (isErrorBody(body)) throw new AppError(body.error.code, body.error.message, body.error.details);
      throw new AppError(response.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL', `The server answered ${response.status}.`);
    }
    return REST_ANSWERS[`POST ${P}/evidence`].parse(body);
  },
};
