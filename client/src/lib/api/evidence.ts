import type { EvidenceQuery, EvidenceView } from '../../../../shared/schemas/evidence';
import { call, postForm, type RequestOptions } from './http';

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
  upload: (pid: number, form: FormData): Promise<EvidenceView> => postForm(`POST ${P}/evidence`, `${p(pid)}/evidence`, form),
};
