import { call, type RequestOptions } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/**
 * Meetings' REST reads; every change goes through Socket.io commands (see sync/socket). `options.background`:
 * read because of a push or a reconnect, not the person (see BACKGROUND_READ_HEADER).
 */
export const meetingApi = {
  list: (pid: number, boardId: number, options: RequestOptions = {}) => call(`GET ${P}/boards/:boardId/meetings`, `${p(pid)}/boards/${boardId}/meetings`, undefined, options),
  detail: (pid: number, meetingId: number, options: RequestOptions = {}) => call(`GET ${P}/meetings/:meetingId`, `${p(pid)}/meetings/${meetingId}`, undefined, options),
  /** The meeting's published board packs, newest first. */
  packs: (pid: number, meetingId: number, options: RequestOptions = {}) => call(`GET ${P}/meetings/:meetingId/packs`, `${p(pid)}/meetings/${meetingId}/packs`, undefined, options),
  /** What has moved in the register, plan and scorecard since the latest published pack. */
  packChanges: (pid: number, meetingId: number, options: RequestOptions = {}) => call(`GET ${P}/meetings/:meetingId/pack-changes`, `${p(pid)}/meetings/${meetingId}/pack-changes`, undefined, options),
  minutes: (pid: number, meetingId: number) => call(`GET ${P}/meetings/:meetingId/minutes`, `${p(pid)}/meetings/${meetingId}/minutes`),
  actions: (pid: number, boardId?: number, options: RequestOptions = {}) => call(`GET ${P}/actions`, `${p(pid)}/actions${boardId ? `?boardId=${boardId}` : ''}`, undefined, options),
  attendanceReport: (pid: number, boardId: number) => call(`GET ${P}/boards/:boardId/attendance-report`, `${p(pid)}/boards/${boardId}/attendance-report`),
};
