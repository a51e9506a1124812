import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { AppError } from '../../../shared/errors.js';
import { colourFor } from '../../../shared/protocol/awareness.js';
import { parseDocName, type DocKind } from '../../../shared/protocol/yjs.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { DocEditor, WholeEdit } from '../../core/doc-editor.js';
import type { CommitQueue } from './commit-queue.js';
import { YjsConnection, type ConnectionHooks } from './connection.js';
import { DocRejected, type DocKindHandler } from './doc-kind.js';
import { LiveDoc } from './live-doc.js';

/**
 * The socket of a server-made edit (see DocEditor): nothing is sent on it, and the close the commit
 * queue gives a refused update is kept as the refusal's reason.
 */
export class EditSocket {
  readonly OPEN = 1;
  readyState = 3;
  closed: { code: number; reason: string } | null = null;
  send(): void {}
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}

/**
 * The update that makes `mutate`'s change to the document as it will stand when the update is tried
 * (what is stored plus what is staged: the shadow), written with a client id nobody has written with.
 * Null when the change changes nothing.
 */
export function updateFor(live: LiveDoc, mutate: (doc: Y.Doc) => void): Uint8Array | null {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live.shadow));
    while (live.writers.has(copy.clientID) || live.shadow.store.clients.has(copy.clientID)) copy.clientID = Math.floor(Math.random() * 2 ** 31);
    const before = Y.encodeStateVector(copy);
    let changed = false;
    const onUpdate = () => (changed = true);
    copy.on('update', onUpdate);
    copy.transact(() => mutate(copy));
    copy.off('update', onUpdate);
    return changed ? Y.encodeStateAsUpdate(copy, before) : null;
  } finally {
    copy.destroy();
  }
}

export interface ServerEditDeps {
  docKinds: Partial<Record<DocKind, DocKindHandler<never>>>;
  load(docName: string, name: NonNullable<ReturnType<typeof parseDocName>>, partnershipId: number): Promise<LiveDoc>;
  presenceIdentity(personId: number): Promise<{ personId: number; name: string; agencyName: string }>;
  /** The person's rights as they stand now (null when they no longer may act), read inside the caller's transaction. */
  actorOf(personId: number): Promise<Actor | null>;
  queue: CommitQueue;
  hooks: ConnectionHooks;
  scheduleUnload(live: LiveDoc): void;
}

/** DocEditor over the live documents: the person's rights decided as their own page's would be, then again by the queue. */
export function serverEditor(deps: ServerEditDeps): DocEditor {
  /** The document loaded, or why the person may not edit it. */
  async function target(actor: Actor, docName: string): Promise<LiveDoc | string> {
    const name = parseDocName(docName);
    const handler = name ? deps.docKinds[name.kind] : undefined;
    const partnershipId = name && handler ? await handler.partnershipOf(name) : null;
    if (!name || !handler || partnershipId !== actor.partnershipId || (await handler.access(actor, name)) !== 'edit') return 'not yours to edit';
    return deps.load(docName, name, partnershipId);
  }

  function connection(actor: Actor, live: LiveDoc, who: { personId: number; name: string; agencyName: string }): { conn: YjsConnection; socket: EditSocket } {
    const user = { personId: who.personId, name: who.name, agency: who.agencyName, color: colourFor(who.personId) };
    const socket = new EditSocket();
    return { conn: new YjsConnection(socket.asWebSocket(), live, actor, 'edit', 'server-edit', user, deps.hooks), socket };
  }

  return {
    async editAll(actor: Actor, unit: WholeEdit): Promise<void> {
      const names = [...new Set(unit.docNames)];
      const targets = await Promise.all(names.map((n) => target(actor, n)));
      const lives = new Map<string, LiveDoc>();
      try {
        targets.forEach((t, i) => {
          if (!(t instanceof LiveDoc)) throw new AppError('CONFLICT', `Nothing was written: ${names[i]} is ${t}.`);
          lives.set(names[i]!, t);
        });
        await deps.queue.enqueueWhole({
          lives: new Set(lives.values()),
          build: async () => {
            // Decided again inside the unit's own transaction: the unit is stored on a later turn of the
            // event loop, and a change of owner, seat or admin right committed meanwhile must refuse it.
            const now = await deps.actorOf(actor.personId);
            if (!now || now.partnershipId !== actor.partnershipId) throw new AppError('CONFLICT', 'Nothing was written: you may no longer act in this partnership.');
            for (const live of lives.values()) {
              if ((await live.handler.access(now, live.name)) !== 'edit') throw new AppError('CONFLICT', `Nothing was written: ${live.docName} is no longer yours to edit.`);
            }
            const who = await deps.presenceIdentity(now.personId);
            return (await unit.before()).flatMap((e) => {
              const live = lives.get(e.docName);
              // Only the documents checked beforehand: anything else is a fault of the caller's, refused whole.
              if (!live) throw new AppError('CONFLICT', `Nothing was written: ${e.docName} was not among the documents checked.`);
              let update: Uint8Array | null;
              try {
                update = updateFor(live, e.mutate);
              } catch (err) {
                throw new AppError('CONFLICT', `Nothing was written: ${e.docName} could not be changed (${err instanceof Error ? err.message : String(err)}).`);
              }
              if (!update) return [];
              const { conn, socket } = connection(now, live, who);
              return [{ live, conn, update, refusal: () => socket.closed?.reason ?? 'refused' }];
            });
          },
          after: unit.after,
        });
      } catch (err) {
        // A rule of a document's kind refused its edit: the unit's words, naming the document and why.
        if (err instanceof DocRejected) throw new AppError('CONFLICT', `Nothing was written: ${[err.details ?? []].flat().join('; ')}.`);
        throw err;
      } finally {
        for (const live of lives.values()) deps.scheduleUnload(live);
      }
    },
  };
}
