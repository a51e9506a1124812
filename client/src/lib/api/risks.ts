import type { CreateRiskPayload, RiskRow, RiskStatus } from '../../../../shared/schemas/risk';
import { call, request } from './http';
import type { MatrixInput } from '../../../../shared/domain/matrix';

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

/** The register's REST calls, typed with the shared projections. */
export const riskApi = {
  list: (pid: number, filter: RiskListFilter = {}) => request<RiskRow[]>('GET', `${p(pid)}/risks${listQuery(filter)}`),
  detail: (pid: number, riskId: number) => call(`GET ${P}/risks/:riskId`, `${p(pid)}/risks/${riskId}`),
  history: (pid: number, riskId: number) => call(`GET ${P}/risks/:riskId/history`, `${p(pid)}/risks/${riskId}/history`),
  mitigations: (pid: number) => call(`GET ${P}/mitigations`, `${p(pid)}/mitigations`),
  matrix: (pid: number) => call(`GET ${P}/risk-matrix`, `${p(pid)}/risk-matrix`),
  previewMatrix: (pid: number, body: MatrixInput) => call(`POST ${P}/risk-matrix/preview`, `${p(pid)}/risk-matrix/preview`, body),
  saveMatrix: (pid: number, body: MatrixInput) => call(`PUT ${P}/risk-matrix`, `${p(pid)}/risk-matrix`, body),
  create: (pid: number, body: CreateRiskPayload) => call(`POST ${P}/risks`, `${p(pid)}/risks`, body),
};
