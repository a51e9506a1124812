import { z } from 'zod';
import { DOC_KINDS } from '../../../shared/protocol/yjs.js';
import type { DomainBus, DomainEventMap, DomainEventName } from '../../bus.js';
import type { RedisLink } from './redis.js';

/** The one channel domain events cross between processes on. */
/** The domain bus's channel, in the deployment's namespace. */
export const busChannel = (prefix: string) => `${prefix}:bus`;

const id = z.number().int();
const RecheckFilter = z.strictObject({ kind: z.enum(DOC_KINDS).optional(), id: id.optional(), personId: id.optional() });

/**
 * The events bridged, each with what a receiver checks before acting on it: those whose effect is on
 * each process's own connections (open documents' rights decided again, ended sessions' documents
 * closed, board rooms left; see the listeners with `fromPeers`). Pushes to people are not bridged:
 * they go through Socket.io's Redis adapter from the process that emitted the event. The fields the
 * peer listeners read are checked; the rest is carried as it came.
 */
const BRIDGED = {
  'risk.changed': z.looseObject({ partnershipId: id, riskId: id, command: z.string() }),
  'challenge.changed': z.looseObject({ partnershipId: id, challengeId: id, command: z.string() }),
  'plan.changed': z.looseObject({ partnershipId: id, planId: id }),
  'meeting.changed': z.looseObject({ partnershipId: id, command: z.string(), recheck: z.array(RecheckFilter) }),
  'membership.changed': z.looseObject({ personId: id }),
  'session.ended': z.looseObject({ tokenHash: z.string().min(1) }),
  'person.sessions-ended': z.looseObject({ personId: id }),
  'session.switched': z.looseObject({ tokenHash: z.string().min(1) }),
} satisfies Partial<Record<DomainEventName, z.ZodType>>;
type Bridged = keyof typeof BRIDGED;

const Envelope = z.strictObject({ from: z.string(), name: z.enum(Object.keys(BRIDGED) as [Bridged, ...Bridged[]]), event: z.unknown() });

type Log = (message: string, extra?: Record<string, unknown>) => void;

/**
 * Carries this process's bridged domain events to the others, and theirs to this one's bus
 * (DomainBus.emitFromPeer: only listeners that act on this process's own connections hear them).
 * Resolves once listening; answers the function that stops it. A message that cannot be read is
 * logged and dropped.
 */
export async function bridgeBus(bus: DomainBus, redis: RedisLink, log: Log): Promise<() => Promise<void>> {
  const listener = (raw: string) => {
    let name: Bridged;
    let event: unknown;
    try {
      const envelope = Envelope.parse(JSON.parse(raw));
      if (envelope.from === redis.processId) return;
      name = envelope.name;
      event = BRIDGED[name].parse(envelope.event);
    } catch (err) {
      log('unreadable message on the domain event channel, dropped', { bytes: raw.length, error: String(err) });
      return;
    }
    bus.emitFromPeer(name, event as DomainEventMap[typeof name]);
  };
  await redis.subscriber.subscribe(busChannel(redis.prefix), listener);
  const stops = (Object.keys(BRIDGED) as Bridged[]).map((name) =>
    // Heard only from this process's own emits (fromPeers unset), so nothing is sent back.
    bus.on(name, (event) => {
      redis.publisher.publish(busChannel(redis.prefix), JSON.stringify({ from: redis.processId, name, event })).catch((err: unknown) => {
        log('could not publish a domain event to the other processes', { name, error: String(err) });
      });
    }),
  );
  return async () => {
    for (const stop of stops) stop();
    await redis.subscriber.unsubscribe(busChannel(redis.prefix), listener).catch(() => undefined);
  };
}
