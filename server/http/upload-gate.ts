import { AppError } from '../../shared/errors.js';
import { EVIDENCE_LIMITS } from '../../shared/limits.js';

/**
 * How many uploads are being read at once. A file is held in memory while its body arrives (up to
 * EVIDENCE_LIMITS.fileBytesMax), so a few slow or deliberate uploads could otherwise fill the
 * process: one person (their allowance: their account, whichever partnership they work in, see AuthState.allowance) holds at most `uploadsPerPersonMax` (beyond it, 429 RATE_LIMITED), the process
 * at most `uploadsPerProcessMax` (beyond it, 503 SERVER_BUSY). A refused upload is refused before its
 * body is read, so nothing of it is held or stored.
 */
export class UploadGate {
  private readonly byPerson = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly perPerson: number = EVIDENCE_LIMITS.uploadsPerPersonMax,
    private readonly perProcess: number = EVIDENCE_LIMITS.uploadsPerProcessMax,
  ) {}

  /** Uploads being read now (the tests wait on it). */
  get inFlight(): number {
    return this.total;
  }

  /** Takes a slot for this person (keyed by their allowance), or refuses; the answer frees it, once, when the upload is done. */
  enter(allowance: string): () => void {
    const mine = this.byPerson.get(allowance) ?? 0;
    if (mine >= this.perPerson) throw new AppError('RATE_LIMITED', `You are already uploading ${mine} files. Wait for them to finish, then try again.`, { retryAfterSeconds: 1 });
    if (this.total >= this.perProcess) throw new AppError('SERVER_BUSY', 'The server is taking as many uploads as it can just now. Nothing was stored; try again in a moment.', { retryAfterSeconds: 1 });
    this.byPerson.set(allowance, mine + 1);
    this.total++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.total--;
      const left = (this.byPerson.get(allowance) ?? 1) - 1;
      if (left > 0) this.byPerson.set(allowance, left);
      else this.byPerson.delete(allowance);
    };
  }
}
