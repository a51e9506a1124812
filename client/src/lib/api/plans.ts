import { call } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/** The improvement plan's reads; its changes are commands (socketClient.command). */
export const planApi = {
  plans: (pid: number) => call(`GET ${P}/plans`, `${p(pid)}/plans`),
  plan: (pid: number, planId: number) => call(`GET ${P}/plans/:planId`, `${p(pid)}/plans/${planId}`),
  recommendations: (pid: number) => call(`GET ${P}/recommendations`, `${p(pid)}/recommendations`),
  recommendation: (pid: number, id: number) => call(`GET ${P}/recommendations/:recommendationId`, `${p(pid)}/recommendations/${id}`),
};
