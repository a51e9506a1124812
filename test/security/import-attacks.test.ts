import { describe, expect, it } from 'vitest';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { IMPORT_LIMITS } from '../../shared/limits.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { commitImport, previewImport } from '../helpers/imports.js';
import { P } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';

/** Posts a file for a preview to any partnership's address, as a hostile page could. */
async function previewAt(client: ApiClient, pid: number, csv: string): Promise<{ status: number; body: { id?: string; counts?: { withErrors: number }; rows?: { errors: { column: string; message: string }[] }[] } }> {
  const form = new FormData();
  form.set('kind', 'risks');
  form.set('file', new Blob([csv]), 'r.csv');
  const res = await fetch(`${client.baseUrl}/api/partnerships/${pid}/imports`, { method: 'POST', headers: { cookie: client.sessionCookie!, origin: client.baseUrl }, body: form });
  return { status: res.status, body: (await res.json()) as never };
}

describe('attacks on imports', () => {
  const server = useTestServer();

  it('another partnership: our address refused; their R-001 is theirs; our people are no one to them; their preview is not ours to read', async () => {
    const far = await addSecondPartnership(server());
    const farshire = await new ApiClient(server().url).login(far.email, far.password);
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const ours = (await chair.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.reference === 'R-001')!;
    const csv = `Reference,Title,Owner\nR-001,Renamed by Farshire,DCI Tom Brennan\nR-001,,Ysolde Quarrington`;
    expect((await previewAt(farshire, 1, csv)).status).toBe(404);
    const theirs = await previewAt(farshire, far.partnershipId, 'Reference,Title\nR-001,Renamed by Farshire');
    expect(theirs.status).toBe(201);
    const named = await previewAt(farshire, far.partnershipId, 'Reference,Owner\nR-001,DCI Tom Brennan');
    expect(named.body.rows![0]!.errors).toEqual([{ column: 'Owner', message: 'No person called “DCI Tom Brennan” in this partnership' }]);
    expect((await chair.get(`${P}/imports/${theirs.body.id}`)).status).toBe(404);
    expect((await commitImport(chair, theirs.body.id!)).status).toBe(404);
    const committed = await fetch(`${farshire.baseUrl}/api/partnerships/${far.partnershipId}/imports/${theirs.body.id}/commit`, { method: 'POST', headers: { cookie: farshire.sessionCookie!, origin: farshire.baseUrl } });
    expect(committed.status).toBe(200);
    expect((await chair.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.id === ours.id)!.title).toBe(ours.title);
  });

  it('the records moved after the preview: the commit is refused whole and nothing of it is written', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const risk = (await chair.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.boardName === 'Improvement Board' && r.status === 'open')!;
    const likelihood = risk.current.likelihood === 1 ? 2 : 1;
    const impact = risk.current.impact === 1 ? 2 : 1;
    const mine = await previewImport(chair, 'risks', `Reference,Current likelihood,Current impact\n${risk.reference},${likelihood},${risk.current.impact ?? ''}\n`, 'r.csv');
    expect(mine.body.rows[0]!.action).toBe('update');
    const other = await previewImport(admin, 'risks', `Reference,Current impact\n${risk.reference},${impact}\n`, 'r.csv');
    expect((await commitImport(admin, other.body.id)).status).toBe(200);
    const refused = await commitImport(chair, mine.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error!.message).toContain('would now do something other than the preview showed');
    const now = (await chair.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.id === risk.id)!;
    expect(now.current).toMatchObject({ likelihood: risk.current.likelihood, impact });
    expect((await chair.get(`${P}/imports/${mine.body.id}`)).body).toMatchObject({ status: 'failed' });
  });

  it('a title corrected after the preview: an import that never touches the title still commits; one that would write the title is refused', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const risk = (await chair.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.boardName === 'Improvement Board' && r.status === 'open' && r.current.likelihood !== null)!;
    const likelihood = risk.current.likelihood === 1 ? 2 : 1;
    const scores = await previewImport(chair, 'risks', `Reference,Current likelihood\n${risk.reference},${likelihood}\n`, 'scores.csv');
    const titles = await previewImport(chair, 'risks', `Reference,Title\n${risk.reference},The chair’s own wording\n`, 'titles.csv');
    expect([scores.body.rows[0]!.label, titles.body.rows[0]!.label]).toEqual([`${risk.reference} ${risk.title}`, `${risk.reference} The chair’s own wording`]);
    const corrected = await previewImport(admin, 'risks', `Reference,Title\n${risk.reference},${risk.title} (corrected)\n`, 'fix.csv');
    expect((await commitImport(admin, corrected.body.id)).status).toBe(200);
    // The scores row is named by the old title but would do just what the preview showed.
    expect((await commitImport(chair, scores.body.id)).status).toBe(200);
    // The title row would now change a different title from the one the chair saw.
    const refused = await commitImport(chair, titles.body.id);
    expect(refused.status).toBe(409);
    const now = (await chair.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.id === risk.id)!;
    expect(now).toMatchObject({ title: `${risk.title} (corrected)`, current: { likelihood } });
  });

  it('a session that has ended commits nothing', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const seen = await previewImport(police, 'risks', 'Risk,Board,Lead agency,Owner\nAfter sign-out,Operational Group,Northshire Police,DCI Tom Brennan\n', 'r.csv');
    expect(seen.status).toBe(201);
    const cookie = police.sessionCookie!;
    expect((await police.request('POST', '/api/auth/logout')).status).toBeLessThan(300);
    const res = await fetch(`${police.baseUrl}${P}/imports/${seen.body.id}/commit`, { method: 'POST', headers: { cookie, origin: police.baseUrl } });
    expect(res.status).toBe(401);
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    expect((await chair.get<RiskRow[]>(`${P}/risks`)).body.some((r) => r.title === 'After sign-out')).toBe(false);
  });

  it('odd content: __proto__ headings, mappings and cells, cells too long, a file too large, a kind that is not one', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const odd = await previewImport(chair, 'risks', '__proto__,constructor,Title,Board,Lead agency,Owner\n1,2,__proto__,Improvement Board,Northshire Police,__proto__\n', 'r.csv', { mapping: JSON.stringify({ __proto__: 'Title', constructor: 'Title', prototype: 'x' }) });
    expect(odd.status).toBe(201);
    expect(odd.body.ignored).toEqual(['__proto__', 'constructor']);
    expect(odd.body.rows[0]!.errors).toEqual([{ column: 'Owner', message: 'No person called “__proto__” in this partnership' }]);
    expect((await previewImport(chair, 'risks', 'Title\nx', 'r.csv', { mapping: '{"title":' })).status).toBe(400);
    expect((await previewImport(chair, 'constructor', 'Title\nx', 'r.csv')).status).toBe(400);

    const long = 'x'.repeat(IMPORT_LIMITS.cellMax + 1);
    const tooLong = await previewImport(chair, 'risks', `Title,Risk description,Board,Lead agency,Owner\n${'t'.repeat(201)},${long},Improvement Board,Northshire Police,DCI Tom Brennan\n`, 'r.csv');
    expect(tooLong.body.rows[0]!.errors).toEqual([
      { column: 'Risk description', message: `Longer than ${IMPORT_LIMITS.cellMax.toLocaleString('en-GB')} characters` },
      { column: 'Title', message: 'Longer than 200 characters' },
    ]);
    expect(tooLong.body.rows[0]!.label.length).toBeLessThanOrEqual(200);

    const huge = await previewImport(chair, 'risks', new Uint8Array(IMPORT_LIMITS.bytesMax + 1), 'huge.csv');
    expect(huge.status).toBe(413);
    const binary = await previewImport(chair, 'risks', new Uint8Array([0, 1, 2, 3, 0, 0]), 'x.csv');
    expect(binary.status).toBe(400);
    expect(binary.body.error!.details![0]!.path).toBe('file');
  });
});
