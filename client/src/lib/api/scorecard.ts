import { call, type RequestOptions } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/** The scorecard's reads (a values file is imported through the one import service, lib/api/imports.ts); its changes are commands (socketClient.command). */
export const scorecardApi = {
  indicators: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/indicators`, `${p(pid)}/indicators`, undefined, options),
  /** The indicators that evidence a risk. */
  forRisk: (pid: number, riskId: number, options: RequestOptions = {}) => call(`GET ${P}/indicators`, `${p(pid)}/indicators?riskId=${riskId}`, undefined, options),
  indicator: (pid: number, id: number, options: RequestOptions = {}) => call(`GET ${P}/indicators/:indicatorId`, `${p(pid)}/indicators/${id}`, undefined, options),
  exceptions: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/scorecard/exceptions`, `${p(pid)}/scorecard/exceptions`, undefined, options),
};
