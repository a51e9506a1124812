import type { ActionView, AttendanceReport, MeetingDetail, MeetingSummary, Minutes } from '../../../../shared/schemas/meeting';
import { request } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;

/** Meetings' REST reads; every change goes through Socket.io commands (see sync/socket). */
export const meetingApi = {
  list: (pid: number, boardId: number) => request<MeetingSummary[]>('GET', `${p(pid)}/boards/${boardId}/meetings`),
  detail: (pid: number, meetingId: number) => request<MeetingDetail>('GET', `${p(pid)}/meetings/${meetingId}`),
  minutes: (pid: number, meetingId: number) => request<Minutes>('GET', `${p(pid)}/meetings/${meetingId}/minutes`),
  actions: (pid: number, boardId?: number) => request<ActionView[]>('GET', `${p(pid)}/actions${boardId ? `?boardId=${boardId}` : ''}`),
  attendanceReport: (pid: number, boardId: number) => request<AttendanceReport>('GET', `${p(pid)}/boards/${boardId}/attendance-report`),
};
