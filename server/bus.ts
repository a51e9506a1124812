import type { RiskOvertakenEvent, SessionEndReason } from '../shared/protocol/socket.js';
import type { DocKind } from '../shared/protocol/yjs.js';
import type { RiskMatrix } from '../shared/domain/scoring.js';
import type { NotificationView } from '../shared/schemas/challenge.js';
import type { MeetingState } from '../shared/schemas/meeting.js';

/**
 * The domain's events, declared once. Services emit them after their change is committed; the
 * transports (Socket.io pushes, the Yjs server's rights re-checks), notifications and, later, a
 * Redis bridge subscribe. No service calls a transport, so a change made over REST, Socket.io, Yjs or
 * the command line is announced the same way. Payloads are plain JSON, so a bridge can carry them.
 */
export interface DomainEventMap {
  /** One session ended (signed out, expired, or barred by single sign-on required): its cookie no longer signs anyone in. */
  'session.ended': { tokenHash: string; reason: Extract<SessionEndReason, 'signed_out' | 'expired' | 'sso_required'> };
  /** Every session of a person ended (disabled, or a password reset). */
  'person.sessions-ended': { personId: number; reason: Extract<SessionEndReason, 'disabled' | 'password_reset'> };
  /** A session moved to another partnership: its connections, opened for the one it left, close. */
  'session.switched': { tokenHash: string };
  /** A person's boards, deputising or admin rights changed: rooms and document rights are decided again. */
  'membership.changed': { personId: number };
  /** Projection rows changed (a stored doc update, a command, a new record): open lists refresh them. */
  'rows.changed': { partnershipId: number; kind: DocKind; ids: number[] };
  /**
   * A risk moved by a command (created, closed, reopened, escalated, owner changed), or its document
   * changed who owns its mitigations (who may edit it): rows and rights.
   */
  'risk.changed': { partnershipId: number; riskId: number; command: string };
  /** The partnership's risk matrix changed: every band is read anew. */
  'risk-matrix.changed': { partnershipId: number; matrix: RiskMatrix };
  /** A change a person made to a risk's field did not hold; only they are told. */
  'risk.overtaken': { personId: number; event: RiskOvertakenEvent };
  /** A challenge was raised or moved (submitted, pressed, accepted, closed, escalated). */
  'challenge.changed': { partnershipId: number; challengeId: number; command: string };
  /**
   * A meeting command ran: its new state goes to the board, lists refresh, and the documents whose
   * writers it decides (the meeting, its linked records) are re-checked.
   */
  'meeting.changed': { partnershipId: number; command: string; state: MeetingState; recheck: RecheckFilter[] };
  /**
   * An improvement plan changed: its structure, an action's status or progress, an objective's RAG, or a
   * recommendation it answers. Open plan pages read the plan again (the client push is still to come).
   */
  'plan.changed': { partnershipId: number; planId: number };
  /**
   * Evidence was added, changed or removed in a partnership: its open evidence lists (the store, a
   * recommendation's page, a plan's objectives) read again. Carries no item: each reader asks with its
   * own filters.
   */
  'evidence.changed': { partnershipId: number };
  /** Scorecard indicators changed (a definition, comparators, values): open scorecards read them again. */
  'scorecard.changed': { partnershipId: number; indicatorIds: number[] };
  /** A notification was written for a person. */
  'notification.created': { personId: number; view: NotificationView };
}

/** Which open document connections must have their rights decided again. */
export interface RecheckFilter {
  kind?: DocKind;
  id?: number;
  personId?: number;
}

export type DomainEventName = keyof DomainEventMap;
/** `fromPeer`: another server process emitted it (only listeners with ListenOptions.fromPeers hear such). */
type Listener<K extends DomainEventName> = (event: DomainEventMap[K], origin: { fromPeer: boolean }) => void;

export interface ListenOptions {
  /**
   * Also hear the event when another server process emitted it (REDIS_URL; realtime/cluster/bus-bridge.ts).
   * For effects on this process's own connections (rights re-checked, sessions ended on its open
   * documents); never for pushes to everyone, which the process that emitted it has sent already.
   */
  fromPeers?: boolean;
}

/** One typed in-process bus. Built once in the composition root; every service reaches it through its context. */
export class DomainBus {
  private readonly listeners = new Map<DomainEventName, Map<Listener<never>, ListenOptions>>();

  /** `onError` hears a listener that threw, so one failing subscriber does not stop the others. */
  constructor(private readonly onError: (name: DomainEventName, err: unknown) => void = () => undefined) {}

  on<K extends DomainEventName>(name: K, listener: Listener<K>, options: ListenOptions = {}): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Map()));
    set.set(listener as Listener<never>, options);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends DomainEventName>(name: K, event: DomainEventMap[K]): void {
    this.deliver(name, event, false);
  }

  /** An event another server process emitted: heard only by the listeners that asked for it (ListenOptions.fromPeers). */
  emitFromPeer<K extends DomainEventName>(name: K, event: DomainEventMap[K]): void {
    this.deliver(name, event, true);
  }

  private deliver<K extends DomainEventName>(name: K, event: DomainEventMap[K], fromPeer: boolean): void {
    const set = this.listeners.get(name);
    if (!set) return;
    const listeners = [...set].filter(([, options]) => !fromPeer || options.fromPeers).map(([listener]) => listener as Listener<K>);
    for (const listener of listeners) {
      try {
        listener(event, { fromPeer });
      } catch (err) {
        this.onError(name, err);
      }
    }
  }
}
