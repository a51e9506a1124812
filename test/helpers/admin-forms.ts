import type { CommandName } from '../../shared/protocol/commands.js';
import type { ApiClient, JsonResponse } from './http.js';

/** The administration commands (gate `admin`) and the settings command, each with its older REST address. */
export const ADMIN_COMMANDS = [
  'agency:create',
  'agency:update',
  'person:create',
  'person:update',
  'person:invite',
  'board:create',
  'board:update',
  'membership:add',
  'membership:update',
  'membership:remove',
  'board:challenge-settings',
] as const satisfies readonly CommandName[];
export type AdminCommand = (typeof ADMIN_COMMANDS)[number];

type Payload = Record<string, unknown>;

/**
 * The older REST address of an administration command, addressed to partnership `pid`: its method,
 * path and body (the ids the address carries are left out of the body, as a browser would send it).
 */
export function restForm(name: AdminCommand, payload: Payload, pid: number): { method: string; path: string; body: Payload | undefined } {
  const base = `/api/partnerships/${pid}`;
  const { agencyId, personId, boardId, membershipId, ...rest } = payload;
  switch (name) {
    case 'agency:create':
      return { method: 'POST', path: `${base}/agencies`, body: payload };
    case 'agency:update':
      return { method: 'PATCH', path: `${base}/agencies/${String(agencyId)}`, body: rest };
    case 'person:create':
      return { method: 'POST', path: `${base}/people`, body: payload };
    case 'person:update':
      return { method: 'PATCH', path: `${base}/people/${String(personId)}`, body: { ...rest, ...(agencyId === undefined ? {} : { agencyId }) } };
    case 'person:invite':
      return { method: 'POST', path: `${base}/people/${String(personId)}/invitation`, body: {} };
    case 'board:create':
      return { method: 'POST', path: `${base}/boards`, body: payload };
    case 'board:update':
      return { method: 'PATCH', path: `${base}/boards/${String(boardId)}`, body: rest };
    case 'membership:add':
      return { method: 'POST', path: `${base}/boards/${String(boardId)}/memberships`, body: { ...rest, personId } };
    case 'membership:update':
      return { method: 'PATCH', path: `${base}/boards/${String(boardId)}/memberships/${String(membershipId)}`, body: rest };
    case 'membership:remove':
      return { method: 'DELETE', path: `${base}/boards/${String(boardId)}/memberships/${String(membershipId)}`, body: undefined };
    case 'board:challenge-settings':
      return { method: 'PUT', path: `${base}/boards/${String(boardId)}/challenge-settings`, body: rest };
  }
}

/** Sends the REST form; returns the answer and the `via` the record of refusals names it by. */
export async function sendRest(client: ApiClient, name: AdminCommand, payload: Payload, pid: number): Promise<{ res: JsonResponse; via: string }> {
  const { method, path, body } = restForm(name, payload, pid);
  return { res: await client.request(method, path, body), via: `${method} ${path}` };
}
