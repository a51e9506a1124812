import { eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { challenges } from '../../db/schema.js';
import { ChallengeDocInvalid, readChallengeQuestion, readChallengeResponse } from '../../../shared/docs/challenge-doc.js';
import { CHALLENGE_RESPONSE_PART } from '../../../shared/schemas/challenge.js';
import type { DocName } from '../../../shared/protocol/yjs.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { DocRejected, type DocKindHandler } from '../../realtime/yjs/doc-kind.js';
import type { ChallengeCommitReads } from './service.js';
import { auditTextChange } from '../../core/text-audit.js';

type ChallengeDocState = Record<string, string>;

const partOf = (name: DocName): 'question' | 'response' | null => (name.part === null ? 'question' : name.part === CHALLENGE_RESPONSE_PART ? 'response' : null);

/**
 * `challenge:<id>` holds the question and its discussion; `challenge:<id>:response` the directed
 * agency's answer. Two docs, because the two are written by different people.
 */
export function challengeDocHandler(ctx: ServiceContext, service: ChallengeCommitReads): DocKindHandler<ChallengeDocState> {
  return {
    partnershipOf: async (name) => (partOf(name) ? ((await service.row(name.id))?.partnershipId ?? null) : null),
    access: async (actor, name) => {
      const part = partOf(name);
      return part ? service.access(actor, name.id, part) : 'none';
    },
    read: (doc: Y.Doc, name: DocName) => {
      try {
        return partOf(name) === 'response' ? { ...readChallengeResponse(doc) } : { ...readChallengeQuestion(doc) };
      } catch (err) {
        if (err instanceof ChallengeDocInvalid) throw new DocRejected(err.issues);
        throw err;
      }
    },
    project: async ({ name, docName, editorId, before, after }) => {
      const row = (await service.row(name.id))!;
      const allowed = Object.keys(after);
      const at = isoAt(ctx.clock);
      const patch: Record<string, string> = {};
      for (const field of allowed) {
        const from = before[field] ?? '';
        const to = after[field] ?? '';
        if (from === to) continue;
        patch[field] = to;
        await auditTextChange(ctx, { partnershipId: row.partnershipId, docName, recordId: row.id, field, from, to, editorId, at });
      }
      if (Object.keys(patch).length > 0) await ctx.db.update(challenges).set({ ...patch, updatedAt: at }).where(eq(challenges.id, row.id)).run();
      return { changed: { partnershipId: row.partnershipId, kind: 'challenge' as const, ids: [row.id] } };
    },
  };
}
