import { inActionsLog } from '../../../../shared/domain/meetings.js';
import { ACTION_STATUS_LABELS, ActionLogQuery, type ActionView } from '../../../../shared/schemas/meeting.js';
import type { SheetColumn } from '../../../core/spreadsheet/write.js';
import type { AdminService } from '../../admin/index.js';
import type { MeetingService } from '../../meetings/index.js';
import { yesNo, type ExportKindHandler } from './kind.js';

type Row = ActionView & { boardName: string };

const COLUMNS: SheetColumn<Row>[] = [
  { header: 'Reference', width: 10, type: 'text', value: (a) => a.reference },
  { header: 'Action', width: 50, type: 'text', value: (a) => a.description },
  { header: 'Owner', width: 24, type: 'text', value: (a) => a.ownerName },
  { header: 'Agency', width: 28, type: 'text', value: (a) => a.agencyName },
  { header: 'Due date', width: 12, type: 'date', value: (a) => a.dueDate },
  { header: 'Status', width: 12, type: 'text', value: (a) => ACTION_STATUS_LABELS[a.status] },
  { header: 'Overdue', width: 9, type: 'text', value: (a) => yesNo(a.overdue) },
  { header: 'Board', width: 28, type: 'text', value: (a) => a.boardName },
  { header: 'Meeting', width: 30, type: 'text', value: (a) => a.meetingTitle },
  { header: 'Meeting date', width: 17, type: 'datetime', value: (a) => a.meetingDate },
  { header: 'Agenda item', width: 36, type: 'text', value: (a) => a.itemTitle },
  { header: 'Recorded', width: 17, type: 'datetime', value: (a) => a.createdAt },
  { header: 'Recorded by', width: 24, type: 'text', value: (a) => a.createdByName },
];

/** The actions log as its page shows this person (the meetings' own rule of who sees which), and only those not done when asked. */
export function actionsExport(meetings: MeetingService, admin: AdminService): ExportKindHandler<ActionLogQuery> {
  return {
    query: ActionLogQuery,
    async build(actor, query) {
      const shown = (await meetings.actions(actor, query.boardId)).filter((a) => inActionsLog(a, query.open === 'true'));
      const boards = new Map((await admin.boards(actor.partnershipId)).map((b) => [b.id, b.name]));
      return { name: 'actions-log', sheets: [{ name: 'Actions log', columns: COLUMNS, rows: shown.map((a) => ({ ...a, boardName: boards.get(a.boardId) ?? '' })) }] };
    },
  };
}
