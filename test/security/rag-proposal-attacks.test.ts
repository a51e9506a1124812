import { describe, expect, it } from 'vitest';
import { loadActor } from '../../server/core/actors.js';
import { AppError } from '../../shared/errors.js';
import { PLAN_LIMITS } from '../../shared/limits.js';
import { ProposeRagPayload } from '../../shared/schemas/plan.js';
import { parse } from '../../shared/validate.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { BOARD, PERSON, objectiveOf, ok, planPage, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership, leakedNames } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { useTestServer, type TestServer } from '../helpers/server.js';

/*
 * Proposing an objective's RAG at a meeting (objective:propose-rag), attacked: a deputy's seat claimed
 * by the member they stand in for, forged keys claiming rights, values of the wrong type, another
 * partnership's ids mixed with ours, a meeting of another board linking our objective. Nothing is
 * stored by a refusal, and every refusal is audited.
 */

const DEPUTY = 8; // DI Rachel Hughes, the police member's named deputy at the Improvement Board.

const stored = async (server: TestServer) => ((await server.ctx.database.sql.get('select count(*) as n from objective_rag_proposals')) as { n: number }).n;

async function attempt(fn: () => Promise<unknown>): Promise<true | string> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/** A meeting of the Improvement Board in progress today, an objective of its plan on the agenda. */
async function liveMeeting(chair: ApiClient) {
  const plan = await planPage(chair);
  const objective = plan.themes.flatMap((t) => t.objectives).find((o) => o.outcome.startsWith('Feedback from individual children'))!;
  const meetingId = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
  await ok(chair, 'agenda:add', { meetingId, title: 'Improvement plan RAG', links: [{ kind: 'objective', ref: String(objective.id) }] });
  await ok(chair, 'meeting:start', { meetingId });
  return { meetingId, objectiveId: objective.id, planId: objective.planId };
}

describe('attacks on proposing a RAG at a meeting', () => {
  const server = useTestServer();
  const login = (email: string) => new ApiClient(server().url).login(email);

  it('a deputy standing in proposes; the member they stand in for does not, nor the deputy when the member sits in person', async () => {
    const chair = await login(DEMO.chair);
    const f = await liveMeeting(chair);
    const propose = (personId: number) => attempt(async () => server().services.plans.proposeRag((await loadActor(server().ctx, personId))!, parse(ProposeRagPayload, { meetingId: f.meetingId, objectiveId: f.objectiveId, rag: 'amber', rationale: 'From the seat' })));
    await ok(chair, 'attendance:set', { meetingId: f.meetingId, personId: PERSON.police, status: 'represented', deputyPersonId: DEPUTY });
    expect(await propose(DEPUTY)).toBe(true);
    expect(await propose(PERSON.police)).toBe('FORBIDDEN');
    await ok(chair, 'attendance:set', { meetingId: f.meetingId, personId: PERSON.police, status: 'present' });
    expect(await propose(PERSON.police)).toBe(true);
    expect(await propose(DEPUTY)).toBe('FORBIDDEN');
  });

  it('forged keys claim nothing, and values of the wrong type are refused by field before anything is read', async () => {
    const chair = await login(DEMO.chair);
    const f = await liveMeeting(chair);
    const [health, police] = await Promise.all([login(DEMO.health), login(DEMO.police)]);
    const before = await stored(server());

    // Health is not recorded at the meeting: prototype keys claiming an administrator's seat or attendance change nothing.
    const forged = JSON.parse(
      `{"meetingId":${f.meetingId},"objectiveId":${f.objectiveId},"rag":"green","rationale":"forged","attends":true,"isPartnershipAdmin":true,"__proto__":{"isPartnershipAdmin":true,"attends":true,"linksObjective":true},"constructor":{"prototype":{"isPartnershipAdmin":true,"attends":true}}}`,
    ) as never;
    expect(refusal(await run(health, 'objective:propose-rag', forged))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(({} as Record<string, unknown>).isPartnershipAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).attends).toBeUndefined();

    const good = { meetingId: f.meetingId, objectiveId: f.objectiveId, rag: 'red', rationale: 'Probe' };
    const bad: [string, unknown][] = [
      ['meetingId', '1'],
      ['meetingId', -1],
      ['meetingId', 1.5],
      ['meetingId', 1e15],
      ['meetingId', [f.meetingId]],
      ['objectiveId', '__proto__'],
      ['objectiveId', null],
      ['objectiveId', { id: f.objectiveId }],
      ['rag', 'RED'],
      ['rag', ' red'],
      ['rag', 'none'],
      ['rag', null],
      ['rationale', ''],
      ['rationale', '\n\t '],
      ['rationale', 42],
      ['rationale', { text: 'x' }],
      ['rationale', 'x'.repeat(PLAN_LIMITS.rationaleMax + 1)],
    ];
    for (const [field, value] of bad) {
      const answer = await run(police, 'objective:propose-rag', { ...good, [field]: value } as never);
      const shown = JSON.stringify(value).slice(0, 20);
      expect({ field, shown, ...refusal(answer) }).toEqual({ field, shown, status: 400, code: 'VALIDATION_FAILED', paths: [field] });
    }
    expect(await stored(server())).toBe(before);
    // The longest rationale allowed is kept whole, trimmed.
    await ok(chair, 'attendance:set', { meetingId: f.meetingId, personId: PERSON.police, status: 'present' });
    const longest = `  ${'y'.repeat(PLAN_LIMITS.rationaleMax)}  `;
    const view = await ok(police, 'objective:propose-rag', { ...good, rag: 'red', rationale: longest } as never);
    expect(view.proposals[0]!.rationale).toBe('y'.repeat(PLAN_LIMITS.rationaleMax));
  });

  it('another partnership’s ids mixed with ours are not found, never linked, and leak nothing; each refusal is audited', async () => {
    const s = server();
    const second = await addSecondPartnership(s);
    const secondPlan = await addSecondPlan(s, second);
    const chair = await login(DEMO.chair);
    const f = await liveMeeting(chair);
    const before = await stored(s);

    // The demo's chair links Farshire's objective: refused as no such objective here.
    const link = await run(chair, 'agenda:add', { meetingId: f.meetingId, title: 'Theirs', links: [{ kind: 'objective', ref: String(secondPlan.objectiveId) }] });
    expect(refusal(link)).toEqual({ status: 400, code: 'VALIDATION_FAILED', paths: ['links.0.ref'] });
    expect(leakedNames(second, link.body)).toEqual([]);

    // Our meeting with their objective, their meeting with our objective, by our chair and by their administrator.
    const farshire = (await loadActor(s.ctx, second.personId))!;
    const demoChair = (await loadActor(s.ctx, PERSON.chair))!;
    const tries: [typeof farshire, number, number][] = [
      [demoChair, f.meetingId, secondPlan.objectiveId],
      [demoChair, second.meetingId, f.objectiveId],
      [farshire, f.meetingId, f.objectiveId],
      [farshire, second.meetingId, f.objectiveId],
      [farshire, f.meetingId, secondPlan.objectiveId],
    ];
    for (const [actor, meetingId, objectiveId] of tries) {
      expect(await attempt(() => s.services.plans.proposeRag(actor, parse(ProposeRagPayload, { meetingId, objectiveId, rag: 'red', rationale: 'Probe' })))).toBe('NOT_FOUND');
    }
    const answer = await run(chair, 'objective:propose-rag', { meetingId: second.meetingId, objectiveId: f.objectiveId, rag: 'red', rationale: 'Probe' });
    expect(refusal(answer)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(leakedNames(second, answer.body)).toEqual([]);
    expect(await stored(s)).toBe(before);

    const refused = (await s.ctx.database.sql.get("select detail from audit_log where action = 'command.refused' and actor_id = ? order by id desc limit 1", [PERSON.chair])) as { detail: string };
    expect(JSON.parse(refused.detail)).toMatchObject({ command: 'POST /api/commands/objective:propose-rag', code: 'NOT_FOUND' });
  });

  it('a meeting of another board that links the objective lends no right to propose, even to its chair', async () => {
    const [chair, council] = await Promise.all([login(DEMO.chair), login(DEMO.council)]);
    // Council chairs the Operational Group; the objective is the Improvement Board's, and one council does not lead.
    const plan = await planPage(chair);
    const other = plan.themes.flatMap((t) => t.objectives).find((o) => o.leadPersonId !== PERSON.council)!;
    const og = (await ok(council, 'meeting:create', { boardId: BOARD.og, startsAt: meetingToday() })).id;
    await ok(council, 'agenda:add', { meetingId: og, title: 'Their plan', links: [{ kind: 'objective', ref: String(other.id) }] });
    await ok(council, 'meeting:start', { meetingId: og });
    expect(refusal(await run(council, 'objective:propose-rag', { meetingId: og, objectiveId: other.id, rag: 'red', rationale: 'From the group' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(objectiveOf(await planPage(chair), other.id).proposals).toEqual([]);
  });
});
