import type {
  AgencyAccountability,
  ChallengeDetail,
  ChallengeRow,
  ChallengeStatus,
  ChallengeSubjectKind,
  NotificationView,
} from '../../../../shared/schemas/challenge';
import type { ActionView } from '../../../../shared/schemas/meeting';
import { request } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;

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

export interface NotificationList {
  items: NotificationView[];
  unread: number;
}

/** The challenge log's and notifications' REST calls; transitions are Socket.io commands. */
export const challengeApi = {
  list: (pid: number, filter: ChallengeListFilter = {}) => request<ChallengeRow[]>('GET', `${p(pid)}/challenges${challengeQuery(filter)}`),
  detail: (pid: number, challengeId: number) => request<ChallengeDetail>('GET', `${p(pid)}/challenges/${challengeId}`),
  accountability: (pid: number, period: { from?: string; to?: string } = {}) => {
    const params = new URLSearchParams();
    if (period.from) params.set('from', period.from);
    if (period.to) params.set('to', period.to);
    const s = params.toString();
    return request<AgencyAccountability[]>('GET', `${p(pid)}/accountability${s ? `?${s}` : ''}`);
  },
  /** The partnership's actions log (every board), for the dashboard's drill-down. */
  actions: (pid: number) => request<ActionView[]>('GET', `${p(pid)}/actions`),
  notifications: () => request<NotificationList>('GET', '/api/notifications'),
  markRead: (ids: number[] | 'all') => request<NotificationList>('POST', '/api/notifications/read', { ids }),
};
