import type { CreateRiskPayload, RiskStatus } from '../../../../shared/schemas/risk';
import { call, type RequestOptions } from './http';
import type { MatrixInput } from '../../../../shared/domain/matrix';
import type { RiskLookupRow } from '../../../../shared/schemas/register';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

export interface RiskListFilter {
  boardId?: number | undefined;
  status?: RiskStatus | undefined;
  ids?: readonly number[] | undefined;
}

function listQuery(filter: RiskListFilter): string {
  const params: string[] = [];
  if (filter.boardId !== undefined) params.push(`boardId=${filter.boardId}`);
  if (filter.status !== undefined) params.push(`status=${filter.status}`);
  if (filter.ids !== undefined) params.push(`ids=${filter.ids.join(',')}`);
  return params.length > 0 ? `?${params.join('&')}` : '';
}

/** A query string from named values; empty values are left out (the register's downloads ask with it too). */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The register's filters and sort as the server reads them (shared/schemas/register.ts). */
export type RegisterParams = Record<string, string | number | undefined>;

/** The register's REST calls, typed with the shared projections. */
export const riskApi = {
  list: (pid: number, filter: RiskListFilter = {}) => call(`GET ${P}/risks`, `${p(pid)}/risks${listQuery(filter)}`),
  detail: (pid: number, riskId: number, options: RequestOptions = {}) => call(`GET ${P}/risks/:riskId`, `${p(pid)}/risks/${riskId}`, undefined, options),
  history: (pid: number, riskId: number, options: RequestOptions = {}) => call(`GET ${P}/risks/:riskId/history`, `${p(pid)}/risks/${riskId}/history`, undefined, options),
  /** The partnership's mitigations, or only those of the named risks (at most 200). */
  mitigations: (pid: number, riskIds?: readonly number[]) =>
    call(`GET ${P}/mitigations`, `${p(pid)}/mitigations${riskIds ? `?riskIds=${riskIds.join(',')}` : ''}`),
  /** One page of the register. */
  registerPage: (pid: number, params: RegisterParams, signal?: AbortSignal, options: RequestOptions = {}) =>
    call(`GET ${P}/register`, `${p(pid)}/register${queryString(params)}`, undefined, signal ? { ...options, signal } : options),
  /** Where the named rows sit now under these filters and sort (what a live push needs). */
  registerRows: (pid: number, params: RegisterParams, ids: readonly number[], options: RequestOptions = {}) =>
    call(`GET ${P}/register/rows`, `${p(pid)}/register/rows${queryString({ ...params, ids: ids.join(',') })}`, undefined, options),
  registerSummary: (pid: number, params: RegisterParams, signal?: AbortSignal, options: RequestOptions = {}) =>
    call(`GET ${P}/register/summary`, `${p(pid)}/register/summary${queryString(params)}`, undefined, signal ? { ...options, signal } : options),
  /** Id, reference, title and status: to name and choose risks without reading the register. */
  lookup: async (pid: number, filter: { ids?: readonly number[]; status?: RiskStatus; boardId?: number } = {}): Promise<RiskLookupRow[]> =>
    filter.ids?.length === 0
      ? []
      : call(`GET ${P}/register/lookup`, `${p(pid)}/register/lookup${queryString({ ids: filter.ids?.join(','), status: filter.status, boardId: filter.boardId })}`),
  matrix: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/risk-matrix`, `${p(pid)}/risk-matrix`, undefined, options),
  previewMatrix: (pid: number, body: MatrixInput) => call(`POST ${P}/risk-matrix/preview`, `${p(pid)}/risk-matrix/preview`, body),
  saveMatrix: (pid: number, body: MatrixInput) => call(`PUT ${P}/risk-matrix`, `${p(pid)}/risk-matrix`, body),
  create: (pid: number, body: CreateRiskPayload) => call(`POST ${P}/risks`, `${p(pid)}/risks`, body),
};
