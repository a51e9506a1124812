/** Bench options: `--name=value` flags, else BENCH_NAME env vars (e.g. BENCH_SECONDS=30), else defaults. */
export interface BenchOptions {
  /** Scenarios to run, from a to g (the reference runs beside a and b). */
  only: string[];
  reference: boolean;
  /** Measurement window of scenarios a and b, per server. */
  seconds: number;
  fanoutClients: number;
  fanoutRate: number;
  /** a: ours and the reference alternated this many times in one run (p99 is noisy; medians are reported). */
  rounds: number;
  writers: number;
  clients: number;
  docs: number;
  /** Closed-loop writers in b: edits in flight per writer, and a cap per writer under the 200 msg/s limit. */
  window: number;
  cap: number;
  /**
   * b's uncapped variant (after b, unless --noUncapped): every text field of every doc written (3 a
   * doc), a wider window, and the cap just under the server's per-connection limit instead of 150/s.
   */
  uncapped: boolean;
  uncappedWriters: number;
  uncappedWindow: number;
  uncappedCap: number;
  risks: number;
  mitigations: number;
  /** e: rows of the register workbook previewed, and how many times. */
  importRows: number;
  importRuns: number;
  /** f: warm board pack PDFs timed after the first. */
  packRuns: number;
  memoryClients: number;
  memoryDocs: number;
  browser: boolean;
  chromium: string;
  /** Run our server of a and b under --cpu-prof and print where its CPU time goes (slows it down). */
  profile: boolean;
}

const DEFAULTS: BenchOptions = {
  only: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
  reference: true,
  seconds: 15,
  fanoutClients: 100,
  fanoutRate: 20,
  rounds: 3,
  writers: 20,
  clients: 100,
  docs: 10,
  window: 4,
  cap: 150,
  uncapped: true,
  uncappedWriters: 30,
  uncappedWindow: 16,
  // YJS_LIMITS.messagesPerSecond is 200 (burst 400); the providers' own sync and awareness messages count too.
  uncappedCap: 190,
  risks: 2000,
  mitigations: 5,
  memoryClients: 300,
  memoryDocs: 50,
  importRows: 10_000,
  importRuns: 5,
  packRuns: 5,
  browser: true,
  chromium: '/usr/bin/chromium',
  profile: false,
};

const envName = (key: string) => `BENCH_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-zA-Z]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg} (flags look like --seconds=30; see bench/README.md)`);
    if (m[1]!.startsWith('no') && m[2] === undefined) flags.set(m[1]![2]!.toLowerCase() + m[1]!.slice(3), 'false');
    else flags.set(m[1]!, m[2] ?? 'true');
  }
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const [key, fallback] of Object.entries(DEFAULTS)) {
    const raw = flags.get(key) ?? env[envName(key)];
    flags.delete(key);
    if (raw === undefined) continue;
    if (Array.isArray(fallback)) out[key] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (typeof fallback === 'boolean') out[key] = raw !== 'false' && raw !== '0';
    else if (typeof fallback === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`--${key} wants a positive number, got ${raw}`);
      out[key] = n;
    } else out[key] = raw;
  }
  if (flags.size > 0) throw new Error(`unknown option(s): ${[...flags.keys()].join(', ')}`);
  const opts = out as unknown as BenchOptions;
  if (Math.max(opts.writers, opts.uncappedWriters) > opts.docs * 3) throw new Error('at most 3 writers per doc (one per text field: cause, event, effect)');
  if (opts.clients < opts.uncappedWriters + opts.docs) throw new Error('b needs at least one non-writing peer per doc');
  if (opts.clients < opts.writers + opts.docs) throw new Error('b needs at least one non-writing peer per doc');
  return opts;
}
