import { call, type RequestOptions } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/** Reports made from the record. */
export const reportsApi = {
  highlight: (pid: number, boardId: number, month: string, options: RequestOptions = {}) =>
    call(`GET ${P}/boards/:boardId/highlight-report`, `${p(pid)}/boards/${boardId}/highlight-report?month=${encodeURIComponent(month)}`, undefined, options),
};
