import * as Y from 'yjs';
import { configFromEnv } from '../../server/config.js';
import { openDatabase } from '../../server/db/client.js';
import { openPgDatabase } from '../../server/db/pg-client.js';
import { DocStore } from '../../server/db/doc-store.js';
import { boards as boardsTable, risks } from '../../server/db/schema.js';
import { isoAt, serviceContext, type ServiceContext } from '../../server/core/context.js';
import { projectRiskUpdate } from '../../server/features/risks/projection.js';
import { seedDemo, type DemoIds } from '../../server/features/demo/seed.js';
import { initialRiskDoc, newMitigation, readRiskDoc, type RiskDocState } from '../../shared/docs/risk-doc.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { docName } from '../../shared/protocol/yjs.js';
import { RISK_CATEGORIES, RISK_DOC_FIELD_KEYS, type RiskDocFields } from '../../shared/schemas/risk.js';
import { DomainBus } from '../../server/bus.js';

/** A deterministic generator, so every run loads the same register. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const emptyState = (): RiskDocState => ({
  texts: { title: '', cause: '', event: '', effect: '' },
  fields: Object.fromEntries(RISK_DOC_FIELD_KEYS.map((k) => [k, null])) as RiskDocFields,
  mitigations: [],
});

// Titles from a few parts, so sorting and searching by title meet real variety (and repeats).
const WHAT = ['Delays in', 'Gaps in', 'Inconsistent', 'Weak oversight of', 'Late', 'Insufficient capacity for', 'Drift in', 'Poor quality of'];
const OF = [
  'multi-agency information sharing',
  'return home interviews',
  'strategy discussions',
  'health assessments for children in care',
  'school attendance follow-up',
  'MASH threshold decisions',
  'child protection conferences',
  'early help assessments',
  'exploitation screening',
  'supervision of practitioners',
];

/** Share of the register in each state the register's filters tell apart (the rest: open, scored, owned). */
const SHARES = { closed: 0.1, escalated: 0.06, unscored: 0.03, unowned: 0.02, noReviewDate: 0.04 };

/**
 * Adds `count` risks with `perRisk` mitigations each the way the server stores them: a risks row, the
 * doc's first update in doc_updates, and the projection (risk and mitigation rows, field audit). Some
 * are closed, escalated to the parent board, unscored, without an owner or a review date, as
 * SHARES says: every filter and sort of the register has rows on both sides.
 */
async function addRisks(ctx: ServiceContext, ids: DemoIds, count: number, perRisk: number): Promise<void> {
  const docs = new DocStore(ctx.database);
  const rand = lcg(20_250_601);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const level = () => 1 + Math.floor(rand() * 5);
  const today = todayIn(ctx.clock());
  const at = isoAt(ctx.clock);
  const boards = Object.values(ids.board);
  const parentOf = new Map((await ctx.db.select({ id: boardsTable.id, parent: boardsTable.parentBoardId }).from(boardsTable).all()).map((b) => [b.id, b.parent]));
  const agencies = Object.values(ids.agency);
  const people = Object.values(ids.person);
  for (let n = 1; n <= count; n++) {
    const title = `${pick(WHAT)} ${pick(OF)} (cohort ${n % 37})`;
    const scored = !chance(SHARES.unscored);
    const current = scored ? { currentLikelihood: level(), currentImpact: level() } : {};
    const fields: Partial<RiskDocFields> = {
      inherentLikelihood: level(), inherentImpact: level(),
      ...current,
      targetLikelihood: level(), targetImpact: level(),
      tolerance: 1 + Math.floor(rand() * 25), reviewFrequencyDays: 30,
      nextReviewDate: chance(SHARES.noReviewDate) ? null : addDays(today, Math.floor(rand() * 120) - 30),
    };
    const doc = initialRiskDoc({ title, category: pick(RISK_CATEGORIES), fields });
    doc.transact(() => {
      doc.getText('cause').insert(0, `Cause of risk ${n}: referrals from partner agencies arrive late or incomplete, and thresholds are applied inconsistently.`);
      doc.getText('event').insert(0, `Event: a child at risk is not seen by the right agency within the statutory timescale (risk ${n}).`);
      doc.getText('effect').insert(0, 'Effect: harm to children, loss of confidence in the partnership and adverse inspection findings.');
    });
    const ownerId = chance(SHARES.unowned) ? null : pick(people);
    for (let m = 1; m <= perRisk; m++) {
      newMitigation(doc, `bench-${n}-${m}`, {
        action: `Mitigation ${m} for risk ${n}: audit a sample of cases and report to the board`,
        ownerId: pick(people),
        agencyId: pick(agencies),
        dueDate: addDays(today, Math.floor(rand() * 180) - 60),
        status: pick(['not_started', 'in_progress', 'complete'] as const),
      });
    }
    const boardId = pick(boards);
    const parent = parentOf.get(boardId) ?? null;
    const closed = chance(SHARES.closed);
    const row = await ctx.db
      .insert(risks)
      .values({
        partnershipId: ids.partnershipId,
        number: n,
        boardId,
        escalatedToBoardId: parent !== null && chance(SHARES.escalated / 0.5) ? parent : null,
        leadAgencyId: pick(agencies),
        ownerId,
        // The score at the last review, for every trend: lower, equal, higher, or none yet.
        lastReviewScore: chance(0.2) ? null : level() * level(),
        status: closed ? 'closed' : 'open',
        closedReason: closed ? 'Mitigated: the board agreed the risk is now within tolerance.' : null,
        createdAt: at,
        createdBy: ids.person.admin!,
        updatedAt: at,
      })
      .returning()
      .get();
    const name = docName('risk', row.id);
    const editorId = ownerId ?? ids.person.admin!;
    docs.append(name, Y.encodeStateAsUpdate(doc), editorId, ctx.clock());
    await projectRiskUpdate(ctx, { partnershipId: ids.partnershipId, riskId: row.id, docName: name, editorId, at, before: emptyState(), after: readRiskDoc(doc) });
    doc.destroy();
  }
}

export interface SeedOptions {
  /** log2 of scrypt's N for the demo accounts (tests use a cheaper one; the bench, the server's default). */
  passwordHashCost?: number;
  /** A PostgreSQL database to seed instead of the SQLite file in the data directory. */
  databaseUrl?: string;
  demoPassword?: string;
}

/**
 * Creates the demo partnership (people, boards, accounts; none of its demo risks) and a register of
 * `count` risks with `perRisk` mitigations each in a fresh DATA_DIR. Used by `npm run bench` and by
 * test/helpers/seeded-register.ts; a server started over the directory finds it seeded.
 */
export async function seedRegister(dataDir: string, count: number, perRisk: number, options: SeedOptions = {}): Promise<void> {
  const base = configFromEnv({});
  const config = { ...base, dataDir, clientDir: null, log: () => undefined, passwordHashCost: options.passwordHashCost ?? base.passwordHashCost };
  const database = options.databaseUrl ? await openPgDatabase(options.databaseUrl) : openDatabase(dataDir);
  try {
    const ctx = serviceContext(database, config, new DomainBus());
    await seedDemo(ctx, options.demoPassword ?? config.demoPassword, [async (c, ids) => addRisks(c, ids, count, perRisk)]);
  } finally {
    await database.close();
  }
}
