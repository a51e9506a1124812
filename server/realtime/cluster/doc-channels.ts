import type { DocPeers, PeerMessage } from '../yjs/peers.js';
import { decodePeerMessage, encodePeerMessage } from './doc-codec.js';
import type { RedisLink } from './redis.js';

/** One Redis channel per loaded document, in the deployment's namespace (Socket.io's adapter has its own: server.ts). */
export const docChannel = (prefix: string, docName: string) => `${prefix}:yjs:${docName}`;

type Log = (message: string, extra?: Record<string, unknown>) => void;

/**
 * The Yjs server's channel to the other processes (DocPeers) over Redis pub/sub: binary messages
 * (doc-codec.ts) naming the process that sent them. What cannot be read is logged and dropped; it
 * never reaches a document, and never ends the process.
 */
export function redisDocPeers(redis: RedisLink, log: Log): DocPeers {
  const listeners = new Map<string, (raw: Buffer) => void>();
  // A run of unreadable messages is logged once per channel until a good one arrives.
  const garbled = new Set<string>();

  return {
    async join(docName, deliver) {
      const channel = docChannel(redis.prefix, docName);
      const listener = (raw: Buffer) => {
        let decoded: ReturnType<typeof decodePeerMessage>;
        try {
          // Copied out of the client's buffer, so a length read past the message fails rather than reading on.
          decoded = decodePeerMessage(new Uint8Array(raw));
        } catch (err) {
          if (!garbled.has(channel)) log('unreadable message on a document channel, dropped', { channel, bytes: raw.byteLength, error: String(err) });
          garbled.add(channel);
          return;
        }
        garbled.delete(channel);
        if (decoded.processId === redis.processId) return;
        try {
          deliver(decoded.message);
        } catch (err) {
          log('a document channel message failed', { channel, error: String(err) });
        }
      };
      const previous = listeners.get(docName);
      if (previous) void redis.subscriber.unsubscribe(channel, previous, true).catch(() => undefined);
      listeners.set(docName, listener);
      await redis.subscriber.subscribe(channel, listener, true);
    },

    leave(docName) {
      const listener = listeners.get(docName);
      if (!listener) return;
      listeners.delete(docName);
      garbled.delete(docChannel(redis.prefix, docName));
      redis.subscriber.unsubscribe(docChannel(redis.prefix, docName), listener, true).catch((err: unknown) => log('could not leave a document channel', { docName, error: String(err) }));
    },

    publish(docName, message: PeerMessage) {
      const bytes = encodePeerMessage(redis.processId, message);
      // Lost while Redis is away: the others read the store instead when the next message (or their own next update) shows the gap.
      redis.publisher.publish(docChannel(redis.prefix, docName), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).catch((err: unknown) => {
        log('could not publish to a document channel', { docName, type: message.type, error: String(err) });
      });
    },
  };
}
