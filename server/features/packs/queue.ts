import { AppError } from '../../../shared/errors.js';

/**
 * Turns for a costly job: at most `atOnce` run, at most `waitingMax` wait in order, and one more is
 * refused at once (503 SERVER_BUSY with Retry-After) instead of joining a queue that grows without end.
 */
export class TurnQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly atOnce: number,
    private readonly waitingMax: number,
    private readonly retryAfterSeconds: number,
  ) {}

  /** Resolves with the release of a turn once it is this caller's; throws SERVER_BUSY when the queue is full. */
  async turn(): Promise<() => void> {
    if (this.running >= this.atOnce) {
      if (this.waiting.length >= this.waitingMax) {
        throw new AppError('SERVER_BUSY', 'The server is making as many PDFs as it can just now; try again in a moment.', { retryAfterSeconds: this.retryAfterSeconds });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The turn passes straight to the next in line (running stays the same), or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }

  get busy(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
