import { AppError, isErrorBody } from '../../../../shared/errors';
import { REST_ANSWERS } from '../../../../shared/protocol/rest';
import type { ImportPreview } from '../../../../shared/schemas/scorecard';
import { call, type RequestOptions } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/** The scorecard's reads and its import preview; its changes are commands (socketClient.command). */
export const scorecardApi = {
  indicators: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/indicators`, `${p(pid)}/indicators`, undefined, options),
  /** The indicators that evidence a risk. */
  forRisk: (pid: number, riskId: number, options: RequestOptions = {}) => call(`GET ${P}/indicators`, `${p(pid)}/indicators?riskId=${riskId}`, undefined, options),
  indicator: (pid: number, id: number, options: RequestOptions = {}) => call(`GET ${P}/indicators/:indicatorId`, `${p(pid)}/indicators/${id}`, undefined, options),
  exceptions: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/scorecard/exceptions`, `${p(pid)}/scorecard/exceptions`, undefined, options),

  /** A values file sent as it is (its bytes as the body), read and checked by the server; nothing is stored. */
  async previewImport(pid: number, file: File): Promise<ImportPreview> {
    let response: Response;
    try {
      response = await fetch(`${p(pid)}/scorecard/import-preview?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, credentials: 'same-origin', headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' } });
    } catch {
      throw new AppError('INTERNAL', 'The server could not be reached. Check your connection and try again.');
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      if (isErrorBody(body)) throw new AppError(body.error.code, body.error.message, body.error.details);
      throw new AppError(response.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL', response.status === 413 ? 'The file is too large: at most 2 MB.' : `The server answered ${response.status}.`);
    }
    return REST_ANSWERS[`POST ${P}/scorecard/import-preview`].parse(body);
  },
};
