import { Cron } from 'croner';
import type { ServerConfig } from './config.js';

/** One of the jobs the scheduler runs at each tick: each decides from the clock and the database what is due. */
export interface ScheduledJob {
  name: string;
  run(): unknown;
  /** Talks to the outside world (the mail server): the catch-up pass at start does not wait for it. */
  background?: boolean;
}

const ZONE = 'Europe/London';

/**
 * Reminders and digests (issue 15). Every job is idempotent: what it sends is claimed in the
 * transaction that writes it (a notification's dedupe key, a digest's day), so a tick may come as often
 * as it likes, from two processes at once, or late after a restart (the first tick, at start, catches
 * up what fell due meanwhile). croner ticks every minute, and on the digest's own minute in London
 * time, whatever the server's zone or the clock change.
 */
export class Scheduler {
  private crons: Cron[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly log: ServerConfig['log'],
  ) {}

  /** One pass of every job, in order; a failing job is logged and the others still run. Passes never overlap. */
  tick(): Promise<void> {
    return this.pass(true);
  }

  /**
   * The first pass, at start: what fell due while the server was down is decided before it listens,
   * but background jobs are only set going, so a mail server that is away cannot hold the start up.
   */
  catchUp(): Promise<void> {
    return this.pass(false);
  }

  private pass(waitForBackground: boolean): Promise<void> {
    this.running ??= (async () => {
      try {
        for (const job of this.jobs) {
          const run = this.runJob(job);
          if (waitForBackground || !job.background) await run;
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async runJob(job: ScheduledJob): Promise<void> {
    try {
      await job.run();
    } catch (err) {
      this.log('a scheduled job failed', { job: job.name, error: String(err) });
    }
  }

  /** Ticks every `everySeconds` (60: on each minute), and on the digest's own minute in London time. */
  start(digestAt: { hour: number; minute: number }, everySeconds = 60): void {
    const tick = () => void this.tick();
    const often = everySeconds >= 60 ? '* * * * *' : `*/${everySeconds} * * * * *`;
    this.crons = [new Cron(often, { timezone: ZONE, protect: true, unref: true }, tick), new Cron(`${digestAt.minute} ${digestAt.hour} * * *`, { timezone: ZONE, protect: true, unref: true }, tick)];
  }

  async stop(): Promise<void> {
    for (const cron of this.crons) cron.stop();
    this.crons = [];
    await this.running;
  }
}
