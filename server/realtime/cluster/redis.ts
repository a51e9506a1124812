import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';

/** How long the first connection may take before the server refuses to start. */
const CONNECT_TIMEOUT_MS = 5000;
/** Once running, a lost connection is retried with this backoff ceiling (the processes keep serving their own people meanwhile). */
const RECONNECT_MAX_MS = 2000;

/** Our one way to make a client: its options in one place (and its exact type, which createClient's generics hide). */
const clientFor = (url: string, reconnect: (retries: number, cause: Error) => number | Error) =>
  createClient({ url, socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: reconnect } });
export type RedisClient = ReturnType<typeof clientFor>;

/**
 * This process's two connections to Redis: one publishes (and runs commands), one only listens
 * (a connection in subscriber mode can do nothing else). Socket.io's Redis adapter shares them with
 * the document channels and the bus bridge.
 */
export interface RedisLink {
  /** Names this process on every message it publishes, so it can skip its own. */
  readonly processId: string;
  /** This deployment's namespace (config.redisPrefix): every key and channel begins `<prefix>:`. */
  readonly prefix: string;
  readonly publisher: RedisClient;
  readonly subscriber: RedisClient;
  /**
   * Resolves once every subscription asked for so far is in place (Socket.io's adapter subscribes
   * without waiting): one more subscription, answered in order after them. Call once, before listening.
   */
  subscribed(): Promise<void>;
  close(): Promise<void>;
}

/** How long a health check waits for Redis's PONG. */
const PING_TIMEOUT_MS = 1000;

/** Whether Redis answers now: a connection being retried is down at once; else a PING within PING_TIMEOUT_MS. */
export async function redisAnswers(link: RedisLink): Promise<boolean> {
  if (!link.publisher.isReady || !link.subscriber.isReady) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)));
  try {
    return await Promise.race([link.publisher.ping().then((p) => p === 'PONG'), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The address without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable REDIS_URL)';
  }
}

/**
 * Connects both clients, or throws a clear error: a server told to share its live events that cannot
 * reach Redis would serve people who never see each other's edits, so it must not start.
 */
export async function connectRedis(url: string, prefix: string, log: (message: string, extra?: Record<string, unknown>) => void): Promise<RedisLink> {
  let started = false;
  const where = redactedUrl(url);
  const make = (role: string) => {
    // Before the start: give up at once (the error below says why). After: keep trying.
    const client = clientFor(url, (retries, cause) => (started ? Math.min(100 * 2 ** retries, RECONNECT_MAX_MS) : cause));
    // Without a listener, an 'error' event would end the process; a lost connection is logged once per outage.
    let failing = false;
    client.on('error', (err: unknown) => {
      if (started && !failing) log('redis connection lost', { role, url: where, error: String(err) });
      failing = true;
    });
    client.on('ready', () => {
      if (failing && started) log('redis connection back', { role, url: where });
      failing = false;
    });
    return client;
  };
  const publisher = make('publisher');
  const subscriber = make('subscriber');
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (err) {
    publisher.destroy();
    subscriber.destroy();
    throw new Error(`Could not connect to Redis at REDIS_URL ${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  started = true;
  const processId = randomUUID();
  return {
    processId,
    prefix,
    publisher,
    subscriber,
    subscribed: () => subscriber.subscribe(`${prefix}:process:${processId}`, () => undefined),
    async close() {
      started = false;
      // close() waits for commands already sent; a connection being retried is dropped (and stops retrying).
      await Promise.all(
        [publisher, subscriber].map(async (c) => {
          if (!c.isOpen) return;
          if (!c.isReady) return c.destroy();
          await c.close().catch(() => c.destroy());
        }),
      );
    },
  };
}

/**
 * The publisher as Socket.io's Redis adapter is given it. The adapter publishes every broadcast and
 * never handles a failure; while Redis is away node-redis rejects each command (at once, or after its
 * command timeout), and an unhandled rejection ends the process: a Redis blip would take down every
 * process at its next broadcast. Here each publish's failure is logged (once per outage) and dropped:
 * this process's own sockets still got the broadcast, the others' miss it, and pages re-read what they
 * may have missed when they reconnect. Everything else passes through as it is.
 */
export function adapterPublisher(publisher: RedisClient, log: (message: string, extra?: Record<string, unknown>) => void): RedisClient {
  let failing = false;
  return new Proxy(publisher, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== 'publish') return (value as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const sent = (value as (...a: unknown[]) => Promise<number>).apply(target, args);
        sent.then(
          () => {
            failing = false;
          },
          (err: unknown) => {
            if (!failing) log('a broadcast to other processes failed; dropped while Redis is away', { error: String(err) });
            failing = true;
          },
        );
        return sent;
      };
    },
  });
}
