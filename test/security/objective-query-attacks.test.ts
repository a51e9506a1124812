import { describe, expect, it } from 'vitest';
import type { ObjectiveDetail } from '../../shared/schemas/plan.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { BOARD, P, PERSON, ok, planPage } from '../helpers/plans.js';
import { addSecondPartnership, leakedNames } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { useTestServer } from '../helpers/server.js';

/*
 * `GET /api/partnerships/:pid/objectives/:objectiveId?meetingId=` (the agenda item's panel asks whether
 * its reader may propose a RAG there), attacked with odd query strings and other partnerships' ids: it
 * answers a refusal or `canProposeRag: false`, never a 500, and never another partnership's names.
 */

describe('the objective read with a meeting named, attacked', () => {
  const server = useTestServer();
  const login = (email: string) => new ApiClient(server().url).login(email);

  it('odd query strings are refused or ignored, never read as another meeting; other partnerships’ ids answer false or not found, leaking nothing', async () => {
    const s = server();
    const second = await addSecondPartnership(s);
    const secondPlan = await addSecondPlan(s, second);
    const chair = await login(DEMO.chair);
    const objective = (await planPage(chair)).themes.flatMap((t) => t.objectives)[0]!;
    const meetingId = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    await ok(chair, 'agenda:add', { meetingId, title: 'RAG', links: [{ kind: 'objective', ref: String(objective.id) }] });
    await ok(chair, 'meeting:start', { meetingId });
    const base = `${P}/objectives/${objective.id}`;
    const read = async (query: string) => {
      const res = await chair.get<ObjectiveDetail>(`${base}${query}`);
      expect(leakedNames(second, res.body)).toEqual([]);
      return res.status === 200 ? res.body.canProposeRag : res.status;
    };
    expect(await read(`?meetingId=${meetingId}`)).toBe(true);
    const answers = await Promise.all(
      [
        `?meetingId=0${meetingId}`,
        `?meetingId=${meetingId}&meetingId=${meetingId}`,
        `?meetingId[]=${meetingId}`,
        `?meetingId[0]=${meetingId}`,
        `?meetingId=%20${meetingId}`,
        `?meetingId=${meetingId}.0`,
        `?meetingId=1e1`,
        `?meetingId=-${meetingId}`,
        `?meetingId=99999999999`,
        `?__proto__[meetingId]=${meetingId}`,
        `?constructor[prototype][meetingId]=${meetingId}`,
        `?meetingId=${second.meetingId}`,
        `?meetingId=999999`,
      ].map(async (q) => [q, await read(q)]),
    );
    expect(Object.fromEntries(answers)).toEqual({
      [`?meetingId=0${meetingId}`]: 400,
      [`?meetingId=${meetingId}&meetingId=${meetingId}`]: 400,
      [`?meetingId[]=${meetingId}`]: false,
      [`?meetingId[0]=${meetingId}`]: false,
      [`?meetingId=%20${meetingId}`]: 400,
      [`?meetingId=${meetingId}.0`]: 400,
      [`?meetingId=1e1`]: 400,
      [`?meetingId=-${meetingId}`]: 400,
      [`?meetingId=99999999999`]: 400,
      [`?__proto__[meetingId]=${meetingId}`]: false,
      [`?constructor[prototype][meetingId]=${meetingId}`]: false,
      [`?meetingId=${second.meetingId}`]: false,
      [`?meetingId=999999`]: false,
    });
    // Their objective, with our meeting or theirs: not found, as any unknown objective.
    for (const q of [`?meetingId=${meetingId}`, `?meetingId=${second.meetingId}`, '']) {
      const res = await chair.get(`${P}/objectives/${secondPlan.objectiveId}${q}`);
      expect([res.status, leakedNames(second, res.body)]).toEqual([404, []]);
    }
    // Their administrator, with our objective and our meeting: not found (their partnership is theirs).
    const farshire = await new ApiClient(s.url).login(second.email, second.password);
    const theirs = await farshire.get(`/api/partnerships/${second.partnershipId}/objectives/${objective.id}?meetingId=${meetingId}`);
    expect(theirs.status).toBe(404);
  });

  it('the panel’s answer is the rule’s: observers, members not present and everyone once the meeting is closed say false', async () => {
    const chair = await login(DEMO.chair);
    const objective = (await planPage(chair)).themes.flatMap((t) => t.objectives).find((o) => !([PERSON.police, PERSON.schools] as number[]).includes(o.leadPersonId ?? 0))!;
    const meetingId = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    await ok(chair, 'agenda:add', { meetingId, title: 'RAG', links: [{ kind: 'objective', ref: String(objective.id) }] });
    await ok(chair, 'meeting:start', { meetingId });
    await ok(chair, 'attendance:set', { meetingId, personId: PERSON.police, status: 'present' });
    await ok(chair, 'attendance:set', { meetingId, personId: PERSON.observer, status: 'present' });
    const may = async (email: string) => (await (await login(email)).get<ObjectiveDetail>(`${P}/objectives/${objective.id}?meetingId=${meetingId}`)).body.canProposeRag;
    expect([await may(DEMO.police), await may(DEMO.schools), await may(DEMO.observer)]).toEqual([true, false, false]);
    await ok(chair, 'meeting:close', { meetingId });
    expect([await may(DEMO.police), await may(DEMO.chair), await may(DEMO.admin)]).toEqual([false, false, false]);
  });
});
