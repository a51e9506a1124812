import { io, type Socket } from 'socket.io-client';
import type { RiskMatrix } from '../../../../shared/domain/scoring';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../../shared/errors';
import type { z } from 'zod';
import { COMMANDS, isCommandName } from '../../../../shared/protocol/commands';
import { PUSHES, SOCKET_ACKS, type AckReply, type ClientToServerEvents, type FocusPayload, type RiskOvertakenEvent, type RowsChangedEvent, type ServerToClientEvents, type SessionEndReason } from '../../../../shared/protocol/socket';
import type { NotificationView } from '../../../../shared/schemas/challenge';
import { CHECK_ANSWERS, answerMismatch, reportMismatch } from '../api/check';

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Events that carry a payload and an ack, and the data their ack returns. */
type CommandEvents = {
  [K in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[K]> extends [infer _P, (reply: AckReply<infer _T>) => void] ? K : never;
}[keyof ClientToServerEvents];
type PayloadOf<K extends CommandEvents> = Parameters<ClientToServerEvents[K]>[0];
type DataOf<K extends CommandEvents> = Parameters<ClientToServerEvents[K]>[1] extends (reply: AckReply<infer T>) => void ? T : never;

const COMMAND_TIMEOUT_MS = 10_000;

function toError(reply: unknown): AppError {
  const body = reply as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
  const code = body?.error?.code;
  const known = typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
  return new AppError(known ? (code as ErrorCode) : 'INTERNAL', body?.error?.message ?? 'The server did not accept this.', body?.error?.details);
}

/** What an event's acknowledgement carries when it succeeds: a command's result, or board:join's and board:leave's. */
function ackSchema(event: string): z.ZodType | null {
  if (isCommandName(event)) return COMMANDS[event].result;
  return Object.prototype.hasOwnProperty.call(SOCKET_ACKS, event) ? SOCKET_ACKS[event as keyof typeof SOCKET_ACKS] : null;
}

/**
 * Checks a push against PUSHES (where CHECK_ANSWERS holds). A mismatch is logged loudly, naming the
 * field; the push is still delivered, as a listener here cannot stop Socket.io's without breaking it.
 */
function checkPush(event: string, args: unknown[]): void {
  if (!Object.prototype.hasOwnProperty.call(PUSHES, event)) {
    reportMismatch(`the push "${event}" is not declared in PUSHES (shared/protocol/socket.ts)`, [], args);
    return;
  }
  const schema = PUSHES[event as keyof typeof PUSHES];
  if (schema === null) {
    if (args.length > 0) reportMismatch(`the push "${event}" carries nothing`, [`it carried ${args.length} argument(s)`], args);
    return;
  }
  answerMismatch(`the push "${event}" does not match its schema`, schema, args[0]);
}

/**
 * The one Socket.io connection of the page: same origin, the session cookie. Lists subscribe to
 * "rows:changed"; pages send commands and wait for the ack.
 */
export class SocketClient {
  connected = $state(false);
  private socket: BoardSocket | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private rowListeners = new Set<(event: RowsChangedEvent) => void>();
  /** Called after a reconnect, so lists refetch what they may have missed. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private reconnectListeners = new Set<() => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private notificationListeners = new Set<(n: NotificationView) => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private sessionEndedListeners = new Set<(reason: SessionEndReason) => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private membershipListeners = new Set<() => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private overtakenListeners = new Set<(event: RiskOvertakenEvent) => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private matrixListeners = new Set<(m: RiskMatrix) => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private planListeners = new Set<(planId: number) => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private evidenceListeners = new Set<() => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
  private scorecardListeners = new Set<(indicatorIds: number[]) => void>();

  private ensure(): BoardSocket {
    if (this.socket) return this.socket;
    // WebSocket from the first request: Socket.io's HTTP long-polling start would need every request
    // of a handshake to reach the same server process, and the product runs behind a load balancer
    // without sticky sessions (docs/DEPLOY.md). Live editing needs WebSockets anyway (Yjs).
    const socket: BoardSocket = io({ withCredentials: true, transports: ['websocket'] });
    let wasConnected = false;
    if (CHECK_ANSWERS) socket.onAny((event: string, ...args: unknown[]) => checkPush(event, args));
    socket.on('connect', () => {
      this.connected = true;
      if (wasConnected) for (const fn of this.reconnectListeners) fn();
      wasConnected = true;
    });
    socket.on('disconnect', () => {
      this.connected = false;
    });
    // A refusal by the server's middleware is final for Socket.io's own reconnection. Too many
    // connections for this person (other tabs) is not: try again a little later, with jitter so that
    // tabs do not all come back at once.
    socket.on('connect_error', (err) => {
      const code = (err as Error & { data?: { code?: string } }).data?.code;
      if (code === 'RATE_LIMITED') setTimeout(() => socket.connect(), 5_000 + Math.random() * 10_000);
    });
    socket.on('rows:changed', (event) => {
      for (const fn of this.rowListeners) fn(event);
    });
    socket.on('notification:new', (n) => {
      for (const fn of this.notificationListeners) fn(n);
    });
    socket.on('risk:overtaken', (event) => {
      for (const fn of this.overtakenListeners) fn(event);
    });
    socket.on('risk-matrix:changed', (m) => {
      for (const fn of this.matrixListeners) fn(m);
    });
    socket.on('plan:changed', (e) => {
      for (const fn of this.planListeners) fn(e.planId);
    });
    socket.on('evidence:changed', () => {
      for (const fn of this.evidenceListeners) fn();
    });
    socket.on('scorecard:changed', (e) => {
      for (const fn of this.scorecardListeners) fn(e.indicatorIds);
    });
    socket.on('membership:changed', () => {
      for (const fn of this.membershipListeners) fn();
    });
    // The server disconnects this socket next; whoever listens decides where the page goes.
    socket.on('session:ended', ({ reason }) => {
      for (const fn of this.sessionEndedListeners) fn(reason);
    });
    // As with the documents (DocSession), the browser's own "offline" is final for the socket: a socket
    // left half-open by a lost network hears nothing until its ping times out, so pushes sent meanwhile
    // (a change of this person's that did not hold, on reconnecting) would be lost. Reconnecting makes
    // lists and notices read again what they may have missed.
    let pausedOffline = false;
    window.addEventListener('offline', () => {
      if (!socket.active) return;
      pausedOffline = true;
      socket.disconnect();
    });
    window.addEventListener('online', () => {
      if (!pausedOffline) return;
      pausedOffline = false;
      socket.connect();
    });
    this.socket = socket;
    return socket;
  }

  get raw(): BoardSocket {
    return this.ensure();
  }

  onRowsChanged(fn: (event: RowsChangedEvent) => void): () => void {
    this.ensure();
    this.rowListeners.add(fn);
    return () => this.rowListeners.delete(fn);
  }

  /** The signed-in person's new notifications, as the server writes them. */
  onNotification(fn: (n: NotificationView) => void): () => void {
    this.ensure();
    this.notificationListeners.add(fn);
    return () => this.notificationListeners.delete(fn);
  }

  /**
   * The server ended the session this socket was opened with (signed out elsewhere, expired, the
   * person disabled, their password reset). Does not open a socket: only an open one can hear it.
   */
  /** The person's boards or roles changed (pushed by the server). */
  onMembershipChanged(fn: () => void): () => void {
    this.membershipListeners.add(fn);
    return () => this.membershipListeners.delete(fn);
  }

  /** The partnership's risk matrix changed: registers, heat maps and risk pages redraw with it. */
  onRiskMatrixChanged(fn: (m: RiskMatrix) => void): () => void {
    this.ensure();
    this.matrixListeners.add(fn);
    return () => this.matrixListeners.delete(fn);
  }

  /** Scorecard indicators changed: open scorecard pages read them again. */
  onScorecardChanged(fn: (indicatorIds: number[]) => void): () => void {
    this.ensure();
    this.scorecardListeners.add(fn);
    return () => this.scorecardListeners.delete(fn);
  }

  /** An improvement plan changed: its open pages read it again. */
  onPlanChanged(fn: (planId: number) => void): () => void {
    this.ensure();
    this.planListeners.add(fn);
    return () => this.planListeners.delete(fn);
  }

  /** Evidence of the partnership was added, changed or removed: open evidence lists read again. */
  onEvidenceChanged(fn: () => void): () => void {
    this.ensure();
    this.evidenceListeners.add(fn);
    return () => this.evidenceListeners.delete(fn);
  }

  onSessionEnded(fn: (reason: SessionEndReason) => void): () => void {
    this.sessionEndedListeners.add(fn);
    return () => this.sessionEndedListeners.delete(fn);
  }

  /**
   * Connects the same socket again, with the browser's current cookie: for a tab that already holds a
   * newer session when the old one is ended. Lists hear "reconnect" and refetch.
   */
  resume(): void {
    this.socket?.connect();
  }

  /** A change the signed-in person made to a risk's field did not hold (pushed to them alone). */
  onRiskOvertaken(fn: (event: RiskOvertakenEvent) => void): () => void {
    this.ensure();
    this.overtakenListeners.add(fn);
    return () => this.overtakenListeners.delete(fn);
  }

  onReconnect(fn: () => void): () => void {
    this.ensure();
    return this.afterReconnect(fn);
  }

  /** As `onReconnect`, without opening a socket (the session listens before anyone signs in). */
  afterReconnect(fn: () => void): () => void {
    this.reconnectListeners.add(fn);
    return () => this.reconnectListeners.delete(fn);
  }

  /** Sends a command and resolves with its data, or rejects with the server's coded error. */
  command<K extends CommandEvents>(event: K, payload: PayloadOf<K>): Promise<DataOf<K>> {
    const socket = this.ensure();
    return new Promise((resolve, reject) => {
      if (!socket.connected) {
        reject(new AppError('INTERNAL', 'You are offline. This needs a connection to the server; try again when you are back online.'));
        return;
      }
      // Socket.io's typed emit cannot follow a generic event name; the shapes are checked above.
      const timed = socket.timeout(COMMAND_TIMEOUT_MS) as unknown as {
        emit(event: string, payload: unknown, ack: (err: Error | null, reply: AckReply<DataOf<K>>) => void): void;
      };
      timed.emit(event, payload, (err, reply) => {
        if (err) reject(new AppError('INTERNAL', 'The server did not answer in time. Try again.'));
        else if (reply.ok) {
          const schema = CHECK_ANSWERS ? ackSchema(event) : null;
          const mismatch = schema && answerMismatch(`the answer to "${event}" does not match its schema`, schema, reply.data);
          if (mismatch) reject(new AppError('INTERNAL', mismatch));
          else resolve(reply.data);
        } else reject(toError(reply));
      });
    });
  }

  focus(payload: FocusPayload): void {
    const socket = this.ensure();
    if (socket.connected) socket.emit('presence:focus', payload);
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.connected = false;
  }
}

export const socketClient = new SocketClient();
