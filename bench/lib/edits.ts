import type * as Y from 'yjs';
import type { BenchClient } from './clients.js';

/**
 * Bench edits are real risk-doc edits: a writer replaces one of the risk's text fields with
 * "<seq>@<send time>", so every peer can read the send time out of the text it receives. The
 * harness runs every client in this process, so performance.now() is one clock for all of them.
 */
export const WRITER_FIELDS = ['cause', 'event', 'effect'] as const;
export type WriterField = (typeof WRITER_FIELDS)[number];

/** Returns the send time written into the stamp. */
export function writeStamp(doc: Y.Doc, field: WriterField, seq: number): number {
  const at = Number(performance.now().toFixed(3));
  doc.transact(() => {
    const text = doc.getText(field);
    text.delete(0, text.length);
    text.insert(0, `${seq}@${at.toFixed(3)}`);
  });
  return at;
}

export function readStamp(doc: Y.Doc, field: WriterField): { seq: number; sentAt: number } | null {
  const m = /^(\d+)@([\d.]+)$/.exec(doc.getText(field).toString());
  return m ? { seq: Number(m[1]), sentAt: Number(m[2]) } : null;
}

/**
 * Watches a peer: records edit-to-peer latency for every edit of the watched writers that arrives
 * from the server. A server may carry several edits of one writer in one message (ours does, for the
 * edits one group commit stored together): the peer then holds each of them from that moment, so
 * every edit since the last stamp seen counts as arrived then, timed from its own send time.
 */
export class PeerWatch {
  readonly last = new Map<WriterField, number>();
  received = 0;
  /** Edits seen since openWindow(floor) with a sequence number above `floor`. */
  receivedAboveFloor = 0;
  private floor = Number.POSITIVE_INFINITY;
  private readonly onUpdate: (update: Uint8Array, origin: unknown) => void;

  constructor(
    readonly client: BenchClient,
    watched: readonly Writer[],
    latencies: number[],
    onSeen?: (field: WriterField, seq: number) => void,
  ) {
    this.onUpdate = (_update, origin) => {
      if (origin !== client.provider) return;
      const now = performance.now();
      for (const w of watched) {
        const f = w.field;
        const stamp = readStamp(client.doc, f);
        const last = this.last.get(f) ?? 0;
        if (!stamp || stamp.seq <= last) continue;
        this.last.set(f, stamp.seq);
        for (let seq = last + 1; seq <= stamp.seq; seq++) {
          this.received++;
          if (seq > this.floor) this.receivedAboveFloor++;
          latencies.push(now - (w.sentAt[seq] ?? stamp.sentAt));
        }
        onSeen?.(f, stamp.seq);
      }
    };
    client.doc.on('update', this.onUpdate);
  }

  openWindow(floor: number): void {
    this.floor = floor;
    this.receivedAboveFloor = 0;
  }

  stop(): void {
    this.client.doc.off('update', this.onUpdate);
  }
}

/** One writing client. Fixed rate (open loop) or as fast as acknowledged (closed loop, capped). */
export class Writer {
  sent = 0;
  /** performance.now() at which each edit (by sequence number) was made. */
  readonly sentAt: number[] = [];
  acked = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private tokens = 0;
  private lastRefill = 0;

  constructor(
    readonly client: BenchClient,
    readonly field: WriterField,
  ) {}

  private send(): void {
    this.sent++;
    this.sentAt[this.sent] = writeStamp(this.client.doc, this.field, this.sent);
  }

  /** Sends `perSecond` edits a second on a drift-free schedule, whatever the server does. */
  fixedRate(perSecond: number): void {
    const interval = 1000 / perSecond;
    const t0 = performance.now();
    const tick = () => {
      if (this.stopped) return;
      this.send();
      this.timer = setTimeout(tick, Math.max(0, t0 + this.sent * interval - performance.now()));
    };
    tick();
  }

  /**
   * Keeps up to `window` edits in flight (sent, not yet seen by the doc's observer peer), and never
   * more than `capPerSecond` a second, under the server's per-connection message limit.
   */
  closedLoop(window: number, capPerSecond: number): void {
    this.tokens = Math.min(10, capPerSecond / 10);
    this.lastRefill = performance.now();
    const pump = () => {
      this.timer = null;
      if (this.stopped) return;
      const now = performance.now();
      this.tokens = Math.min(10, this.tokens + ((now - this.lastRefill) / 1000) * capPerSecond);
      this.lastRefill = now;
      while (this.sent - this.acked < window && this.tokens >= 1) {
        this.tokens--;
        this.send();
      }
      if (this.sent - this.acked < window && !this.timer) this.timer = setTimeout(pump, Math.ceil(1000 / capPerSecond));
    };
    this.pump = pump;
    pump();
  }

  private pump: () => void = () => undefined;

  ack(seq: number): void {
    if (seq <= this.acked) return;
    this.acked = seq;
    if (!this.timer) this.pump();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
