import type { AcceptInvitationBody, InvitationPreview, LoginBody, Me } from '../../../../shared/schemas/auth';
import type {
  AgencyBody,
  AgencyView,
  AuditEntry,
  BoardBody,
  BoardDetail,
  BoardPatch,
  BoardView,
  CreatedPerson,
  InvitationView,
  MembershipBody,
  MembershipPatch,
  MembershipView,
  PartnershipView,
  PersonBody,
  PersonPatch,
  PersonView,
} from '../../../../shared/schemas/admin';
import { request } from './http';

export { request, setUnauthenticatedHandler, retryAfterSeconds, fieldErrors, messageOf } from './http';

const enc = encodeURIComponent;
const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;

/** Every REST call the client makes, typed with the shared request and response shapes. */
export const api = {
  me: () => request<Me>('GET', '/api/auth/me', undefined, { quiet401: true }),
  login: (body: LoginBody) => request<Me>('POST', '/api/auth/login', body, { quiet401: true }),
  logout: () => request<void>('POST', '/api/auth/logout', undefined, { quiet401: true }),
  switchPartnership: (partnershipId: number) => request<Me>('POST', '/api/auth/partnership', { partnershipId }),

  invitation: (token: string) => request<InvitationPreview>('GET', `/api/invitations/${enc(token)}`, undefined, { quiet401: true }),
  acceptInvitation: (body: AcceptInvitationBody) => request<Me>('POST', '/api/invitations/accept', body, { quiet401: true }),

  partnership: (pid: number) => request<PartnershipView>('GET', p(pid)),

  agencies: (pid: number) => request<AgencyView[]>('GET', `${p(pid)}/agencies`),
  createAgency: (pid: number, body: AgencyBody) => request<AgencyView>('POST', `${p(pid)}/agencies`, body),
  updateAgency: (pid: number, agencyId: number, body: Partial<AgencyBody>) =>
    request<AgencyView>('PATCH', `${p(pid)}/agencies/${agencyId}`, body),

  people: (pid: number) => request<PersonView[]>('GET', `${p(pid)}/people`),
  createPerson: (pid: number, body: PersonBody) => request<CreatedPerson>('POST', `${p(pid)}/people`, body),
  updatePerson: (pid: number, personId: number, body: PersonPatch) =>
    request<PersonView>('PATCH', `${p(pid)}/people/${personId}`, body),
  reissueInvitation: (pid: number, personId: number) =>
    request<InvitationView>('POST', `${p(pid)}/people/${personId}/invitation`),

  boards: (pid: number) => request<BoardView[]>('GET', `${p(pid)}/boards`),
  board: (pid: number, boardId: number) => request<BoardDetail>('GET', `${p(pid)}/boards/${boardId}`),
  createBoard: (pid: number, body: BoardBody) => request<BoardView>('POST', `${p(pid)}/boards`, body),
  updateBoard: (pid: number, boardId: number, body: BoardPatch) =>
    request<BoardView>('PATCH', `${p(pid)}/boards/${boardId}`, body),

  addMember: (pid: number, boardId: number, body: MembershipBody) =>
    request<MembershipView>('POST', `${p(pid)}/boards/${boardId}/memberships`, body),
  updateMember: (pid: number, boardId: number, membershipId: number, body: MembershipPatch) =>
    request<MembershipView>('PATCH', `${p(pid)}/boards/${boardId}/memberships/${membershipId}`, body),
  removeMember: (pid: number, boardId: number, membershipId: number) =>
    request<void>('DELETE', `${p(pid)}/boards/${boardId}/memberships/${membershipId}`),

  audit: (pid: number, limit = 200) => request<AuditEntry[]>('GET', `${p(pid)}/audit?limit=${limit}`),
};
