import * as Y from 'yjs';
import type { Actor } from '../../../shared/domain/permissions.js';
import { AppError } from '../../../shared/errors.js';
import { DOC_LIMITS } from '../../../shared/limits.js';
import { YJS_CLOSE, YJS_LIMITS } from '../../../shared/protocol/yjs.js';
import { addsNul, gcStructsIn, writtenClients } from '../../../shared/docs/strict.js';
import { overtakenSets, type ContestedSet } from '../../../shared/docs/overtaken.js';
import { DocRejected, type ContestedValue } from './doc-kind.js';
import type { YjsConnection } from './connection.js';
import type { LiveDoc } from './live-doc.js';

export interface StageHooks {
  /** An editor's update was refused (it broke the layout, named someone else, or was too large): on the record. */
  refused(live: LiveDoc, actor: Actor, reason: 'breaks_rules' | 'too_large' | 'daily_limit', detail: Record<string, unknown>): void;
  /** Takes an update's invisible cost from the person's daily budget for this document; false when it would pass it. */
  spend(live: LiveDoc, personId: number, cost: { newWriters: number; tombstones: number }): Promise<boolean>;
  log(message: string, extra?: Record<string, unknown>): void;
}

/** An update tried and accepted, waiting for its group's commit. */
export interface Staged {
  /** What the update adds (with anything of its sender's it completed), as stored and broadcast. */
  update: Uint8Array;
  /** Its client ids whose claim is not stored yet (see LiveDoc.unstoredClaims). */
  claims: number[];
  before: unknown;
  after: unknown;
  contested: ContestedValue[];
}

/**
 * Tries one update on its document's shadow, which holds what is stored plus the updates of the
 * current group tried before it, so that one breaking the record's rules changes nothing. On success
 * the update is staged (the shadow keeps it, `live.staged` and `live.tipState` move on) and returned
 * for the group's commit. Returns null when there is nothing to store: the update was refused (its
 * sender has been answered, the shadow rebuilt), or it brought nothing new, or what it brought waits
 * on its connection for content it depends on.
 *
 * `retry`: tried before, in a group where an earlier update of the document was refused at store
 * time; its budget was spent then.
 */
export async function stageUpdate(live: LiveDoc, conn: YjsConnection, update: Uint8Array, hooks: StageHooks, retry: boolean): Promise<Staged | null> {
  // Demoted while the update waited (a session ended, a right withdrawn): refused, never stored.
  if (conn.access !== 'edit') {
    conn.refuseWrite();
    return null;
  }
  // Refused or failed before: nothing after that counts (the client resends what it holds on reconnect).
  if (conn.refused) return null;
  const actor = conn.actor;
  const parked = conn.parked;
  conn.parked = null;
  let effective: Uint8Array | null = null;
  const capture = (u: Uint8Array) => {
    effective = effective ? Y.mergeUpdates([effective, u]) : u;
  };
  // Every item the update deletes (or brings already deleted) stays in the state for good: counted
  // against the person's daily budget, whether it was live a moment ago or never was.
  let deleted = 0;
  const countDeleted = (tr: Y.Transaction) => Y.iterateDeletedStructs(tr, tr.deleteSet, () => void deleted++);
  // Read while the transaction's deleted content is still there: Yjs collects it right after.
  const contested: ContestedSet[] = [];
  const watchContested = (tr: Y.Transaction) => {
    try {
      contested.push(...overtakenSets(tr));
    } catch (err) {
      // Telling someone their change did not hold must never cost anyone an edit.
      hooks.log('could not read contested values', { doc: live.docName, error: String(err) });
    }
  };
  const shadow = live.shadow;
  shadow.on('update', capture);
  shadow.on('afterTransaction', countDeleted);
  shadow.on('afterTransaction', watchContested);
  try {
    Y.applyUpdate(shadow, parked ? Y.mergeUpdates([parked, update]) : update);
    // What needs content this connection has not sent yet waits there, never in the shared shadow:
    // here another editor's update could complete it and carry it as theirs.
    const waiting = live.takePending();
    if (waiting && waiting.byteLength > YJS_LIMITS.parkedBytesMax) throw new DocRejected(['the update depends on content the server does not have']);
    conn.parked = waiting;
    if (!effective) return null;
    const added: Uint8Array = effective;
    // A client id is one page's own sequence of edits: nobody adds to another editor's.
    const clients = writtenClients(added);
    // An id held for another page while its claim waits (LiveDoc.pendingClaims) is that page's already.
    const ownerOf = (c: number) => live.writers.get(c) ?? live.pendingClaims.get(c) ?? actor.personId;
    if (clients.some((c) => ownerOf(c) !== actor.personId)) throw new DocRejected(['the update writes as another editor’s page']);
    if (addsNul(added)) throw new DocRejected(['the update holds a NUL character, which cannot be stored']);
    const stateBytes = live.stateBytesAfter(added);
    if (stateBytes > DOC_LIMITS.stateBytesMax && stateBytes > live.stateBytes) {
      live.resetShadow();
      hooks.refused(live, actor, 'too_large', { bytes: stateBytes });
      conn.refuse(YJS_CLOSE.DOC_TOO_LARGE, 'the record is too large to take that change');
      return null;
    }
    const before = live.tipState;
    const after = live.handler.read(shadow, live.name);
    // Awaited with the queue's run held: no other update is staged on this shadow meanwhile.
    await live.handler.accept?.({ name: live.name, partnershipId: live.partnershipId, editorId: actor.personId, actor, before, after });
    // An id this person's page announced is paid for by its claim (connection.ts), not again here.
    const cost = { newWriters: clients.filter((c) => !live.writers.has(c) && !live.pendingClaims.has(c)).length, tombstones: deleted + gcStructsIn(added) };
    let within = true;
    try {
      // Awaited with the queue's run held, as `accept` is (several processes: the budget is in Redis).
      if (!retry) within = await hooks.spend(live, actor.personId, cost);
    } catch (err) {
      // Not the sender's fault: refused as a failure to store (the page reconnects and resends), never as malformed.
      live.resetShadow();
      hooks.log('could not take from the daily budget', { doc: live.docName, personId: actor.personId, error: String(err) });
      conn.refuse(YJS_CLOSE.STORAGE_FAILED, 'could not check the daily budget');
      return null;
    }
    if (!within) {
      live.resetShadow();
      hooks.refused(live, actor, 'daily_limit', cost);
      conn.refuse(YJS_CLOSE.DAILY_LIMIT, 'too much invisible content added to this record today');
      return null;
    }
    // Decided again after the awaits above: an id claimed for someone else meanwhile is theirs.
    if (clients.some((c) => ownerOf(c) !== actor.personId)) throw new DocRejected(['the update writes as another editor’s page']);
    const people = betweenPeople(live, actor.personId, contested, clients);
    live.staged.push(added);
    live.tipState = after;
    live.stateBytes = stateBytes;
    // Claimed now, not at the commit: a later update of the same group must not write with these ids
    // as someone else. Should the group fail, the claim is still this person's (the page resends).
    for (const c of clients) {
      if (live.writers.has(c)) continue;
      live.writers.set(c, actor.personId);
      live.unstoredClaims.add(c);
    }
    return { update: added, claims: clients.filter((c) => live.unstoredClaims.has(c)), before, after, contested: people };
  } catch (err) {
    live.resetShadow();
    const rejected = err instanceof AppError;
    hooks.log(rejected ? 'yjs update refused' : 'malformed yjs update', { doc: live.docName, personId: actor.personId, error: rejected ? err.details : String(err) });
    if (rejected) hooks.refused(live, actor, 'breaks_rules', { issues: err.details });
    conn.refuse(YJS_CLOSE.MALFORMED, rejected ? 'update breaks the record rules' : 'malformed update');
    return null;
  } finally {
    shadow.off('update', capture);
    shadow.off('afterTransaction', countDeleted);
    shadow.off('afterTransaction', watchContested);
  }
}

/**
 * Names the people behind contested values: each client id is its writer's (this update's ids are
 * the sender's, checked above), never anything the update says. A value lost to the same person's
 * other page (two tabs) is left out: they made both changes and see the one that holds on both pages,
 * so a notice would only tell them what they did. So is a side whose writer is not known (the
 * server's own first write of a new risk).
 */
function betweenPeople(live: LiveDoc, personId: number, contested: ContestedSet[], ownClients: number[]): ContestedValue[] {
  const writerOf = (client: number) => (ownClients.includes(client) ? personId : live.writers.get(client));
  return contested.flatMap((c) => {
    const lost = writerOf(c.lost.client);
    const held = writerOf(c.held.client);
    if (lost === undefined || held === undefined || lost === held) return [];
    return [{ path: c.path, lost: { personId: lost, value: c.lost.value }, held: { personId: held, value: c.held.value } }];
  });
}
