import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AppError } from '../../../shared/errors.js';
import { colourFor } from '../../../shared/protocol/awareness.js';
import { READ_ONLY_REASON, YJS_CLOSE, YJS_LIMITS, YJS_PATH_PREFIX, parseDocName, type DocKind } from '../../../shared/protocol/yjs.js';
import type { ServerConfig } from '../../config.js';
import { isCrossSite } from '../../core/same-origin.js';
import { loadActor } from '../../core/actors.js';
import { openConnections } from '../../core/shared-connections.js';
import type { ServiceContext } from '../../core/context.js';
import type { OvertakenNotice, RowsChanged } from './doc-kind.js';
import type { Authenticate } from '../../core/auth-state.js';
import type { Access } from '../../../shared/domain/permissions.js';
import { writeAudit } from '../../core/audit.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { rejectUpgrade } from '../upgrade.js';
import { CommitQueue } from './commit-queue.js';
import { YjsConnection } from './connection.js';
import { dailyBudgets } from './daily-budgets.js';
import { LiveDoc } from './live-doc.js';
import { awarenessMessage, syncStep1 } from './protocol.js';
import { serverEditor } from './server-edit.js';
import { PeerSync } from './peer-sync.js';

export type { YjsServer, YjsServices } from './contract.js';
import type { YjsServer, YjsServices } from './contract.js';

const PING_MS = 30_000;

export function createYjsServer(
  ctx: ServiceContext,
  config: ServerConfig,
  services: YjsServices,
  onRowsChanged: (changed: RowsChanged) => void,
  /** A change someone made did not hold: tell them (over Socket.io, on every page they have open). */
  onOvertaken: (notice: OvertakenNotice) => void = () => {},
): YjsServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: YJS_LIMITS.maxMessageBytes });
  const docs = new Map<string, LiveDoc>();
  // Document connections per session (YJS_LIMITS.maxConnectionsPerSession); with REDIS_URL counted in Redis, across processes.
  const perSession = openConnections(ctx.sharedCounters, 'yjs-session', config.log);
  const alive = new WeakSet<WebSocket>();

  const budgets = dailyBudgets(ctx.sharedCounters, () => new Date(ctx.clock()).toISOString().slice(0, 10), config.log);
  const peers = services.peers ? new PeerSync({ peers: services.peers, docs: services.docs, loaded: (live) => docs.get(live.docName) === live, log: config.log }) : null;
  const queue = new CommitQueue(services.docs, {
    ...peers?.hooks(),
    stored(live, changed, notices) {
      if (live.pendingCount >= YJS_LIMITS.compactAfterUpdates) void compact(live);
      for (const c of changed) onRowsChanged(c);
      for (const n of notices) onOvertaken(n);
    },
    now: ctx.clock,
    spend: (live, personId, cost) => budgets.spend(live.docName, personId, cost),
    // On the record after the refusal is answered; a failure to write it is logged, never thrown at the sender.
    refused: (live, actor, reason, detail) => {
      auditRefusal(live, actor, 'doc.update_refused', { reason, ...detail }).catch((err: unknown) => config.log('could not record a refused update', { doc: live.docName, error: String(err) }));
    },
    log: config.log,
  });
  peers?.use(queue);
  const hooks = {
    enqueue: (live: LiveDoc, conn: YjsConnection, update: Uint8Array) => queue.enqueue(live, conn, update),
    claimWriter(live: LiveDoc, clientId: number, personId: number) {
      live.writers.set(clientId, personId);
      // Held in memory meanwhile, and if it cannot be stored: the first stored update with this id claims it again.
      live.unstoredClaims.add(clientId);
      services.docs.claimWriter(live.docName, clientId, personId).then(
        (owner) => {
          // Another process's page claimed it first: it is theirs here too, and this page's updates with it are refused.
          if (owner !== personId) live.writers.set(clientId, owner);
          live.unstoredClaims.delete(clientId);
        },
        (err: unknown) => config.log('could not store a writer claim', { doc: live.docName, error: String(err) }),
      );
    },
    refusedWrite: async (live: LiveDoc, actor: Actor) => auditRefusal(live, actor, 'doc.write_refused', {}),
    spend: (live: LiveDoc, personId: number, cost: { newWriters: number; tombstones: number }) => budgets.spend(live.docName, personId, cost),
    log: config.log,
  };

  /** Refusals go on the record; a database that cannot write must not turn one into a crash. */
  async function auditRefusal(live: LiveDoc, actor: Actor, action: 'doc.update_refused' | 'doc.write_refused', detail: Record<string, unknown>): Promise<void> {
    try {
      await writeAudit(ctx, { partnershipId: live.partnershipId, actorId: actor.personId, action, entityType: live.name.kind, entityId: live.name.id, detail: { doc: live.docName, ...detail } });
    } catch (err) {
      config.log('could not audit a refusal', { doc: live.docName, action, error: String(err) });
    }
  }

  const compacting = new WeakSet<LiveDoc>();
  /** Folds the stored updates into a snapshot of the document (which holds exactly what is stored). */
  async function compact(live: LiveDoc): Promise<void> {
    if (compacting.has(live)) return;
    compacting.add(live);
    const folded = live.pendingCount;
    try {
      await services.docs.compact(live.docName, Y.encodeStateAsUpdate(live.doc), live.lastUpdateId, ctx.clock());
      live.pendingCount -= folded;
    } catch (err) {
      // The update log is intact; compaction is retried at the next threshold or unload.
      config.log('compaction failed', { doc: live.docName, error: String(err) });
    } finally {
      compacting.delete(live);
    }
  }

  const loading = new Map<string, Promise<LiveDoc>>();
  function load(docName: string, name: NonNullable<ReturnType<typeof parseDocName>>, partnershipId: number): Promise<LiveDoc> {
    const existing = docs.get(docName);
    if (existing) return Promise.resolve(existing);
    let pending = loading.get(docName);
    if (!pending) {
      pending = readDoc(docName, name, partnershipId).finally(() => loading.delete(docName));
      loading.set(docName, pending);
    }
    return pending;
  }

  async function readDoc(docName: string, name: NonNullable<ReturnType<typeof parseDocName>>, partnershipId: number): Promise<LiveDoc> {
    const handler = services.docKinds[name.kind]!;
    // Another process may have it loaded too: its channel is heard before the store is read.
    const joined = await peers?.join(docName);
    let stored, writers;
    try {
      [stored, writers] = await Promise.all([services.docs.load(docName), services.docs.writers(docName)]);
    } catch (err) {
      peers?.leave(docName);
      throw err;
    }
    const live = new LiveDoc(docName, name, partnershipId, handler as never);
    Y.transact(live.doc, () => {
      if (stored.snapshot) Y.applyUpdate(live.doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(live.doc, u);
    });
    live.resetShadow();
    live.state = handler.read(live.doc, name);
    live.tipState = live.state;
    live.lastUpdateId = stored.lastUpdateId;
    live.writers = writers;
    live.pendingCount = stored.pendingCount;
    docs.set(docName, live);
    joined?.(live);
    return live;
  }

  function scheduleUnload(live: LiveDoc): void {
    if (live.connections.size > 0 || live.unloadTimer) return;
    live.unloadTimer = setTimeout(() => {
      live.unloadTimer = null;
      if (live.connections.size > 0) return;
      // An update of a connection that has left may still be on its way to storage: wait for it.
      if (queue.busy(live)) return scheduleUnload(live);
      // Every update was committed before it was applied, so nothing in memory is unsaved.
      docs.delete(live.docName);
      peers?.leave(live.docName);
      void (live.pendingCount > 0 ? compact(live) : Promise.resolve()).finally(() => live.destroy());
    }, config.docUnloadMs);
    live.unloadTimer.unref();
  }

  function attach(ws: WebSocket, live: LiveDoc, conn: YjsConnection, place: string): void {
    if (live.unloadTimer) {
      clearTimeout(live.unloadTimer);
      live.unloadTimer = null;
    }
    live.connections.add(conn);
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        conn.close(YJS_CLOSE.MALFORMED, 'text frames are not part of the protocol');
        return;
      }
      conn.handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    ws.on('error', (err) => {
      config.log('yjs socket error', { doc: live.docName, error: String(err) });
    });
    ws.on('close', () => {
      live.connections.delete(conn);
      awarenessProtocol.removeAwarenessStates(live.awareness, [...conn.controlledIds], null);
      perSession.release(conn.sessionHash, place);
      scheduleUnload(live);
    });
    if (conn.access === 'edit') conn.send(syncStep1(live.doc));
    else conn.makeReadOnly(READ_ONLY_REASON);
    const states = [...live.awareness.getStates().keys()];
    if (states.length > 0) conn.send(awarenessMessage(live.awareness, states));
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node takes its own error listener off an upgraded socket, and ws puts one on only once handed the
    // socket: a reset arriving while the session and rights are read would otherwise throw the process down.
    socket.on('error', ignoreSocketError);
    upgrade(req, socket, head).catch((err: unknown) => {
      config.log('document connection failed', { error: String(err) });
      socket.destroy();
    });
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const fail = (status: number, reason: string, error: AppError) => rejectUpgrade(socket, status, reason, JSON.stringify(error.toBody()));
    if (isCrossSite(req, config)) return fail(403, 'Forbidden', new AppError('CROSS_SITE_REQUEST', 'Cross-site connection refused.'));
    const auth = await services.authenticate(req.headers.cookie);
    if (!auth || 'expired' in auth) return fail(401, 'Unauthorized', new AppError('UNAUTHENTICATED', 'Sign in to continue.'));
    const path = (req.url ?? '').split('?')[0]!;
    let raw: string;
    try {
      raw = decodeURIComponent(path.slice(YJS_PATH_PREFIX.length));
    } catch {
      raw = '';
    }
    const name = parseDocName(raw);
    const handler = name ? services.docKinds[name.kind] : undefined;
    if (!name || !handler) return fail(400, 'Bad Request', new AppError('VALIDATION_FAILED', 'Unknown document name.'));
    // Counted before the rights are read: parallel upgrades of one session cannot all pass the limit meanwhile.
    const place = randomUUID();
    const leave = (sessionHash: string) => perSession.release(sessionHash, place);
    if (!(await perSession.admit(auth.tokenHash, place, YJS_LIMITS.maxConnectionsPerSession))) return fail(429, 'Too Many Requests', new AppError('RATE_LIMITED', 'Too many open documents for this session.'));
    // However the connection ends (ws drops a malformed upgrade without calling back), the place is given
    // back when its socket closes; the releases below come sooner where they can, and a second does nothing.
    socket.once('close', () => leave(auth.tokenHash));
    let access: Access;
    let partnershipId: number | null;
    let who: Awaited<ReturnType<YjsServices['presenceIdentity']>>;
    try {
      // The name first and the rights last: nothing is awaited between reading the rights and attaching
      // to a document already loaded, so a right withdrawn meanwhile is not carried in unseen.
      who = await services.presenceIdentity(auth.actor.personId);
      partnershipId = await handler.partnershipOf(name);
      access = await handler.access(auth.actor, name);
    } catch (err) {
      leave(auth.tokenHash);
      throw err;
    }

    // The page may have gone while its rights were read: ws would then drop the socket without calling
    // back, and the place counted above would never be given back.
    if (!socket.readable || !socket.writable) {
      leave(auth.tokenHash);
      socket.destroy();
      return;
    }
    socket.off('error', ignoreSocketError);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (access === 'none' || partnershipId === null) {
        leave(auth.tokenHash);
        ws.close(YJS_CLOSE.FORBIDDEN, 'not available to you');
        return;
      }
      const begin = (live: LiveDoc, actor: Actor, rights: Access) => {
        const user = { personId: who.personId, name: who.name, agency: who.agencyName, color: colourFor(who.personId) };
        attach(ws, live, new YjsConnection(ws, live, actor, rights, auth.tokenHash, user, hooks), place);
      };
      const loaded = docs.get(raw);
      if (loaded) return begin(loaded, auth.actor, access);
      // Nothing the client sends is read until the document is there to take it.
      ws.pause();
      load(raw, name, partnershipId)
        .then(async (live) => {
          // Reading the document may have taken a while (a store over the network): the session and
          // its rights are read again, as a connection attached meanwhile would have been re-checked.
          let rights: Access = 'none';
          let still: Awaited<ReturnType<Authenticate>> = null;
          try {
            still = await services.authenticate(req.headers.cookie);
            if (still && !('expired' in still) && still.tokenHash === auth.tokenHash) rights = await handler.access(still.actor, name);
          } catch (err) {
            config.log('document rights check failed', { doc: raw, error: String(err) });
          }
          ws.resume();
          if (ws.readyState !== ws.OPEN || rights === 'none') {
            leave(auth.tokenHash);
            scheduleUnload(live);
            if (ws.readyState === ws.OPEN) ws.close(YJS_CLOSE.FORBIDDEN, 'not available to you');
            return;
          }
          begin(live, (still as { actor: Actor }).actor, rights);
        })
        .catch((err: unknown) => {
          leave(auth.tokenHash);
          config.log('document failed to load', { doc: raw, error: String(err) });
          ws.close(1011, 'could not load the document');
        });
    });
  }

  async function recheck(filter: { kind?: DocKind; id?: number; personId?: number } = {}): Promise<void> {
    for (const live of docs.values()) {
      if (filter.kind && live.name.kind !== filter.kind) continue;
      if (filter.id && live.name.id !== filter.id) continue;
      for (const conn of [...live.connections]) {
        if (filter.personId && conn.actor.personId !== filter.personId) continue;
        const actor = await loadActor(ctx, conn.actor.personId);
        const access = actor ? await live.handler.access(actor, live.name) : 'none';
        if (actor) conn.actor = actor;
        if (access === conn.access) continue;
        if (access === 'none') conn.close(YJS_CLOSE.FORBIDDEN, 'access withdrawn');
        else if (access === 'read') conn.makeReadOnly(READ_ONLY_REASON);
        // Gaining the right to edit: reconnect so the client re-syncs what it typed while read-only.
        else conn.close(YJS_CLOSE.ACCESS_CHANGED, 'you may now edit');
      }
    }
  }

  function takeUsedSessions(): Set<string> {
    const used = new Set<string>();
    for (const live of docs.values()) {
      for (const conn of live.connections) {
        if (conn.used) used.add(conn.sessionHash);
        conn.used = false;
      }
    }
    return used;
  }

  function endSessions(whose: { tokenHash: string } | { personId: number }, code: number = YJS_CLOSE.UNAUTHENTICATED): void {
    const ended = 'tokenHash' in whose ? (c: YjsConnection) => c.sessionHash === whose.tokenHash : (c: YjsConnection) => c.actor.personId === whose.personId;
    for (const live of docs.values()) {
      for (const conn of [...live.connections]) {
        if (!ended(conn)) continue;
        // Demoted first: an update already in flight while the socket closes is refused, not stored.
        conn.makeReadOnly('session ended');
        conn.close(code, code === YJS_CLOSE.UNAUTHENTICATED ? 'session ended' : 'partnership switched');
      }
    }
  }

  const editor = serverEditor({ docKinds: services.docKinds, load, presenceIdentity: services.presenceIdentity, actorOf: async (personId) => loadActor(ctx, personId), queue, hooks, scheduleUnload });

  const ping = setInterval(() => {
    for (const live of docs.values()) {
      for (const conn of live.connections) {
        if (!alive.has(conn.ws)) {
          conn.ws.terminate();
          continue;
        }
        alive.delete(conn.ws);
        conn.ws.ping();
      }
    }
  }, PING_MS);
  ping.unref();

  return {
    handleUpgrade,
    recheck: (filter) => {
      recheck(filter).catch((err: unknown) => config.log('re-checking document rights failed', { error: String(err) }));
    },
    takeUsedSessions,
    endSessions,
    editAll: editor.editAll,
    stats: () => ({ docs: docs.size, connections: [...docs.values()].reduce((n, d) => n + d.connections.size, 0), commits: { ...queue.counts } }),
    async close() {
      clearInterval(ping);
      perSession.close();
      // What was received is stored (or answered) before anyone is told the server is stopping.
      await queue.drain();
      const folds: Promise<void>[] = [];
      for (const live of docs.values()) {
        for (const conn of live.connections) conn.close(YJS_CLOSE.SHUTTING_DOWN, 'server stopping');
        if (live.pendingCount > 0) folds.push(compact(live));
      }
      await Promise.all(folds);
      // How well updates were grouped over the process's life (the bench reads this line).
      config.log('yjs commit queue', { ...queue.counts });
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const live of docs.values()) {
        peers?.leave(live.docName);
        live.destroy();
      }
      docs.clear();
    },
  };
}

/** A socket that failed while its upgrade was being checked is gone: the check's answer finds it closed. */
function ignoreSocketError(): void {}
