import type { AcceptInvitationBody, LoginBody } from '../../../../shared/schemas/auth';
import type { AgencyBody, BoardBody, BoardPatch, MembershipBody, MembershipPatch, PersonBody, PersonPatch } from '../../../../shared/schemas/admin';
import { call, type RequestOptions } from './http';

export { request, call, setUnauthenticatedHandler, retryAfterSeconds, fieldErrors, messageOf, getFile } from './http';

const enc = encodeURIComponent;
const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/** Every REST call the client makes, named by its route: answers are typed (and checked) by shared/protocol/rest.ts. */
export const api = {
  /** `options.background`: read again because of a push or a reconnect (see BACKGROUND_READ_HEADER). */
  me: (options: RequestOptions = {}) => call('GET /api/auth/me', '/api/auth/me', undefined, { ...options, quiet401: true }),
  login: (body: LoginBody) => call('POST /api/auth/login', '/api/auth/login', body, { quiet401: true }),
  logout: () => call('POST /api/auth/logout', '/api/auth/logout', undefined, { quiet401: true }),
  switchPartnership: (partnershipId: number) => call('POST /api/auth/partnership', '/api/auth/partnership', { partnershipId }),

  invitation: (token: string) => call('GET /api/invitations/:token', `/api/invitations/${enc(token)}`, undefined, { quiet401: true }),
  acceptInvitation: (body: AcceptInvitationBody) => call('POST /api/invitations/accept', '/api/invitations/accept', body, { quiet401: true }),

  partnership: (pid: number) => call(`GET ${P}`, p(pid)),

  agencies: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/agencies`, `${p(pid)}/agencies`, undefined, options),
  createAgency: (pid: number, body: AgencyBody) => call(`POST ${P}/agencies`, `${p(pid)}/agencies`, body),
  updateAgency: (pid: number, agencyId: number, body: Partial<AgencyBody>) => call(`PATCH ${P}/agencies/:agencyId`, `${p(pid)}/agencies/${agencyId}`, body),

  people: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/people`, `${p(pid)}/people`, undefined, options),
  createPerson: (pid: number, body: PersonBody) => call(`POST ${P}/people`, `${p(pid)}/people`, body),
  updatePerson: (pid: number, personId: number, body: PersonPatch) => call(`PATCH ${P}/people/:personId`, `${p(pid)}/people/${personId}`, body),
  reissueInvitation: (pid: number, personId: number) => call(`POST ${P}/people/:personId/invitation`, `${p(pid)}/people/${personId}/invitation`),

  boards: (pid: number, options: RequestOptions = {}) => call(`GET ${P}/boards`, `${p(pid)}/boards`, undefined, options),
  board: (pid: number, boardId: number) => call(`GET ${P}/boards/:boardId`, `${p(pid)}/boards/${boardId}`),
  createBoard: (pid: number, body: BoardBody) => call(`POST ${P}/boards`, `${p(pid)}/boards`, body),
  updateBoard: (pid: number, boardId: number, body: BoardPatch) => call(`PATCH ${P}/boards/:boardId`, `${p(pid)}/boards/${boardId}`, body),

  addMember: (pid: number, boardId: number, body: MembershipBody) => call(`POST ${P}/boards/:boardId/memberships`, `${p(pid)}/boards/${boardId}/memberships`, body),
  updateMember: (pid: number, boardId: number, membershipId: number, body: MembershipPatch) =>
    call(`PATCH ${P}/boards/:boardId/memberships/:membershipId`, `${p(pid)}/boards/${boardId}/memberships/${membershipId}`, body),
  removeMember: (pid: number, boardId: number, membershipId: number) =>
    call(`DELETE ${P}/boards/:boardId/memberships/:membershipId`, `${p(pid)}/boards/${boardId}/memberships/${membershipId}`),

  /** `query`: the log's filters and paging, with its "?" (see features/admin/audit-filters.ts). */
  audit: (pid: number, query: string) => call(`GET ${P}/audit`, `${p(pid)}/audit${query}`),
};
