import { and, eq, isNotNull } from 'drizzle-orm';
import * as Y from 'yjs';
import { agendaItems, agendaLinks, meetingActions, meetingAttendance, meetingDecisions, meetingGuests, meetings, risks } from '../../db/schema.js';
import { DocStore } from '../../db/doc-store.js';
import { addDecision } from '../../../shared/docs/meeting-doc.js';
import { papersDeadline } from '../../../shared/domain/meetings.js';
import { addDays, todayIn } from '../../../shared/domain/scoring.js';
import { docName } from '../../../shared/protocol/yjs.js';
import { MEETING_DOC, type AttendanceStatus } from '../../../shared/schemas/meeting.js';
import { AdminQueries, AdminRepository, AdminService } from '../admin/index.js';
import { loadActor } from '../../core/actors.js';
import type { ServiceContext } from '../../core/context.js';
import { AgendaService } from './agenda.js';
import { composeMinutes } from './minutes.js';
import { MeetingQueries } from './queries.js';
import { MeetingService } from './service.js';
import { MeetingRepository } from './repo.js';
import { RiskQueries } from '../risks/index.js';
import type { DemoIds } from '../demo/index.js';

/**
 * Demo meetings of the Improvement Board: last month's, with signed-off minutes and actions (two of them
 * overdue), and next month's, scheduled, with the agenda "Build agenda" proposes from the register.
 * This part runs in the demo seed's transaction and writes last month's rows; `scheduleDemoMeeting`,
 * once it has committed, freezes their minutes and schedules next month's through the services.
 */
export async function seedDemoMeetings(ctx: ServiceContext, ids: DemoIds): Promise<void> {
  const today = todayIn(ctx.clock());
  const P = ids.person;
  const boardId = ids.board.ib!;

  // --- last month's meeting, minutes signed off ---
  const pastDay = addDays(today, -28);
  const pastStart = `${pastDay}T10:00:00.000Z`;
  const past = await ctx.db
    .insert(meetings)
    .values({
      partnershipId: ids.partnershipId,
      boardId,
      title: 'Improvement Board',
      startsAt: pastStart,
      location: 'Committee Room 2, Civic Centre',
      onlineLink: 'https://meet.example.org/improvement-board',
      papersDeadline: papersDeadline(pastDay),
      status: 'closed',
      summary: 'The Board reviewed the risks escalated by the Operational Group and the recruitment position.',
      startedAt: pastStart,
      startedBy: P.chair!,
      closedAt: `${pastDay}T12:05:00.000Z`,
      closedBy: P.chair!,
      createdAt: `${addDays(pastDay, -30)}T09:00:00.000Z`,
      createdBy: P.chair!,
    })
    .returning()
    .get();
  const escalated = (await ctx.db.select().from(risks).where(and(eq(risks.partnershipId, ids.partnershipId), isNotNull(risks.escalatedToBoardId))).all()).slice(0, 2);
  const items: { title: string; presenter: string | null; agency: string | null; riskId?: number; notes: string; decisions: string[] }[] = [
    { title: 'Welcome, apologies and quorum', presenter: 'chair', agency: 'lscb', notes: 'The Chair welcomed members. The meeting was quorate.', decisions: [] },
    ...escalated.map((r, i) => ({
      title: `Escalated risk: ${r.title}`,
      presenter: i === 0 ? 'council' : 'dcs',
      agency: 'council',
      riskId: r.id,
      notes:
        i === 0
          ? 'The Operational Group escalated the risk as the current score remains above tolerance. Members challenged the pace of the ICS change plan.'
          : 'Two team manager posts were filled; four remain with interims. Health asked for the impact on MASH staffing to be reported.',
      decisions: i === 0 ? ['The risk stays on the Board’s register until the change plan is agreed.'] : ['The Board accepts the revised recruitment trajectory, to be reviewed next month.'],
    })),
    { title: 'Any other business', presenter: null, agency: null, notes: 'None.', decisions: [] },
  ];
  const doc = new Y.Doc();
  const itemIds: number[] = [];
  for (const [position, item] of items.entries()) {
    const row = await ctx.db
      .insert(agendaItems)
      .values({ meetingId: past.id, position, title: item.title, presenterPersonId: item.presenter ? P[item.presenter]! : null, presenterAgencyId: item.agency ? ids.agency[item.agency]! : null, minutes: 15, notes: item.notes })
      .returning()
      .get();
    itemIds.push(row.id);
    if (item.riskId) await ctx.db.insert(agendaLinks).values({ itemId: row.id, meetingId: past.id, kind: 'risk', ref: String(item.riskId) }).run();
    doc.getText(MEETING_DOC.notes(row.id)).insert(0, item.notes);
    for (const [n, text] of item.decisions.entries()) {
      const id = `d-demo-${row.id}-${n}`;
      addDecision(doc, row.id, id, text);
      await ctx.db.insert(meetingDecisions).values({ id, meetingId: past.id, itemId: row.id, text, createdBy: P.chair!, createdAt: `${pastDay}T10:40:00.000Z`, updatedAt: `${pastDay}T10:40:00.000Z` }).run();
    };
  };
  doc.getText(MEETING_DOC.summary).insert(0, past.summary);
  await new DocStore(ctx.database).append(docName('meeting', past.id), Y.encodeStateAsUpdate(doc), P.chair!, Date.parse(pastStart));
  doc.destroy();

  const attendance: [string, AttendanceStatus, string?][] = [
    ['chair', 'present'],
    ['dcs', 'present'],
    ['council', 'present'],
    ['police', 'represented', 'policeDeputy'],
    ['health', 'apologies'],
    ['schools', 'present'],
    ['probation', 'absent'],
    ['observer', 'present'],
  ];
  for (const [who, status, deputy] of attendance) {
    await ctx.db.insert(meetingAttendance).values({ meetingId: past.id, personId: P[who]!, status, deputyPersonId: deputy ? P[deputy]! : null, recordedBy: P.chair!, at: pastStart }).run();
  }
  await ctx.db.insert(meetingGuests).values({ meetingId: past.id, name: 'Anita Desai', agency: 'Ofsted' }).run();

  const actions: [item: number, text: string, owner: string, agency: string, due: number, status: 'open' | 'in_progress' | 'done'][] = [
    [1, 'Bring the agreed ICS change plan, with milestones, to the next Board', 'council', 'council', 7, 'in_progress'],
    [1, 'Report the practice audit of the child’s voice in recording', 'dcs', 'council', -7, 'open'],
    [2, 'Report the effect of interim posts on MASH staffing', 'health', 'icb', -3, 'open'],
    [2, 'Circulate the recruitment campaign timetable to members', 'dcs', 'council', -14, 'done'],
  ];
  for (const [item, description, owner, agency, due, status] of actions) {
    const itemId = itemIds[Math.min(item, itemIds.length - 1)]!;
    await ctx.db
      .insert(meetingActions)
      .values({ partnershipId: ids.partnershipId, boardId, meetingId: past.id, itemId, description, ownerId: P[owner]!, agencyId: ids.agency[agency]!, dueDate: addDays(today, due), status, createdAt: `${pastDay}T11:00:00.000Z`, createdBy: P.chair!, updatedAt: `${pastDay}T11:00:00.000Z` })
      .run();
  }
  const signedAt = `${addDays(pastDay, 3)}T15:00:00.000Z`;
  await ctx.db.update(meetings).set({ status: 'signed_off', signedOffAt: signedAt, signedOffBy: P.chair! }).where(eq(meetings.id, past.id)).run();
}

/** After the demo seed's transaction: last month's minutes frozen as composed, and next month's meeting with its proposed agenda. */
export async function scheduleDemoMeeting(ctx: ServiceContext, ids: DemoIds): Promise<void> {
  const admin = new AdminService(ctx, new AdminQueries(ctx), new AdminRepository(ctx));
  const queries = new MeetingQueries(ctx, admin);
  const service = new MeetingService(ctx, new MeetingRepository(ctx, null), queries, admin, null);
  const P = ids.person;
  const boardId = ids.board.ib!;

  const past = (await ctx.db.select().from(meetings).where(and(eq(meetings.partnershipId, ids.partnershipId), eq(meetings.boardId, boardId), eq(meetings.status, 'signed_off'))).get())!;
  const minutes = composeMinutes(await queries.state(past.id, []), past.summary);
  await ctx.db.update(meetings).set({ frozenMinutes: minutes }).where(eq(meetings.id, past.id)).run();

  // --- next month's meeting, scheduled, with the proposed agenda ---
  const chair = (await loadActor(ctx, P.chair!))!;
  const nextDay = addDays(todayIn(ctx.clock()), 9);
  const next = await service.create(chair, {
    boardId,
    title: 'Improvement Board',
    startsAt: `${nextDay}T10:00:00.000Z`,
    location: 'Committee Room 2, Civic Centre',
    onlineLink: 'https://meet.example.org/improvement-board',
    papersDeadline: null,
  });
  await new AgendaService(service, new RiskQueries(ctx)).build(chair, next.id);
}
