import { describe, expect, it } from 'vitest';
import { auditTextChange, type TextChange } from '../../server/core/text-audit.js';
import { startTestServer } from '../helpers/server.js';

describe('the text audit trail, one row per editing session', () => {
  it('never extends another row that took the id of a session row lost to a rollback', async () => {
    const server = await startTestServer();
    const ctx = server.ctx;
    const row = async (id: number) => (await ctx.database.sql.get('select doc_name, field, to_value from field_changes where id = ?', [id])) as { doc_name: string; field: string; to_value: string } | undefined;
    const lastId = async () => ((await ctx.database.sql.get('select max(id) as id from field_changes')) as { id: number }).id;
    const at = new Date().toISOString();
    const typing = (to: string): TextChange => ({ partnershipId: 1, docName: 'risk:1', recordId: 1, field: 'cause', from: '', to, editorId: 3, at });

    // A session starts in a transaction that is rolled back (a group refused or failing to store).
    await expect(
      ctx.database.transaction(async () => {
        await auditTextChange(ctx, typing('first keystroke'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const lostId = (await lastId()) + 1;
    // Another record's change takes the id the rollback gave back (SQLite gives it back; a PostgreSQL
    // sequence does not, so there the other row has an id of its own and must be left alone all the same).
    await ctx.database.transaction(() => auditTextChange(ctx, { ...typing('someone else’s text'), docName: 'risk:2', recordId: 2, editorId: 4 }));
    const otherId = (await ctx.database.sql.get<{ id: number }>("select max(id) as id from field_changes where doc_name = 'risk:2'"))!.id;
    if (ctx.database.dialect === 'sqlite') expect(otherId).toBe(lostId);
    expect(await row(otherId)).toMatchObject({ doc_name: 'risk:2', to_value: JSON.stringify('someone else’s text') });

    // The first person types on: their session starts again, and the other row stays as it was.
    await ctx.database.transaction(() => auditTextChange(ctx, typing('second keystroke')));
    expect(await row(otherId)).toMatchObject({ doc_name: 'risk:2', to_value: JSON.stringify('someone else’s text') });
    expect(await row(await lastId())).toMatchObject({ doc_name: 'risk:1', field: 'cause', to_value: JSON.stringify('second keystroke') });
  });
});
