import { HandView } from '../../../shared/schemas/meeting.js';
import type { ScriptRunner } from '../../core/shared-counters.js';

/**
 * The raise-hand queue of each running meeting, in the order hands went up. Not part of the record
 * (hand_raise/hand_lower events are): in memory for one process; in Redis when REDIS_URL is set, so
 * a member connected to one process and the chair connected to another see one queue. Redis rather
 * than a table: it lives only while a meeting runs, and needs no schema change.
 */
export interface HandQueue {
  list(meetingId: number): Promise<HandView[]>;
  /** Adds the hand at the end; false when that person's hand is already up (one step: two raises cannot both join). */
  raise(meetingId: number, hand: HandView): Promise<boolean>;
  /** False when that person's hand was not up. */
  lower(meetingId: number, personId: number): Promise<boolean>;
  clear(meetingId: number): Promise<void>;
}

export function handQueue(shared: ScriptRunner | null): HandQueue {
  return shared ? new SharedHands(shared) : new LocalHands();
}

class LocalHands implements HandQueue {
  private readonly hands = new Map<number, HandView[]>();

  list(meetingId: number): Promise<HandView[]> {
    return Promise.resolve(this.hands.get(meetingId) ?? []);
  }

  raise(meetingId: number, hand: HandView): Promise<boolean> {
    // Read and changed in one step (no await between).
    const queue = this.hands.get(meetingId) ?? [];
    if (queue.some((h) => h.personId === hand.personId)) return Promise.resolve(false);
    this.hands.set(meetingId, [...queue, hand]);
    return Promise.resolve(true);
  }

  lower(meetingId: number, personId: number): Promise<boolean> {
    const queue = this.hands.get(meetingId) ?? [];
    if (!queue.some((h) => h.personId === personId)) return Promise.resolve(false);
    this.hands.set(meetingId, queue.filter((h) => h.personId !== personId));
    return Promise.resolve(true);
  }

  clear(meetingId: number): Promise<void> {
    this.hands.delete(meetingId);
    return Promise.resolve();
  }
}

/** A meeting runs for hours, not days: a queue left by a meeting never closed goes after this. */
const QUEUE_TTL_SECONDS = 24 * 60 * 60;

/** A hash per meeting: person id → "<sequence> <hand as JSON>", with the next sequence under `#seq`. */
const RAISE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
local seq = redis.call('HINCRBY', KEYS[1], '#seq', 1)
redis.call('HSET', KEYS[1], ARGV[1], seq .. ' ' .. ARGV[2])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;
const LIST = `return redis.call('HGETALL', KEYS[1])`;
const LOWER = `return redis.call('HDEL', KEYS[1], ARGV[1])`;
const CLEAR = `return redis.call('DEL', KEYS[1])`;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

class SharedHands implements HandQueue {
  constructor(private readonly redis: ScriptRunner) {}

  private key(meetingId: number): string {
    // Within the deployment's namespace (the runner prefixes it: core/shared-counters.ts).
    return `hands:${meetingId}`;
  }

  async list(meetingId: number): Promise<HandView[]> {
    const flat = (await this.redis.eval(LIST, { keys: [this.key(meetingId)], arguments: [] })) as string[];
    const hands: { seq: number; hand: HandView }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      if (flat[i] === '#seq') continue;
      const value = flat[i + 1]!;
      const space = value.indexOf(' ');
      // Parsed by its schema: what Redis holds is read as untrusted as any other input. An entry that
      // does not read (written by another version of the product during an upgrade, or damaged) is
      // left out rather than failing every command and read of the meeting.
      const hand = HandView.safeParse(parseJson(value.slice(space + 1)));
      if (space > 0 && hand.success) hands.push({ seq: Number(value.slice(0, space)), hand: hand.data });
    }
    return hands.sort((x, y) => x.seq - y.seq).map((h) => h.hand);
  }

  async raise(meetingId: number, hand: HandView): Promise<boolean> {
    return Number(await this.redis.eval(RAISE, { keys: [this.key(meetingId)], arguments: [String(hand.personId), JSON.stringify(hand), String(QUEUE_TTL_SECONDS)] })) === 1;
  }

  async lower(meetingId: number, personId: number): Promise<boolean> {
    return Number(await this.redis.eval(LOWER, { keys: [this.key(meetingId)], arguments: [String(personId)] })) === 1;
  }

  async clear(meetingId: number): Promise<void> {
    await this.redis.eval(CLEAR, { keys: [this.key(meetingId)], arguments: [] });
  }
}
