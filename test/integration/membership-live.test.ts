import { describe, expect, it, vi } from 'vitest';
import type { Me } from '../../shared/schemas/auth.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket } from '../helpers/socket.js';

const P = '/api/partnerships/1';
const OBSERVER_ID = 7;
/** Demo board 4, where the DfE observer has no seat. */
const BOARD = 4;

describe('a new seat reaches the person’s open pages live', () => {
  const server = useTestServer();

  it('pushes membership:changed to the person when an admin gives them a seat, and /me shows it', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    expect((await observer.get<Me>('/api/auth/me')).body.memberships.some((m) => m.boardId === BOARD)).toBe(false);
    const socket = await connectSocket(observer);
    let pushed = 0;
    socket.on('membership:changed', () => pushed++);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    expect((await admin.post(`${P}/boards/${BOARD}/memberships`, { personId: OBSERVER_ID, role: 'observer' })).status).toBe(201);
    await vi.waitFor(() => expect(pushed).toBe(1));
    expect((await observer.get<Me>('/api/auth/me')).body.memberships.some((m) => m.boardId === BOARD)).toBe(true);
  });
});
