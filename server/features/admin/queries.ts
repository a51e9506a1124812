import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { accounts, agencies, boards, memberships, partnerships, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { BOARD_ROLE_ORDER } from '../../../shared/domain/roles.js';
import { PROTECTIVE_MARKINGS, type ProtectiveMarking } from '../../../shared/domain/reporting.js';
import type { AgencyView, AuditEntry, BoardDetail, BoardView, MembershipView, PartnershipView, PersonView } from '../../../shared/schemas/admin.js';
import type { AuditFilter } from '../../core/audit.js';
import { AuditLog } from './audit-log.js';
import type { ServiceContext } from '../../core/context.js';
import { sharedBeyond } from '../auth/index.js';
import { toPersonView } from './views.js';

export interface PrintHeading {
  name: string;
  marking: ProtectiveMarking;
}

export interface PresenceIdentity {
  personId: number;
  name: string;
  agencyName: string;
}

/** The synchronous reads the transports make on every board join and every Yjs connection. */
export interface AdminHotPath {
  /** The board, if it is this partnership's. */
  boardOrNull(partnershipId: number, boardId: number): Promise<{ id: number } | null>;
  /** The name and agency shown beside a person in presence lists and cursors. */
  presenceIdentity(personId: number): Promise<PresenceIdentity>;
}

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);

/**
 * Read side of administration: the partnership, its agencies, boards, seats, people and audit trail
 * as the admin pages and other features show them. Asynchronous, so the storage behind it may be (on
 * SQLite each call resolves at once); the writes, and the reads a write checks, are the repositories'
 * (repo.ts, people-repo.ts).
 *
 * `hotPath` is the exception, synchronous on purpose: Socket.io's board join and the Yjs server's
 * upgrade read it while they hold a connection half set up (the socket and y-websocket handlers are
 * synchronous). A PostgreSQL deployment would serve these two from a cache kept by the bus.
 */
export class AdminQueries {
  readonly hotPath: AdminHotPath;

  constructor(private readonly ctx: ServiceContext) {
    this.hotPath = { boardOrNull: (p, b) => this.boardNow(p, b), presenceIdentity: (id) => this.identityNow(id) };
  }

  async partnership(partnershipId: number): Promise<PartnershipView> {
    const p = await this.ctx.db.select().from(partnerships).where(eq(partnerships.id, partnershipId)).get();
    if (!p) throw notFound('Partnership');
    return { id: p.id, name: p.name, protectiveMarking: p.protectiveMarking as PartnershipView['protectiveMarking'], mailDetails: p.mailDetails, agencies: await this.agencies(partnershipId), boards: await this.boards(partnershipId) };
  }

  /** What a printed page of the partnership's carries: its name and its protective marking (an unknown one is read as OFFICIAL). */
  async printHeading(partnershipId: number): Promise<PrintHeading> {
    const p = await this.ctx.db.select({ name: partnerships.name, marking: partnerships.protectiveMarking }).from(partnerships).where(eq(partnerships.id, partnershipId)).get();
    if (!p) throw notFound('Partnership');
    const marking = PROTECTIVE_MARKINGS.find((m) => m === p.marking) ?? 'OFFICIAL';
    return { name: p.name, marking };
  }

  async agencies(partnershipId: number): Promise<AgencyView[]> {
    return this.ctx.db
      .select({ id: agencies.id, name: agencies.name, kind: agencies.kind })
      .from(agencies)
      .where(eq(agencies.partnershipId, partnershipId))
      .orderBy(agencies.name)
      .all();
  }

  async boards(partnershipId: number): Promise<BoardView[]> {
    const parent = alias(boards, 'parent');
    return (await this.ctx.db
      .select({ b: boards, parentName: parent.name })
      .from(boards)
      .leftJoin(parent, eq(parent.id, boards.parentBoardId))
      .where(eq(boards.partnershipId, partnershipId))
      .orderBy(boards.name)
      .all())
      .map(({ b, parentName }) => ({ id: b.id, name: b.name, description: b.description, parentBoardId: b.parentBoardId, parentBoardName: parentName, reportingCycle: b.reportingCycle }));
  }

  /** One board as listed; NOT_FOUND when it is not this partnership's. */
  async boardView(partnershipId: number, boardId: number): Promise<BoardView> {
    const view = (await this.boards(partnershipId)).find((b) => b.id === boardId);
    if (!view) throw notFound('Board');
    return view;
  }

  async board(partnershipId: number, boardId: number): Promise<BoardDetail> {
    const view = await this.boardView(partnershipId, boardId);
    const children = await this.ctx.db
      .select({ id: boards.id, name: boards.name })
      .from(boards)
      .where(and(eq(boards.partnershipId, partnershipId), eq(boards.parentBoardId, boardId)))
      .all();
    return { ...view, members: await this.members(boardId), childBoards: children };
  }

  async members(boardId: number): Promise<MembershipView[]> {
    const deputy = alias(people, 'deputy');
    return (await this.ctx.db
      .select({ m: memberships, person: people, agency: agencies, deputy })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .leftJoin(deputy, eq(deputy.id, memberships.deputyPersonId))
      .where(eq(memberships.boardId, boardId))
      .all())
      .map(({ m, person, agency, deputy: d }) => ({
        id: m.id,
        boardId: m.boardId,
        personId: person.id,
        personName: person.name,
        agencyId: agency.id,
        agencyName: agency.name,
        role: m.role,
        deputy: d ? { id: d.id, name: d.name } : null,
      }))
      .sort((a, b) => BOARD_ROLE_ORDER[a.role] - BOARD_ROLE_ORDER[b.role] || a.agencyName.localeCompare(b.agencyName) || a.personName.localeCompare(b.personName));
  }

  /** One seat as listed on its board. */
  async member(boardId: number, membershipId: number): Promise<MembershipView> {
    return (await this.members(boardId)).find((m) => m.id === membershipId)!;
  }

  async people(partnershipId: number): Promise<PersonView[]> {
    const rows = await this.ctx.db
      .select({ p: people, agencyName: agencies.name, account: accounts })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .where(eq(people.partnershipId, partnershipId))
      .orderBy(people.name)
      .all();
    return Promise.all(rows.map(async ({ p, agencyName, account }) => toPersonView(p, agencyName, account, await sharedBeyond(this.ctx, account.id, partnershipId))));
  }

  async person(partnershipId: number, personId: number): Promise<PersonView> {
    return (await this.people(partnershipId)).find((p) => p.id === personId)!;
  }

  async presenceIdentity(personId: number): Promise<PresenceIdentity> {
    return this.identityNow(personId);
  }

  /** A page of the audit log, each entry in words (audit-log.ts). */
  async audit(partnershipId: number, filter: AuditFilter): Promise<AuditEntry[]> {
    return new AuditLog(this.ctx).page(partnershipId, filter);
  }

  private async boardNow(partnershipId: number, boardId: number): Promise<{ id: number } | null> {
    return (await this.ctx.db.select({ id: boards.id }).from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get()) ?? null;
  }

  private async identityNow(personId: number): Promise<PresenceIdentity> {
    const row = await this.ctx.db
      .select({ name: people.name, agencyName: agencies.name })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .where(eq(people.id, personId))
      .get();
    return { personId, name: row?.name ?? 'Unknown', agencyName: row?.agencyName ?? '' };
  }
}
