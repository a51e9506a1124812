import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { loadActor } from '../../server/core/actors.js';
import type { RiskDetail, RiskRow } from '../../shared/schemas/risk.js';
import { countRows } from '../helpers/attack.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { commitImport, previewImport } from '../helpers/imports.js';
import { P, PERSON } from '../helpers/plans.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * The import commit (all or nothing, decided on the importer's rights of the moment) attacked: rights
 * taken away between the preview and the commit, and again inside the commit itself (after the rows are
 * planned, before the documents' edits are stored), and two previews of one risk committed at once.
 */

const HEAD = 'Ref,Risk,Risk description,Board,Lead agency,Risk owner,Likelihood,Impact';
const rowOf = (r: RiskRow, event: string) => `${r.reference},"${r.title}","${event}",${r.boardName},${r.leadAgencyName},${r.ownerName},${r.current.likelihood ?? ''},${r.current.impact ?? ''}`;

/** An open risk the police officer owns and may edit, and the health person (another agency) to hand it to. */
async function policeRisk(s: TestServer, rows: RiskRow[]): Promise<RiskRow> {
  const police = (await loadActor(s.ctx, PERSON.police))!;
  let row: RiskRow | undefined;
  for (const r of rows) if (!row && r.status === 'open' && r.ownerName === 'DCI Tom Brennan' && (await s.services.risks.commitPath.access(police, r.id)) === 'edit') row = r;
  if (!row) throw new Error('no open risk the police officer owns');
  return row;
}

const healthAgency = async (s: TestServer) => (await s.ctx.database.sql.get<{ id: number }>('select agency_id as id from people where id = ?', [PERSON.health]))!.id;
const docUpdates = (s: TestServer, riskId: number) => countRows(s, 'doc_updates where doc_name = ?', `risk:${riskId}`);

describe('the import commit: all or nothing, on the importer’s rights of the moment', () => {
  const server = useTestServer();

  it('an owner changed by someone else between the preview and the commit: nothing written, nothing broadcast, nothing audited', async () => {
    const s = server();
    const police = await new ApiClient(s.url).login(DEMO.police);
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const risk = await policeRisk(s, (await police.get<RiskRow[]>(`${P}/risks`)).body);
    const seen = await previewImport(police, 'risks', [HEAD, rowOf(risk, 'Written by an import the owner lost')].join('\n'), 'mine.csv', { mapping: JSON.stringify({ event: 'Risk description' }) });
    expect(seen.body.counts, JSON.stringify(seen.body.rows)).toMatchObject({ update: 1, withErrors: 0 });

    // An administrator (a chair would do) hands the risk to health meanwhile; an editor has it open.
    const watcher = openDoc(admin, `risk:${risk.id}`);
    await watcher.synced();
    const moved = await admin.post(`/api/commands/risk:change-owner`, { riskId: risk.id, ownerId: PERSON.health, leadAgencyId: await healthAgency(s) });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const updates = await docUpdates(s, risk.id);
    const audited = await countRows(s, `audit_log where action = 'import.committed'`);

    const commit = await commitImport(police, seen.body.id);
    expect(commit.status).toBe(409);
    expect((await police.get(`${P}/imports/${seen.body.id}`)).body).toMatchObject({ status: 'failed' });
    expect((await admin.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.event).not.toContain('the owner lost');
    expect(await docUpdates(s, risk.id)).toBe(updates);
    expect(await countRows(s, `audit_log where action = 'import.committed'`)).toBe(audited);
    expect(watcher.doc.getText('event').toString()).not.toContain('the owner lost');
    watcher.destroy();
  });

  it('a risk closed inside the commit (after its rows were decided, before its documents are written): the edit is refused, not stored as someone who may no longer make it', async () => {
    const s = server();
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const risk = await policeRisk(s, (await admin.get<RiskRow[]>(`${P}/risks`)).body);
    const watcher = openDoc(admin, `risk:${risk.id}`);
    await watcher.synced();
    const updates = await docUpdates(s, risk.id);

    // The import's own path (DocEditor.editAll): its rights are decided when it is handed in, and the
    // unit is stored later, in a transaction of its own. A change committed in between must be seen by
    // that transaction. To put the close exactly there on either engine, whatever its timing: another
    // transaction holds the writer while the import is handed in, and closes the risk once the hand-in's
    // own check has said "edit"; the unit can only be stored after it.
    const police = (await loadActor(s.ctx, PERSON.police))!;
    const administrator = (await loadActor(s.ctx, PERSON.admin))!;
    let checked!: () => void;
    const handedIn = new Promise<void>((resolve) => (checked = resolve));
    const access = s.services.risks.commitPath.access.bind(s.services.risks.commitPath);
    const spy = vi.spyOn(s.services.risks.commitPath, 'access').mockImplementation(async (actor, id) => {
      const answer = await access(actor, id);
      if (actor.personId === PERSON.police) checked();
      return answer;
    });
    onTestFinished(() => spy.mockRestore());
    // Closed by an administrator meanwhile: nobody edits a closed risk.
    const closing = s.ctx.database.transaction(async () => {
      await handedIn;
      await s.services.risks.close(administrator, risk.id, 'Closed while an import was being committed');
    });
    // Its refusal is taken as it comes (it may come while the test still awaits the close), not left unhandled.
    const written = s.yjs
      .editAll(police, {
        docNames: [`risk:${risk.id}`],
        before: async () => [{ docName: `risk:${risk.id}`, mutate: (doc) => doc.getText('event').insert(0, 'Typed after the risk was handed on. ') }],
        after: async () => {},
      })
      .then(
        () => 'written',
        (err: unknown) => err,
      );
    await closing;
    spy.mockRestore();
    expect(await s.services.risks.commitPath.access((await loadActor(s.ctx, PERSON.police))!, risk.id)).toBe('read');
    expect(await written).toMatchObject({ code: 'CONFLICT' });
    expect(await docUpdates(s, risk.id)).toBe(updates);
    expect((await admin.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.event).not.toContain('handed on');
    expect(watcher.doc.getText('event').toString()).not.toContain('handed on');
    // The officer's open page would have been made read-only; the same officer's later import is refused on its row.
    watcher.destroy();
  });

  it('two previews of one risk committed at once: one is written, the other is refused as moved (never a silent overwrite of what the first wrote)', async () => {
    const s = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const rows = (await chair.get<RiskRow[]>(`${P}/risks`)).body;
    const chairActor = (await loadActor(s.ctx, PERSON.chair))!;
    let found: RiskRow | undefined;
    for (const r of rows) if (!found && r.status === 'open' && (await s.services.risks.commitPath.access(chairActor, r.id)) === 'edit') found = r;
    const risk = found!;
    const mapping = { mapping: JSON.stringify({ event: 'Risk description' }) };
    const first = await previewImport(chair, 'risks', [HEAD, rowOf(risk, 'Description of the first file')].join('\n'), 'a.csv', mapping);
    const second = await previewImport(chair, 'risks', [HEAD, rowOf(risk, 'Description of the second file')].join('\n'), 'b.csv', mapping);
    expect(first.body.counts.update).toBe(1);
    expect(second.body.counts.update).toBe(1);
    const before = (await chair.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.event;
    expect(first.body.rows[0]!.changes.find((c) => c.to === 'Description of the first file')?.from).toBe(before);

    const [a, b] = await Promise.all([commitImport(chair, first.body.id), commitImport(chair, second.body.id)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const won = a.status === 200 ? 'Description of the first file' : 'Description of the second file';
    expect((await chair.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.event).toBe(won);
  });
});
