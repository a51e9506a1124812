import { call, type RequestOptions } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/** The improvement plan's reads; its changes are commands (socketClient.command). */
export const planApi = {
  plans: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/plans`, `${p(pid)}/plans`, undefined, options),
  plan: (pid: number, planId: number, options: RequestOptions = {}) => call(`GET ${P}/plans/:planId`, `${p(pid)}/plans/${planId}`, undefined, options),
  /** One objective with its plan around it; at a meeting (`meetingId`), also whether the reader may propose its RAG there. */
  objective: (pid: number, objectiveId: number, meetingId: number | null, options: RequestOptions = {}) =>
    call(`GET ${P}/objectives/:objectiveId`, `${p(pid)}/objectives/${objectiveId}${meetingId ? `?meetingId=${meetingId}` : ''}`, undefined, options),
  recommendations: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/recommendations`, `${p(pid)}/recommendations`, undefined, options),
  recommendation: (pid: number, id: number, options: RequestOptions = {}) => call(`GET ${P}/recommendations/:recommendationId`, `${p(pid)}/recommendations/${id}`, undefined, options),
};
