import { AppError } from '../../../shared/errors.js';
import { meetingAccess, runRefusal } from '../../../shared/domain/meetings.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { DocKind } from '../../../shared/protocol/yjs.js';
import type { MeetingState } from '../../../shared/schemas/meeting.js';
import type { MeetingQueries, MeetingRow } from './queries.js';
import type { MeetingRepository } from './repo.js';

/** What a meeting command changed: the new state for the board room, and the docs whose open editors must be re-checked. */
export interface MeetingResult {
  state: MeetingState;
  recheck: { kind: DocKind; id: number }[];
}

/** A meeting as commands weigh it: its row, and whether its board's chair is recorded as away from it. */
export type MeetingInPlay = MeetingRow & { chairAway: boolean };

/** Loading a meeting for a command, and the refusals every command shares. */
export class MeetingGuard {
  constructor(
    private readonly queries: MeetingQueries,
    private readonly repo: MeetingRepository,
  ) {}

  /** Another partnership's meeting, or one of a board the person does not sit on, is "not found". */
  async visible(actor: Actor, meetingId: number): Promise<MeetingInPlay> {
    const m = await this.queries.row(meetingId);
    if (!m || meetingAccess(actor, m) === 'none') throw new AppError('NOT_FOUND', 'Meeting not found.');
    return { ...m, chairAway: await this.queries.chairAway(m.id, m.boardId) };
  }

  /** Only the chair of the meeting's board, a vice-chair while the chair is recorded as away, or a partnership admin. */
  async chair(actor: Actor, meetingId: number, attempted: string): Promise<MeetingInPlay> {
    const m = await this.visible(actor, meetingId);
    const refusal = runRefusal(actor, m);
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    await this.unfrozen(actor, m, attempted);
    return m;
  }

  /** Anyone who may type in the meeting: its chair and members, their deputies, admins. */
  async editor(actor: Actor, meetingId: number, attempted: string): Promise<MeetingInPlay> {
    const m = await this.visible(actor, meetingId);
    await this.unfrozen(actor, m, attempted);
    if (meetingAccess(actor, m) !== 'edit') throw new AppError('FORBIDDEN', 'Observers cannot change the meeting.');
    return m;
  }

  /** Signed-off minutes are frozen: a later change is refused, and the attempt is audited. */
  async unfrozen(actor: Actor, m: MeetingRow, attempted: string): Promise<void> {
    if (m.status !== 'signed_off') return;
    await this.repo.recordRefusedEdit(m, actor, attempted);
    throw new AppError('CONFLICT', 'The minutes of this meeting are signed off; nothing in it can be changed now.');
  }
}
