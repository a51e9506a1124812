import { fieldChanges } from '../db/schema.js';
import type { ServiceContext } from './context.js';

export interface TextChange {
  partnershipId: number;
  docName: string;
  recordId: number;
  field: string;
  /** Set when the text is a mitigation's action. */
  mitigationId?: string | null;
  from: string;
  to: string;
  editorId: number | null;
  at: string;
}

/**
 * Typing produces an update per keystroke; the audit trail records an edit session instead: one row
 * per person and text field, from the text before they started to the text when they paused.
 * Call inside the update's transaction.
 */
const TEXT_EDIT_WINDOW_MS = 2 * 60_000;
type EditSessions = Map<string, { rowId: number; at: number }>;
/** Each server's own (keyed by its context): the row ids are its database's, never another's in the same process. */
const sessionsOf = new WeakMap<ServiceContext, EditSessions>();

export async function auditTextChange(ctx: ServiceContext, change: TextChange): Promise<void> {
  let sessions = sessionsOf.get(ctx);
  if (!sessions) sessionsOf.set(ctx, (sessions = new Map()));
  const key = `${change.docName}|${change.mitigationId ?? ''}|${change.field}|${change.editorId}`;
  const now = Date.parse(change.at);
  const open = sessions.get(key);
  // A row lost to a rolled-back transaction updates nothing: a new session starts then. Its id may
  // have been taken since by another row (a rollback gives ids back), so the row must still be this
  // session's own.
  if (open && now - open.at <= TEXT_EDIT_WINDOW_MS) {
    const mine = { docName: change.docName, mitigationId: change.mitigationId ?? null, field: change.field, editorId: change.editorId };
    const extended = (await ctx.database.fast.updateMatching(fieldChanges, open.rowId, mine, { toValue: change.to, at: change.at })) > 0;
    if (extended) {
      sessions.set(key, { rowId: open.rowId, at: now });
      return;
    }
  }
  const rowId = await ctx.database.fast.insert(fieldChanges, { partnershipId: change.partnershipId, docName: change.docName, recordId: change.recordId, mitigationId: change.mitigationId ?? null, field: change.field, fromValue: change.from, toValue: change.to, editorId: change.editorId, at: change.at });
  sessions.set(key, { rowId, at: now });
  if (sessions.size > 10_000) sessions.delete(sessions.keys().next().value!);
}
