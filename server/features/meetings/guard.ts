import { AppError } from '../../../shared/errors.js';
import { meetingAccess, runRefusal } from '../../../shared/domain/meetings.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { DocKind } from '../../../shared/protocol/yjs.js';
import type { MeetingState } from '../../../shared/schemas/meeting.js';
import { writeAudit } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import type { MeetingQueries, MeetingRow } from './queries.js';

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
    private readonly ctx: ServiceContext,
    private readonly queries: MeetingQueries,
  ) {}

  /** Another partnership's meeting, or one of a board the person does not sit on, is "not found". */
  visible(actor: Actor, meetingId: number): MeetingInPlay {
    const m = this.queries.row(meetingId);
    if (!m || meetingAccess(actor, m) === 'none') throw new AppError('NOT_FOUND', 'Meeting not found.');
    return { ...m, chairAway: this.queries.chairAway(m.id, m.boardId) };
  }

  /** Only the chair of the meeting's board, a vice-chair while the chair is recorded as away, or a partnership admin. */
  chair(actor: Actor, meetingId: number, attempted: string): MeetingInPlay {
    const m = this.visible(actor, meetingId);
    const refusal = runRefusal(actor, m);
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    this.unfrozen(actor, m, attempted);
    return m;
  }

  /** Anyone who may type in the meeting: its chair and members, their deputies, admins. */
  editor(actor: Actor, meetingId: number, attempted: string): MeetingInPlay {
    const m = this.visible(actor, meetingId);
    this.unfrozen(actor, m, attempted);
    if (meetingAccess(actor, m) !== 'edit') throw new AppError('FORBIDDEN', 'Observers cannot change the meeting.');
    return m;
  }

  /** Signed-off minutes are frozen: a later change is refused, and the attempt is audited. */
  unfrozen(actor: Actor, m: MeetingRow, attempted: string): void {
    if (m.status !== 'signed_off') return;
    writeAudit(this.ctx, {
      partnershipId: m.partnershipId,
      actorId: actor.personId,
      action: 'meeting.edit_refused',
      entityType: 'meeting',
      entityId: m.id,
      detail: { attempted, reason: 'minutes signed off' },
    });
    throw new AppError('CONFLICT', 'The minutes of this meeting are signed off; nothing in it can be changed now.');
  }

  audit(actor: Actor, m: MeetingRow, action: string, detail: unknown): void {
    writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: `meeting.${action}`, entityType: 'meeting', entityId: m.id, detail });
  }
}
