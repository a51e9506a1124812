import type { SqlValue } from '../../server/db/raw-sql.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { starterMatrix } from '../../shared/domain/matrix.js';
import { RiskMatrixBody } from '../../shared/schemas/matrix.js';
import { CreateRiskPayload, type RiskHistory, type RiskRow } from '../../shared/schemas/risk.js';
import { parse } from '../../shared/validate.js';
import { loadActor } from '../../server/core/actors.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { refuseWrites } from '../helpers/refuse-writes.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/**
 * The storage seam for risks (issue 11, item 6): each change a risk command makes is one call to the
 * risks' repository, written in one transaction that takes the service's decision again on the risk
 * as it is by then. Two commands interleaved between their checks and their writes (as two read from
 * one network packet are, even on SQLite) never both succeed where only one may; a change that fails
 * midway leaves nothing behind.
 */

const P = '/api/partnerships/1';
/** Demo facts: the Improvement Board (chaired by person 2) is the Operational Group's parent; person 6 chairs the Operational Group. */
const IB = 1;
const OG = 2;
const IB_CHAIR = 2;
const OG_CHAIR = 6;
const ADMIN = 1;
const POLICE = 3;
const HEALTH = 4;
const SCHOOLS = 5;

async function count(server: TestServer, sql: string, ...params: SqlValue[]): Promise<number> {
  return (await server.ctx.database.sql.get<{ n: number }>(`select count(*) as n from ${sql}`, params))!.n;
}

const audits = (s: TestServer, action: string, riskId: number) => count(s, 'audit_log where entity_type = ? and entity_id = ? and action = ?', 'risk', riskId, action);
const agencyOf = async (s: TestServer, personId: number) => (await s.ctx.database.sql.get<{ a: number }>('select agency_id as a from people where id = ?', [personId]))!.a;

/** A fresh open risk at the Operational Group, owned by the police lead: each test races over its own. */
async function openRisk(s: TestServer, title: string): Promise<RiskRow> {
  return s.services.risks.create((await loadActor(s.ctx, OG_CHAIR))!, parse(CreateRiskPayload, { boardId: OG, title, leadAgencyId: await agencyOf(s, POLICE), ownerId: POLICE }));
}

/** The outcomes of commands started in one turn of the event loop: each read the risk before any wrote. */
async function together(...commands: Promise<unknown>[]): Promise<{ ok: unknown[]; refused: { code: string; message: string }[] }> {
  const outcomes = await Promise.allSettled(commands);
  return {
    ok: outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])),
    refused: outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as { code: string; message: string }] : [])),
  };
}

/** From now until the test ends (or the undo answered), the database refuses every new notification row. */
async function refuseNotifications(server: TestServer): Promise<() => Promise<void>> {
  const undo = await refuseWrites(server, 'notifications', 'notifications refused');
  onTestFinished(undo);
  return undo;
}

describe('risk commands interleaved between their checks and their writes', () => {
  const server = useTestServer();

  it('two closes started together: one closes it, the other is told it is already closed, one line on the record', async () => {
    const s = server();
    const risk = await openRisk(s, 'Closed twice');
    const chair = (await loadActor(s.ctx, OG_CHAIR))!;
    const { ok, refused } = await together(s.services.risks.close(chair, risk.id, 'Mitigated in full'), s.services.risks.close((await loadActor(s.ctx, ADMIN))!, risk.id, 'No longer a risk'));
    expect(ok).toEqual([expect.objectContaining({ status: 'closed', closedReason: 'Mitigated in full' })]);
    expect(refused).toEqual([expect.objectContaining({ code: 'CONFLICT', message: 'The risk is already closed.' })]);
    expect(await audits(s, 'risk.close', risk.id)).toBe(1);
  });

  it('over Socket.io, a double-clicked close answers one ok and one CONFLICT, however the packets arrive', async () => {
    const s = server();
    const risk = await openRisk(s, 'Closed twice over the wire');
    const chair = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
    const replies = await Promise.all([send(chair, 'risk:close', { riskId: risk.id, reason: 'Mitigated in full' }), send(chair, 'risk:close', { riskId: risk.id, reason: 'Mitigated in full' })]);
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    expect(replies.find((r) => !r.ok)).toMatchObject({ error: { message: 'The risk is already closed.' } });
    expect(await audits(s, 'risk.close', risk.id)).toBe(1);
    // And back: two reopens likewise.
    const again = await Promise.all([send(chair, 'risk:reopen', { riskId: risk.id, reason: 'It came back' }), send(chair, 'risk:reopen', { riskId: risk.id, reason: 'It came back' })]);
    expect(again.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    expect(await audits(s, 'risk.reopen', risk.id)).toBe(1);
  });

  it('two escalations started together: escalated once, one refusal, one pair of history lines, the receiving chair told once', async () => {
    const s = server();
    const risk = await openRisk(s, 'Escalated twice');
    const { ok, refused } = await together(
      s.services.risks.escalate((await loadActor(s.ctx, OG_CHAIR))!, risk.id, 'Needs the Improvement Board'),
      s.services.risks.escalate((await loadActor(s.ctx, ADMIN))!, risk.id, 'Above tolerance too long'),
    );
    expect(ok).toEqual([expect.objectContaining({ escalatedToBoardId: IB })]);
    expect(refused).toEqual([expect.objectContaining({ code: 'CONFLICT', message: 'The risk is already escalated.' })]);
    expect(await audits(s, 'risk.escalate', risk.id)).toBe(1);
    const history = (await (await new ApiClient(s.url).login(DEMO.council)).get<RiskHistory>(`${P}/risks/${risk.id}/history`)).body;
    expect(history.changes.filter((c) => c.field === 'escalatedTo' || c.field === 'escalationReason').map((c) => [c.field, c.to])).toEqual([
      ['escalationReason', 'Needs the Improvement Board'],
      ['escalatedTo', 'Improvement Board'],
    ]);
    expect(await count(s, "notifications where person_id = ? and kind = 'risk_escalated' and link = ?", IB_CHAIR, `/risks/${risk.id}`)).toBe(1);
  });

  it('an escalation meeting a close that committed first is refused: the risk is closed, not escalated, nobody told', async () => {
    const s = server();
    const risk = await openRisk(s, 'Closed while escalated');
    const { ok, refused } = await together(s.services.risks.close((await loadActor(s.ctx, ADMIN))!, risk.id, 'Mitigated in full'), s.services.risks.escalate((await loadActor(s.ctx, OG_CHAIR))!, risk.id, 'Needs the Improvement Board'));
    expect(ok).toEqual([expect.objectContaining({ status: 'closed', escalatedToBoardId: null })]);
    expect(refused).toEqual([expect.objectContaining({ code: 'CONFLICT', message: 'A closed risk cannot be escalated.' })]);
    expect(await audits(s, 'risk.escalate', risk.id)).toBe(0);
    expect(await count(s, "field_changes where record_id = ? and field = 'escalatedTo'", risk.id)).toBe(0);
    expect(await count(s, "notifications where kind = 'risk_escalated' and link = ?", `/risks/${risk.id}`)).toBe(0);
  });

  it('a change of owner racing a close: both stand, in either order, and each is on the record once as it happened', async () => {
    const s = server();
    for (const closeFirst of [true, false]) {
      const risk = await openRisk(s, `Handed on while closed (${closeFirst ? 'close first' : 'owner first'})`);
      const close = async () => s.services.risks.close((await loadActor(s.ctx, OG_CHAIR))!, risk.id, 'Mitigated in full');
      const handOn = async () => s.services.risks.changeOwner((await loadActor(s.ctx, POLICE))!, risk.id, HEALTH);
      const { ok, refused } = await together(...(closeFirst ? [close(), handOn()] : [handOn(), close()]));
      expect(refused).toEqual([]);
      expect(ok).toHaveLength(2);
      const now = (await (await new ApiClient(s.url).login(DEMO.council)).get<RiskRow[]>(`${P}/risks?status=closed`)).body.find((r) => r.id === risk.id);
      expect(now).toMatchObject({ status: 'closed', ownerId: HEALTH, leadAgencyId: await agencyOf(s, HEALTH) });
      expect([await audits(s, 'risk.close', risk.id), await audits(s, 'risk.changeOwner', risk.id)]).toEqual([1, 1]);
      const handed = (await s.ctx.database.sql.get<{ detail: string }>("select detail from audit_log where entity_id = ? and action = 'risk.changeOwner'", [risk.id]))!;
      expect(JSON.parse(handed.detail)).toMatchObject({ before: { ownerId: POLICE }, after: { ownerId: HEALTH } });
    }
  });

  it('an owner handing on a risk the chair has just handed to someone else is refused: the chair’s choice stands', async () => {
    const s = server();
    const risk = await openRisk(s, 'Handed on twice');
    const { ok, refused } = await together(s.services.risks.changeOwner((await loadActor(s.ctx, OG_CHAIR))!, risk.id, SCHOOLS), s.services.risks.changeOwner((await loadActor(s.ctx, POLICE))!, risk.id, HEALTH));
    expect(ok).toEqual([expect.objectContaining({ ownerId: SCHOOLS })]);
    expect(refused).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    expect(refused[0]!.message).toMatch(/changed a moment ago/);
    expect(await audits(s, 'risk.changeOwner', risk.id)).toBe(1);
  });

  it('new risks sent at once by two members are numbered uniquely and consecutively', async () => {
    const s = server();
    const before = (await (await new ApiClient(s.url).login(DEMO.council)).get<RiskRow[]>(`${P}/risks`)).body.length;
    const senders = [await connectSocket(await new ApiClient(s.url).login(DEMO.council)), await connectSocket(await new ApiClient(s.url).login(DEMO.police))];
    const policeAgency = await agencyOf(s, POLICE);
    const payload = (i: number) => ({ boardId: OG, title: `Parallel risk ${i}`, leadAgencyId: policeAgency, ownerId: POLICE });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => send<RiskRow>(senders[i % 2]!, 'risk:create', payload(i))));
    // And started together in one turn of the event loop, as commands read from one packet are.
    const inProcess = await Promise.all(Array.from({ length: 4 }, async (_, i) => s.services.risks.create((await loadActor(s.ctx, OG_CHAIR))!, parse(CreateRiskPayload, payload(8 + i)))));
    const references = [...replies.map((r) => (r.ok ? r.data.reference : r.error.code)), ...inProcess.map((r) => r.reference)];
    const expected = Array.from({ length: 12 }, (_, i) => `R-${String(before + 1 + i).padStart(3, '0')}`);
    expect([...references].sort()).toEqual(expected);
    expect(await count(s, "audit_log where action = 'risk.create' and cast(detail as text) like '%Parallel risk %'")).toBe(12);
  });

  it('a new risk scored 5 and a 4×4 matrix saved at the same moment: never both, wherever the save falls', async () => {
    const s = server();
    const farshire = await addSecondPartnership(s);
    const actor = (await loadActor(s.ctx, farshire.personId))!;
    const matrix = (size: 4 | 5) => parse(RiskMatrixBody, starterMatrix(size));
    const risks = () => count(s, 'risks where partnership_id = ?', farshire.partnershipId);
    // The save lands before the new risk reads the matrix, between that read and its write, or after it.
    for (let ticks = 0; ticks < 8; ticks++) {
      await s.services.riskMatrix.save(farshire.partnershipId, farshire.personId, matrix(5));
      const before = await risks();
      const creating = s.services.risks.create(actor, parse(CreateRiskPayload, { boardId: farshire.boardId, title: `Scored on five (${ticks})`, leadAgencyId: farshire.agencyId, ownerId: farshire.personId, currentLikelihood: 5, currentImpact: 2 }));
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      const saved = (async () => {
        try {
          return await s.services.riskMatrix.save(farshire.partnershipId, farshire.personId, matrix(4));
        } catch (err) {
          return err as { code: string };
        }
      })();
      const created = await creating.then(
        (row) => row,
        (err: { code: string; details?: { path: string }[] }) => err,
      );
      if ('id' in created) {
        expect(saved).toMatchObject({ code: 'CONFLICT' });
        expect((await s.services.risks.queries.matrix(farshire.partnershipId)).size).toBe(5);
        expect(await risks()).toBe(before + 1);
        // Rescored away, so the next round starts from a partnership whose risks fit a 4×4.
        await s.ctx.database.sql.run('update risks set current_likelihood = null where id = ?', [created.id]);
      } else {
        expect(created).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'currentLikelihood' })] });
        expect((await s.services.risks.queries.matrix(farshire.partnershipId)).size).toBe(4);
        expect(await risks()).toBe(before);
      }
    }
  });
});

describe('a risk change that fails midway leaves nothing written', () => {
  const server = useTestServer();

  it('a new risk above tolerance whose alert cannot be written: no row, no document, no audit, no number used, nothing announced', async () => {
    const s = server();
    const council = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
    const tables = async () => [await count(s, 'risks'), await count(s, 'doc_updates'), await count(s, 'audit_log'), await count(s, 'notifications')];
    const before = await tables();
    const numbered = await count(s, 'risks where partnership_id = 1');
    const heard: string[] = [];
    onTestFinished(s.ctx.bus.on('risk.changed', (e) => heard.push(e.command)));
    const allowNotifications = await refuseNotifications(s);

    const payload = { boardId: OG, title: 'Above tolerance from the start', leadAgencyId: await agencyOf(s, POLICE), ownerId: POLICE, currentLikelihood: 4, currentImpact: 4, tolerance: 6 };
    expect(await send(council, 'risk:create', payload)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await tables()).toEqual(before);
    expect(heard).toEqual([]);

    await allowNotifications();
    expect(await send<RiskRow>(council, 'risk:create', payload)).toMatchObject({ ok: true, data: { reference: `R-${String(numbered + 1).padStart(3, '0')}`, aboveTolerance: true } });
    expect(heard).toEqual(['create']);
  });

  it('an escalation whose receiving chair cannot be told: not escalated, no history, no audit', async () => {
    const s = server();
    const risk = await openRisk(s, 'Escalation refused midway');
    const chair = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
    await refuseNotifications(s);
    expect(await send(chair, 'risk:escalate', { riskId: risk.id, reason: 'Needs the Improvement Board' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect((await s.services.risks.queries.list(1, { ids: [risk.id] }))[0]).toMatchObject({ escalatedToBoardId: null, updatedAt: risk.updatedAt });
    expect(await count(s, 'field_changes where record_id = ? and field in (?, ?)', risk.id, 'escalatedTo', 'escalationReason')).toBe(0);
    expect(await audits(s, 'risk.escalate', risk.id)).toBe(0);
  });
});
