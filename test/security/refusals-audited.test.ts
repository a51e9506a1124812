import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

const POLICE_ID = 3;

async function refusals(server: TestServer): Promise<{ command: string; code: string }[]> {
  const rows = (await server.ctx.database.sql.all("select detail from audit_log where action = 'command.refused' and actor_id = ? order by id", [POLICE_ID])) as { detail: string }[];
  return rows.map((r) => JSON.parse(r.detail) as { command: string; code: string });
}

describe('attempts on what a person may not touch are on the record', () => {
  const server = useTestServer();

  it('records a refused role, an unseen record and another partnership’s id, on Socket.io and REST, but not a typo', async () => {
    const farshire = await addSecondPartnership(server());
    const police = await new ApiClient(server().url).login(DEMO.police);
    const socket = await connectSocket(police);
    const dueDate = addDays(todayIn(Date.now()), 14);

    // Closing a risk is the chair's decision.
    expect((await send(socket, 'risk:close', { riskId: 3, reason: 'Not mine to close' })).ok).toBe(false);
    // A risk of another partnership is not there for them.
    expect((await send(socket, 'risk:escalate', { riskId: farshire.riskId, reason: 'probing' })).ok).toBe(false);
    // A challenge tied to another partnership's meeting.
    const raised = await send(socket, 'challenge:raise', { boardId: 1, title: 'Probe', directedAgencyId: 1, dueDate, meetingId: farshire.meetingId });
    expect(raised.ok).toBe(false);
    // REST: a risk on another partnership's board.
    const rest = await police.post('/api/partnerships/1/risks', { boardId: farshire.boardId, title: 'Probe', leadAgencyId: 2, ownerId: POLICE_ID });
    expect(rest.status).toBeGreaterThanOrEqual(400);
    // A typo is answered, and not recorded.
    const typo = await police.post('/api/partnerships/1/risks', { boardId: 1, title: '', leadAgencyId: 2, ownerId: POLICE_ID });
    expect(errorCode(typo)).toBe('VALIDATION_FAILED');

    expect(await refusals(server())).toEqual([
      expect.objectContaining({ command: 'socket risk:close', code: 'FORBIDDEN' }),
      expect.objectContaining({ command: 'socket risk:escalate', code: 'NOT_FOUND' }),
      expect.objectContaining({ command: 'socket challenge:raise', code: 'VALIDATION_FAILED' }),
      expect.objectContaining({ command: 'POST /api/partnerships/1/risks', code: expect.stringMatching(/NOT_FOUND|VALIDATION_FAILED/) }),
    ]);
    // The record names nobody of the other partnership.
    expect(JSON.stringify(await refusals(server()))).not.toContain(farshire.names[0]);
  });
});
