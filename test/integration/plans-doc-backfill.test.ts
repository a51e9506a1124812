import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { OBJECTIVE_DOC } from '../../shared/docs/objective-doc.js';
import { docName } from '../../shared/protocol/yjs.js';
import { backfillObjectiveDocs } from '../../server/features/plans/doc-backfill.js';
import { useTestServer } from '../helpers/server.js';

const NAME = docName('objective', 1);

/*
 * Progress written before objectives were co-edited is carried into each objective's document once, at
 * start-up. Two processes starting together on one database (a rolling upgrade) must not both carry
 * it: two first updates would each hold the text, and it would show twice.
 */
describe('carrying old progress into objective documents', () => {
  const server = useTestServer();

  it('happens once, however many start at once', async () => {
    const s = server();
    await s.ctx.database.transaction(async () => {
      await s.ctx.database.sql.run('delete from doc_updates where doc_name = ?', [NAME]);
      await s.ctx.database.sql.run('delete from doc_snapshots where doc_name = ?', [NAME]);
      await s.ctx.database.sql.run('update plan_objectives set progress = ? where id = ?', ['Written before co-editing.', 1]);
    });
    const carried = await Promise.all([backfillObjectiveDocs(s.ctx), backfillObjectiveDocs(s.ctx), backfillObjectiveDocs(s.ctx)]);
    expect(carried.filter((n) => n > 0)).toHaveLength(1);
    const stored = await s.services.docs.load(NAME);
    const doc = new Y.Doc();
    for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(doc, u);
    expect(doc.getText(OBJECTIVE_DOC.narrative).toString()).toBe('Written before co-editing.');
    // And once there, never again.
    expect(await backfillObjectiveDocs(s.ctx)).toBe(0);
  });
});
