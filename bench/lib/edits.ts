import type * as Y from 'yjs';
import type { BenchClient } from './clients.js';

/**
 * Bench edits are real risk-doc edits: a writer replaces one of the risk's text fields with
 * "<seq>@<send time>", so every peer can read the send time out of the text it receives. The
 * harness runs every client in this process, so performance.now() is one clock for all of them.
 */
export const WRITER_FIELDS = ['cause', 'event', 'effect'] as const;
export type WriterField = (typeof WRITER_FIELDS)[number];

export function writeStamp(doc: Y.Doc, field: WriterField, seq: number): void {
  doc.transact(() => {
    const text = doc.getText(field);
    text.delete(0, text.length);
    text.insert(0, `${seq}@${performance.now().toFixed(3)}`);
  });
}

export function readStamp(doc: Y.Doc, field: WriterField): { seq: number; sentAt: number } | null {
  const m = /^(\d+)@([\d.]+)$/.exec(doc.getText(field).toString());
  return m ? { seq: Number(m[1]), sentAt: Number(m[2]) } : null;
}

/** Watches a peer: records edit-to-peer latency for every new stamp that arrives from the server. */
export class PeerWatch {
  readonly last = new Map<WriterField, number>();
  received = 0;
  /** Edits seen since openWindow(floor) with a sequence number above `floor`. */
  receivedAboveFloor = 0;
  private floor = Number.POSITIVE_INFINITY;
  private readonly onUpdate: (update: Uint8Array, origin: unknown) => void;

  constructor(
    readonly client: BenchClient,
    fields: readonly WriterField[],
    latencies: number[],
    onSeen?: (field: WriterField, seq: number) => void,
  ) {
    this.onUpdate = (_update, origin) => {
      if (origin !== client.provider) return;
      const now = performance.now();
      for (const f of fields) {
        const stamp = readStamp(client.doc, f);
        if (!stamp || stamp.seq <= (this.last.get(f) ?? 0)) continue;
        this.last.set(f, stamp.seq);
        this.received++;
        if (stamp.seq > this.floor) this.receivedAboveFloor++;
        latencies.push(now - stamp.sentAt);
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
    writeStamp(this.client.doc, this.field, this.sent);
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
