import type { RiskMatrix } from '../../../../shared/domain/scoring';
import type { CreateRiskPayload, MitigationRow, RiskDetail, RiskHistory, RiskRow, RiskStatus } from '../../../../shared/schemas/risk';
import { request } from './http';
import type { MatrixInput } from '../../../../shared/domain/matrix';
import type { MatrixPreview, MatrixSaved } from '../../../../shared/schemas/matrix';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;

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
  detail: (pid: number, riskId: number) => request<RiskDetail>('GET', `${p(pid)}/risks/${riskId}`),
  history: (pid: number, riskId: number) => request<RiskHistory>('GET', `${p(pid)}/risks/${riskId}/history`),
  mitigations: (pid: number) => request<MitigationRow[]>('GET', `${p(pid)}/mitigations`),
  matrix: (pid: number) => request<RiskMatrix>('GET', `${p(pid)}/risk-matrix`),
  previewMatrix: (pid: number, body: MatrixInput) => request<MatrixPreview>('POST', `${p(pid)}/risk-matrix/preview`, body),
  saveMatrix: (pid: number, body: MatrixInput) => request<MatrixSaved>('PUT', `${p(pid)}/risk-matrix`, body),
  create: (pid: number, body: CreateRiskPayload) => request<RiskRow>('POST', `${p(pid)}/risks`, body),
};
