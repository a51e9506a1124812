import type { SessionEndReason } from '../shared/protocol/socket.js';

/**
 * What the services announce when a session ends or a person's memberships change. The services
 * never reach a transport: the realtime channels subscribe in the composition root and close or
 * demote their connections, so a session ends on every channel at once rather than at the next sweep.
 */
export interface SessionEventMap {
  /** One session ended (signed out, or expired): its cookie no longer signs anyone in. */
  sessionEnded: { tokenHash: string; reason: Extract<SessionEndReason, 'signed_out' | 'expired'> };
  /** Every session of a person ended (disabled, or a password reset). */
  personSessionsEnded: { personId: number; reason: Extract<SessionEndReason, 'disabled' | 'password_reset'> };
  /** A person's boards or admin rights changed: rooms and document rights are decided again. */
  membershipChanged: { personId: number };
  /** A session moved to another partnership: its connections, opened for the one it left, close. */
  sessionSwitched: { tokenHash: string };
}

type Listener<K extends keyof SessionEventMap> = (event: SessionEventMap[K]) => void;

/** A tiny typed emitter. Built once in the composition root and passed to whoever ends sessions. */
export class SessionEvents {
  private readonly listeners: { [K in keyof SessionEventMap]: Set<Listener<K>> } = {
    sessionEnded: new Set(),
    personSessionsEnded: new Set(),
    membershipChanged: new Set(),
    sessionSwitched: new Set(),
  };

  /** `onError` hears a listener that threw, so one failing channel does not stop the others closing. */
  constructor(private readonly onError: (name: keyof SessionEventMap, err: unknown) => void = () => undefined) {}

  on<K extends keyof SessionEventMap>(name: K, listener: Listener<K>): () => void {
    const set = this.listeners[name] as Set<Listener<K>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof SessionEventMap>(name: K, event: SessionEventMap[K]): void {
    for (const listener of [...(this.listeners[name] as Set<Listener<K>>)]) {
      try {
        listener(event);
      } catch (err) {
        this.onError(name, err);
      }
    }
  }
}
