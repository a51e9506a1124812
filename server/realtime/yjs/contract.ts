import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DocKind } from '../../../shared/protocol/yjs.js';
import type { Authenticate } from '../../core/auth-state.js';
import type { DocEditor } from '../../core/doc-editor.js';
import type { CommitCounts } from './commit-queue.js';
import type { DocKindHandler, DocRepository } from './doc-kind.js';
import type { DocPeers } from './peers.js';

/* The Yjs server's contract with the composition root: what it offers (YjsServer) and is given (YjsServices). */

export interface YjsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Re-decides every open connection's rights (after a change of membership, owner or meeting). */
  recheck(filter?: { kind?: DocKind; id?: number; personId?: number }): void;
  /** The sessions whose connections sent anything since the last call, so their idle window slides. */
  takeUsedSessions(): Set<string>;
  /** A session (or all of a person's) ended: demote its connections and close them with UNAUTHENTICATED. */
  endSessions(whose: { tokenHash: string } | { personId: number }, code?: number): void;
  stats(): { docs: number; connections: number; commits: CommitCounts };
  /** Writes changes into documents for a person, through the same rules, storage and broadcast as their own edits, all or nothing with other writes in one transaction (DocEditor.editAll). */
  editAll: DocEditor['editAll'];
  close(): Promise<void>;
}

/** What the Yjs server is given by the composition root: storage, the features' doc kinds, and who is who. */
export interface YjsServices {
  docs: DocRepository;
  docKinds: Partial<Record<DocKind, DocKindHandler<never>>>;
  authenticate: Authenticate;
  /** The name and agency shown beside a person's cursor. */
  presenceIdentity(personId: number): Promise<{ personId: number; name: string; agencyName: string }>;
  /** Several processes (REDIS_URL): the channel per document to the others (see peer-sync.ts). */
  peers?: DocPeers;
}
