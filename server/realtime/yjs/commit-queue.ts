import { YJS_CLOSE } from '../../../shared/protocol/yjs.js';
import { yjsCloseFor } from '../../core/errors.js';
import { DocRejected, type DocRepository, type GroupEntry, type OvertakenNotice, type Projected, type RowsChanged } from './doc-kind.js';
import type { YjsConnection } from './connection.js';
import type { LiveDoc } from './live-doc.js';
import { StaleDoc } from './peers.js';
import { stageUpdate, type StageHooks, type Staged } from './stage.js';

/** What became of one update handed to the queue. The sender has been answered already. */
export type CommitResult =
  /** Stored, then applied and broadcast. */
  | { status: 'stored'; updateId: number }
  /** Refused (the rules, a size or budget limit, its projection): the connection was closed with the code saying why. */
  | { status: 'refused' }
  /** Nothing to store: nothing new, content waiting for what it depends on, or a demoted or refused sender. */
  | { status: 'dropped' }
  /** The group could not be stored (storage trouble): nothing of it was broadcast; the sender was closed with STORAGE_FAILED. */
  | { status: 'failed' };

export interface CommitQueueHooks extends StageHooks {
  /** After a group's updates to one document are stored and applied: lists to refresh, people to tell. */
  stored(live: LiveDoc, changed: RowsChanged[], notices: OvertakenNotice[]): void;
  now(): number;
  /**
   * Several processes (see peers.ts): inside the group's transaction, before an entry is stored,
   * throws StaleDoc when another process stored to the document since this one last applied
   * (`first`: the document's first entry in the group; later ones follow this process's own) or
   * claimed one of the entry's new client ids.
   */
  fresh?(live: LiveDoc, first: boolean, claims: readonly number[], editorId: number): Promise<void>;
  /** Several processes: once a group's updates to a document are stored and applied here, in the order they were stored. */
  committed?(live: LiveDoc, batch: { prevId: number; lastId: number; updates: Uint8Array[]; writers: [number, number][] }): void;
  /** Several processes: reads what another process stored into the document (after a StaleDoc). */
  catchUp?(live: LiveDoc): Promise<void>;
}

/** How often an update (or a unit of server-made edits) is tried again after another process stored to its document meanwhile. */
const STALE_ATTEMPTS = 5;

/** How the queue has grouped its work since the server started (read by tests and the bench). */
export interface CommitCounts {
  /** Transactions committed, one per group (each one sync to disk with synchronous = FULL). */
  groups: number;
  /** Updates stored in them. */
  stored: number;
  /** The most updates one group stored. */
  largestGroup: number;
  /** Groups rolled back by storage trouble, and the updates in them. */
  rolledBackGroups: number;
  rolledBack: number;
  /** Updates put back because another process had stored to their document first (see StaleDoc). */
  stale: number;
}

interface Waiting {
  conn: YjsConnection;
  update: Uint8Array;
  retry: boolean;
  /** How often it met another process's newer update (StaleDoc) and was put back. */
  stale?: number;
  resolve: (result: CommitResult) => void;
}

/**
 * A unit handed in whole (DocEditor.editAll): stored alone, in one transaction with its own writes,
 * all or nothing.
 */
export interface WholeUnit {
  /** The documents it writes, loaded beforehand (kept loaded while it waits). */
  lives: ReadonlySet<LiveDoc>;
  /** Inside the transaction: the unit's own writes, then its updates, each with the connection it is written as. */
  build(): Promise<{ live: LiveDoc; conn: YjsConnection; update: Uint8Array; refusal(): string }[]>;
  /** Inside the transaction, after the updates are stored. */
  after(): Promise<void>;
}

interface WaitingUnit {
  unit: WholeUnit;
  attempts: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface InGroup {
  live: LiveDoc;
  item: Waiting;
  staged: Staged;
}

/**
 * The one way a Yjs update is stored: group commit. Updates that arrive together (everything
 * received in one turn of the event loop, and whatever arrives while a group is being stored) are
 * tried in order per document, then stored in ONE transaction across documents and connections;
 * only once it has committed is any of them applied to its document and broadcast. With
 * `synchronous = FULL` that is one fsync per group instead of one per keystroke, and nobody ever sees
 * an update a power cut could take back.
 */
export class CommitQueue {
  private waiting = new Map<LiveDoc, Waiting[]>();
  private units: WaitingUnit[] = [];
  /** Work that must not interleave with trying updates (see `between`), run first in the next turn. */
  private chores: (() => Promise<void>)[] = [];
  /** Documents another process stored to since this one tried an update of theirs (see StaleDoc): caught up first. */
  private stale = new Set<LiveDoc>();
  private scheduled = false;
  private running: Promise<void> | null = null;
  private idle: (() => void)[] = [];
  readonly counts: CommitCounts = { groups: 0, stored: 0, largestGroup: 0, rolledBackGroups: 0, rolledBack: 0, stale: 0 };

  constructor(
    private readonly repo: DocRepository,
    private readonly hooks: CommitQueueHooks,
  ) {}

  enqueue(live: LiveDoc, conn: YjsConnection, update: Uint8Array): Promise<CommitResult> {
    return new Promise((resolve) => {
      const list = this.waiting.get(live);
      const item = { conn, update, retry: false, resolve };
      if (list) list.push(item);
      else this.waiting.set(live, [item]);
      this.schedule();
    });
  }

  /**
   * A unit of updates and other writes, stored on its own turn: all of it in one transaction, or,
   * should any update be refused or any write fail, none of it (the promise rejects with why).
   */
  enqueueWhole(unit: WholeUnit): Promise<void> {
    return new Promise((resolve, reject) => {
      this.units.push({ unit, attempts: 0, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Runs `task` on the queue's next turn, before anything is tried: with nothing staged, every shadow
   * equals its document. Updates another process stored are applied so (see peer-sync.ts).
   */
  between(task: () => Promise<void>): void {
    this.chores.push(task);
    this.schedule();
  }

  /** Whether an update of this document waits or is being stored (it must not be unloaded meanwhile). */
  busy(live: LiveDoc): boolean {
    return this.waiting.has(live) || this.units.some((u) => u.unit.lives.has(live)) || (this.running !== null && live.staged.length > 0);
  }

  /** Resolves once everything handed in so far is stored or answered. */
  drain(): Promise<void> {
    if (!this.scheduled && !this.running && !this.pending()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    // While a group is being stored, what arrives waits for the next one (started when it ends).
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // setImmediate runs after every socket read of this turn of the event loop: all of it is one group.
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.run().finally(() => {
        this.running = null;
        if (this.pending()) this.schedule();
        else for (const resolve of this.idle.splice(0)) resolve();
      });
    });
  }

  private pending(): boolean {
    return this.waiting.size > 0 || this.units.length > 0 || this.chores.length > 0 || this.stale.size > 0;
  }

  private async run(): Promise<void> {
    const stale = [...this.stale];
    this.stale.clear();
    const catchUp = this.hooks.catchUp;
    const chores = [...(catchUp ? stale.map((live) => () => catchUp(live)) : []), ...this.chores.splice(0)];
    for (const chore of chores) {
      try {
        await chore();
      } catch (err) {
        this.hooks.log('yjs queue chore failed', { error: String(err) });
      }
    }
    // A unit is stored alone, on a turn of its own (what arrives meanwhile waits for the next).
    const unit = this.units.shift();
    if (unit) return this.runWhole(unit);
    const batch = this.waiting;
    this.waiting = new Map();
    const group: InGroup[] = [];
    const firsts = new Set<LiveDoc>();
    for (const [live, items] of batch) {
      for (const item of items) {
        let staged: Staged | null = null;
        try {
          staged = await stageUpdate(live, item.conn, item.update, this.hooks, item.retry);
        } catch (err) {
          // stageUpdate answers every refusal itself; this is a fault in the server, not the update.
          this.hooks.log('yjs update could not be tried', { doc: live.docName, error: String(err) });
          live.resetShadow();
          item.conn.refuse(1011, 'internal error');
        }
        if (staged) group.push({ live, item, staged });
        else item.resolve({ status: item.conn.refused ? 'refused' : 'dropped' });
      }
    }
    if (group.length === 0) return;
    let outcomes;
    try {
      outcomes = await this.repo.append(group.map((g) => this.entry(g, firsts)));
    } catch (err) {
      this.failed(group, err);
      return;
    }
    this.counts.groups++;
    this.counts.stored += outcomes.filter((o) => o.status === 'stored').length;
    this.counts.largestGroup = Math.max(this.counts.largestGroup, outcomes.length);
    this.apply(group, outcomes);
  }

  private async runWhole(waiting: WaitingUnit): Promise<void> {
    const { unit, resolve, reject } = waiting;
    const group: InGroup[] = [];
    const firsts = new Set<LiveDoc>();
    let outcomes;
    try {
      outcomes = await this.repo.appendAll(async () => {
        for (const { live, conn, update, refusal } of await unit.build()) {
          const staged = await stageUpdate(live, conn, update, this.hooks, false);
          if (staged) group.push({ live, item: { conn, update, retry: false, resolve: () => {} }, staged });
          else if (conn.refused) throw new DocRejected([`${live.docName}: ${refusal()}`]);
        }
        return group.map((g) => this.entry(g, firsts));
      }, () => unit.after());
    } catch (err) {
      // Rolled back whole: what was staged is taken out of the shadows; nothing was broadcast.
      if (group.length > 0) this.counts.rolledBackGroups++;
      this.counts.rolledBack += group.length;
      for (const live of new Set(group.map((g) => g.live))) live.unstage(true);
      // Another process stored to one of its documents meanwhile: caught up, then built and tried again.
      if (err instanceof StaleDoc && ++waiting.attempts < STALE_ATTEMPTS) {
        for (const live of unit.lives) this.catchUpFirst(live);
        this.units.unshift(waiting);
        return;
      }
      reject(err);
      return;
    }
    this.counts.groups++;
    this.counts.stored += outcomes.length;
    this.counts.largestGroup = Math.max(this.counts.largestGroup, outcomes.length);
    this.apply(group, outcomes);
    resolve();
  }

  /** `firsts`: the documents that already have an entry in this group (the first one checks freshness). */
  private entry({ live, item, staged }: InGroup, firsts: Set<LiveDoc>): GroupEntry<Projected> {
    const editorId = item.conn.actor.personId;
    const { name, docName, partnershipId } = live;
    const first = !firsts.has(live);
    firsts.add(live);
    return {
      docName,
      update: staged.update,
      editorId,
      at: this.hooks.now(),
      claims: staged.claims,
      admit: async () => {
        // Demoted while the group was being stored (a store that answers later than SQLite): refused, not stored.
        if (item.conn.access !== 'edit') throw new DocRejected(['the connection lost the right to edit']);
        await this.hooks.fresh?.(live, first, staged.claims, editorId);
        await live.handler.admit?.({ name, partnershipId, editorId });
      },
      project: (updateId) => live.handler.project({ name, docName, partnershipId, updateId, editorId, before: staged.before, after: staged.after, contested: staged.contested }),
    };
  }

  /** Storage trouble: the whole group was rolled back. Nothing is broadcast; every sender resends on reconnect. */
  private failed(group: InGroup[], err: unknown): void {
    this.counts.rolledBackGroups++;
    this.counts.rolledBack += group.length;
    this.hooks.log('yjs updates could not be stored', { docs: [...new Set(group.map((g) => g.live.docName))], updates: group.length, error: String(err) });
    for (const live of new Set(group.map((g) => g.live))) live.unstage(true);
    // One mapper for every channel: storage trouble is 4503 (reconnect and resend), anything else 1011.
    const { code, reason } = yjsCloseFor(err);
    for (const { item } of group) {
      item.conn.refuse(code, reason);
      item.resolve({ status: 'failed' });
    }
  }

  /** The group has committed: per document, what was stored is applied as one Yjs transaction (one broadcast). */
  private apply(group: InGroup[], outcomes: Awaited<ReturnType<DocRepository['append']>>): void {
    const perDoc = new Map<LiveDoc, { stored: { g: InGroup; updateId: number; value: Projected }[]; retry: Waiting[]; clean: boolean }>();
    group.forEach((g, i) => {
      const o = outcomes[i]!;
      let doc = perDoc.get(g.live);
      if (!doc) perDoc.set(g.live, (doc = { stored: [], retry: [], clean: true }));
      if (o.status === 'stored') {
        doc.stored.push({ g, updateId: o.updateId, value: o.value as Projected });
        return;
      }
      doc.clean = false;
      const stale = o.status === 'refused' && o.error instanceof StaleDoc;
      if (stale && (g.item.stale ?? 0) >= STALE_ATTEMPTS) {
        // Caught up and beaten again, time after time (or catching up fails): the page reconnects and resends.
        g.item.conn.refuse(YJS_CLOSE.STORAGE_FAILED, 'the record is busy; sending again');
        g.item.resolve({ status: 'failed' });
        return;
      }
      if (o.status === 'skipped' || stale) {
        // Another process stored to the document first: tried again once it has caught up, never refused for it.
        if (stale) {
          this.counts.stale++;
          this.catchUpFirst(g.live);
        }
        // It was tried after an update that was then refused: tried again, first in its document's line.
        doc.retry.push({ ...g.item, update: g.staged.update, retry: true, stale: (g.item.stale ?? 0) + (stale ? 1 : 0) });
        return;
      }
      const { code, reason } = yjsCloseFor(o.error);
      this.hooks.log('yjs update could not be stored', { doc: g.live.docName, personId: g.item.conn.actor.personId, error: String(o.error) });
      g.item.conn.refuse(code, reason);
      g.item.resolve({ status: 'refused' });
    });
    for (const [live, { stored, retry, clean }] of perDoc) {
      if (stored.length > 0) {
        const authors = new Set(stored.map((s) => s.g.item.conn));
        // One author: everyone else gets it; several: everyone gets the one message (their own part is a no-op).
        live.applyStored(
          stored.map((s) => s.g.staged.update),
          authors.size === 1 ? stored[0]!.g.item.conn : null,
        );
        for (const s of stored) for (const c of s.g.staged.claims) live.unstoredClaims.delete(c);
        const prevId = live.lastUpdateId;
        live.lastUpdateId = stored.at(-1)!.updateId;
        this.hooks.committed?.(live, {
          prevId,
          lastId: live.lastUpdateId,
          updates: stored.map((s) => s.g.staged.update),
          writers: stored.flatMap((s) => s.g.staged.claims.map((c): [number, number] => [c, s.g.item.conn.actor.personId])),
        });
        live.pendingCount += stored.length;
        live.state = stored.at(-1)!.g.staged.after;
      }
      // All stored: the shadow already equals the document. Otherwise it is rebuilt without the refused.
      live.unstage(!clean);
      if (retry.length > 0) this.waiting.set(live, [...retry, ...(this.waiting.get(live) ?? [])]);
      for (const s of stored) s.g.item.resolve({ status: 'stored', updateId: s.updateId });
      this.afterStored(live, stored.map((s) => s.value));
    }
  }

  /** Reads what another process stored into the document before anything more of it is tried. */
  private catchUpFirst(live: LiveDoc): void {
    this.stale.add(live);
  }

  private afterStored(live: LiveDoc, values: Projected[]): void {
    try {
      const changed = new Map<string, RowsChanged>();
      for (const v of values) if (v.changed) changed.set(`${v.changed.partnershipId}|${v.changed.kind}|${v.changed.ids.join(',')}`, v.changed);
      for (const v of values) v.afterStored?.();
      this.hooks.stored(live, [...changed.values()], values.flatMap((v) => v.notices ?? []));
    } catch (err) {
      // The updates are stored and broadcast; a failed push must not stop the queue.
      this.hooks.log('after storing yjs updates', { doc: live.docName, error: String(err) });
    }
  }
}
