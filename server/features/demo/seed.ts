import { agencies, boards, memberships, partnerships } from '../../db/schema.js';
import { addPersonRow } from '../auth/index.js';
import type { AgencyKind, BoardRole } from '../../../shared/domain/roles.js';
import { writeAudit } from '../../core/audit.js';
import { hashPassword } from '../auth/index.js';
import type { ServiceContext } from '../../core/context.js';

/**
 * The demo partnership: fictional, but shaped like the partnerships in the council reports the product
 * is built from. Later capabilities add their records through `demoExtensions`.
 */
export const DEMO_AGENCIES: { key: string; name: string; kind: AgencyKind }[] = [
  { key: 'council', name: "Northbrook Council Children's Services", kind: 'childrens_services' },
  { key: 'police', name: 'Northshire Police', kind: 'police' },
  { key: 'icb', name: 'Northbrook Integrated Care Board', kind: 'health' },
  { key: 'trust', name: 'Northbrook Community NHS Trust', kind: 'health' },
  { key: 'schools', name: 'Northbrook Schools Forum', kind: 'schools' },
  { key: 'probation', name: 'Probation Service (Northbrook)', kind: 'probation' },
  { key: 'lscb', name: 'Northbrook Safeguarding Children Board', kind: 'safeguarding_board' },
  { key: 'dfe', name: 'Department for Education', kind: 'observer_body' },
  { key: 'lga', name: 'Local Government Association', kind: 'observer_body' },
];

interface DemoPerson {
  key: string;
  name: string;
  email: string;
  agency: string;
  jobTitle: string;
  admin?: boolean;
  /** People without an account yet have been invited but not signed in. */
  account?: boolean;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { key: 'admin', name: 'Priya Shah', email: 'admin@demo.test', agency: 'lscb', jobTitle: 'Partnership Business Manager', admin: true, account: true },
  { key: 'chair', name: 'Margaret Ellison', email: 'chair@demo.test', agency: 'lscb', jobTitle: 'Independent Chair', account: true },
  { key: 'police', name: 'DCI Tom Brennan', email: 'police@demo.test', agency: 'police', jobTitle: 'Head of Public Protection', account: true },
  { key: 'health', name: 'Dr Aisha Rahman', email: 'health@demo.test', agency: 'icb', jobTitle: 'Designated Nurse, Safeguarding Children', account: true },
  { key: 'schools', name: 'Gareth Lloyd', email: 'schools@demo.test', agency: 'schools', jobTitle: "Headteacher, chair of the Secondary Heads' Forum", account: true },
  { key: 'council', name: 'Sarah Okafor', email: 'council@demo.test', agency: 'council', jobTitle: "Assistant Director, Children's Social Care", account: true },
  { key: 'observer', name: 'Claire Whitfield', email: 'observer@demo.test', agency: 'dfe', jobTitle: 'DfE Improvement Adviser', account: true },
  { key: 'policeDeputy', name: 'DI Rachel Hughes', email: 'rachel.hughes@demo.test', agency: 'police', jobTitle: 'Detective Inspector, MASH' },
  { key: 'healthDeputy', name: 'James Osei', email: 'james.osei@demo.test', agency: 'trust', jobTitle: 'Named Nurse, Safeguarding' },
  { key: 'dcs', name: 'David Marsh', email: 'david.marsh@demo.test', agency: 'council', jobTitle: "Director of Children's Services" },
  { key: 'probation', name: 'Lorraine Price', email: 'lorraine.price@demo.test', agency: 'probation', jobTitle: 'Head of Probation Delivery Unit' },
  { key: 'lscbChair', name: 'Dr Helen Ward', email: 'helen.ward@demo.test', agency: 'lscb', jobTitle: 'Independent Chair, Safeguarding Children Board' },
  { key: 'lga', name: 'Neil Foster', email: 'neil.foster@demo.test', agency: 'lga', jobTitle: 'LGA Children’s Improvement Adviser' },
  // The ICB member's deputy is of the ICB: a deputy stands in for their own agency (issue 10, item 1).
  { key: 'icbDeputy', name: 'Fiona Grant', email: 'fiona.grant@demo.test', agency: 'icb', jobTitle: 'Deputy Designated Nurse, Safeguarding Children' },
];

export const DEMO_BOARDS = [
  { key: 'ib', name: 'Improvement Board', description: 'Independently chaired, monthly. Oversees the improvement plan after the inspection.', parent: null },
  { key: 'og', name: 'Operational Group', description: 'Reviews the risk register monthly and escalates to the Improvement Board.', parent: 'ib' },
  { key: 'scb', name: 'Safeguarding Children Board', description: 'The statutory multi-agency board and its committees.', parent: null },
  { key: 'qap', name: 'Quality Assurance & Performance Committee', description: 'Committee of the Safeguarding Children Board.', parent: 'scb' },
] as const;

type Seat = [person: string, role: BoardRole, deputy?: string];
export const DEMO_SEATS: Record<(typeof DEMO_BOARDS)[number]['key'], Seat[]> = {
  ib: [
    ['chair', 'chair'],
    ['dcs', 'vice_chair'],
    ['council', 'member'],
    ['police', 'member', 'policeDeputy'],
    ['health', 'member', 'icbDeputy'],
    ['schools', 'member'],
    ['probation', 'member'],
    ['observer', 'observer'],
    ['lga', 'observer'],
  ],
  og: [
    ['council', 'chair'],
    ['police', 'member', 'policeDeputy'],
    ['health', 'member'],
    ['schools', 'member'],
    ['admin', 'member'],
  ],
  scb: [
    ['lscbChair', 'chair'],
    ['chair', 'member'],
    ['dcs', 'member'],
    ['police', 'member'],
    ['health', 'member'],
    ['schools', 'member'],
    ['probation', 'member'],
  ],
  qap: [
    ['lscbChair', 'chair'],
    ['health', 'member'],
    ['police', 'member'],
    ['council', 'member'],
  ],
};

export interface DemoIds {
  partnershipId: number;
  agency: Record<string, number>;
  person: Record<string, number>;
  board: Record<string, number>;
}

export type DemoExtension = (ctx: ServiceContext, ids: DemoIds) => Promise<void> | void;

/**
 * The demo partnership, in one transaction; null, writing nothing, when the database was no longer
 * empty by then: two processes started together on a new database (REDIS_URL) both find it empty, and
 * only the first of them to write seeds it.
 */
export async function seedDemo(ctx: ServiceContext, password: string, extensions: DemoExtension[] = []): Promise<DemoIds | null> {
  const withAccounts = DEMO_PEOPLE.filter((p) => p.account);
  const hashes = new Map(await Promise.all(withAccounts.map(async (p) => [p.key, await hashPassword(password, ctx.config.passwordHashCost)] as const)));

  return ctx.database.transaction(async () => {
    // Decided again under the writer lock: the check before hashing was only a cheap look.
    if (!(await isEmpty(ctx))) return null;
    const partnershipId = (await ctx.db.insert(partnerships).values({ name: 'Northbrook Safeguarding Children Partnership' }).returning().get()).id;
    const ids: DemoIds = { partnershipId, agency: {}, person: {}, board: {} };
    for (const a of DEMO_AGENCIES) {
      ids.agency[a.key] = (await ctx.db.insert(agencies).values({ partnershipId, name: a.name, kind: a.kind }).returning().get()).id;
    }
    for (const p of DEMO_PEOPLE) {
      ids.person[p.key] = (await addPersonRow(ctx, {
        partnershipId,
        agencyId: ids.agency[p.agency]!,
        name: p.name,
        email: p.email,
        jobTitle: p.jobTitle,
        isPartnershipAdmin: p.admin ?? false,
        passwordHash: hashes.get(p.key) ?? null,
      })).person.id;
    }
    for (const b of DEMO_BOARDS) {
      ids.board[b.key] = (await ctx.db
        .insert(boards)
        .values({ partnershipId, name: b.name, description: b.description, parentBoardId: b.parent ? ids.board[b.parent]! : null })
        .returning()
        .get()).id;
    }
    for (const [boardKey, seats] of Object.entries(DEMO_SEATS)) {
      for (const [personKey, role, deputyKey] of seats) {
        await ctx.db
          .insert(memberships)
          .values({ boardId: ids.board[boardKey]!, personId: ids.person[personKey]!, role, deputyPersonId: deputyKey ? ids.person[deputyKey]! : null })
          .run();
      }
    }
    await writeAudit(ctx, { partnershipId, actorId: null, action: 'partnership.seed_demo', entityType: 'partnership', entityId: partnershipId });
    for (const extend of extensions) await extend(ctx, ids);
    return ids;
  });
}

export async function isEmpty(ctx: ServiceContext): Promise<boolean> {
  return (await ctx.db.select({ id: partnerships.id }).from(partnerships).limit(1).all()).length === 0;
}
