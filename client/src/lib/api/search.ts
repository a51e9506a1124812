import type { SearchKind } from '../../../../shared/schemas/search';
import { call, type RequestOptions } from './http';

/** The header's search (GET …/search): answers are checked against SearchAnswer. */
export const searchApi = {
  search: (pid: number, q: string, kind: SearchKind | null, options: RequestOptions = {}) =>
    call('GET /api/partnerships/:partnershipId/search', `/api/partnerships/${pid}/search?q=${encodeURIComponent(q)}${kind ? `&kind=${kind}` : ''}`, undefined, options),
};
