import type { ChallengeStatus, ChallengeSubjectKind, NotificationList } from '../../../../shared/schemas/challenge';
import { call, type RequestOptions } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

export interface ChallengeListFilter {
  boardId?: number | undefined;
  agencyId?: number | undefined;
  status?: ChallengeStatus | undefined;
  overdue?: boolean | undefined;
  subjectKind?: ChallengeSubjectKind | undefined;
  subjectRef?: string | undefined;
  ids?: readonly number[] | undefined;
}

export function challengeQuery(filter: ChallengeListFilter): string {
  const params = new URLSearchParams();
  if (filter.boardId !== undefined) params.set('boardId', String(filter.boardId));
  if (filter.agencyId !== undefined) params.set('agencyId', String(filter.agencyId));
  if (filter.status !== undefined) params.set('status', filter.status);
  if (filter.overdue !== undefined) params.set('overdue', String(filter.overdue));
  if (filter.subjectKind !== undefined) params.set('subjectKind', filter.subjectKind);
  if (filter.subjectRef !== undefined && filter.subjectRef !== '') params.set('subjectRef', filter.subjectRef);
  if (filter.ids !== undefined) params.set('ids', filter.ids.join(','));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The answer of the notifications' calls (declared in shared/schemas/challenge.ts). */
export type { NotificationList };

/** The challenge log's and notifications' REST calls; transitions are Socket.io commands. */
export const challengeApi = {
  list: (pid: number, filter: ChallengeListFilter = {}, options: RequestOptions = {}) => call(`GET ${P}/challenges`, `${p(pid)}/challenges${challengeQuery(filter)}`, undefined, options),
  detail: (pid: number, challengeId: number, options: RequestOptions = {}) => call(`GET ${P}/challenges/:challengeId`, `${p(pid)}/challenges/${challengeId}`, undefined, options),
  accountability: (pid: number, period: { from?: string; to?: string } = {}, options: RequestOptions = {}) => {
    const params = new URLSearchParams();
    if (period.from) params.set('from', period.from);
    if (period.to) params.set('to', period.to);
    const s = params.toString();
    return call(`GET ${P}/accountability`, `${p(pid)}/accountability${s ? `?${s}` : ''}`, undefined, options);
  },
  /** The partnership's actions log (every board), for the dashboard's drill-down. */
  actions: (pid: number) => call(`GET ${P}/actions`, `${p(pid)}/actions`),
  notifications: (options: RequestOptions = {}) => call('GET /api/notifications', '/api/notifications', undefined, options),
  markRead: (ids: number[] | 'all') => call('POST /api/notifications/read', '/api/notifications/read', { ids }),
};
