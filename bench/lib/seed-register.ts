import * as Y from 'yjs';
import { configFromEnv } from '../../server/config.js';
import { openDatabase } from '../../server/db/client.js';
import { DocStore } from '../../server/db/doc-store.js';
import { risks } from '../../server/db/schema.js';
import { isoAt, type ServiceContext } from '../../server/core/context.js';
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

/**
 * Adds `count` risks with `perRisk` mitigations each the way the server stores them: a risks row, the
 * doc's first update in doc_updates, and the projection (risk and mitigation rows, field audit).
 */
function addRisks(ctx: ServiceContext, ids: DemoIds, count: number, perRisk: number): void {
  const docs = new DocStore(ctx.database);
  const rand = lcg(20_250_601);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const level = () => 1 + Math.floor(rand() * 5);
  const today = todayIn(ctx.clock());
  const at = isoAt(ctx.clock);
  const boards = Object.values(ids.board);
  const agencies = Object.values(ids.agency);
  const people = Object.values(ids.person);
  for (let n = 1; n <= count; n++) {
    const title = `Risk ${n}: delays in multi-agency information sharing for cohort ${n % 37}`;
    const fields: Partial<RiskDocFields> = {
      inherentLikelihood: level(), inherentImpact: level(),
      currentLikelihood: level(), currentImpact: level(),
      targetLikelihood: level(), targetImpact: level(),
      tolerance: 1 + Math.floor(rand() * 25), reviewFrequencyDays: 30, nextReviewDate: addDays(today, Math.floor(rand() * 120) - 30),
    };
    const doc = initialRiskDoc({ title, category: pick(RISK_CATEGORIES), fields });
    doc.transact(() => {
      doc.getText('cause').insert(0, `Cause of risk ${n}: referrals from partner agencies arrive late or incomplete, and thresholds are applied inconsistently.`);
      doc.getText('event').insert(0, `Event: a child at risk is not seen by the right agency within the statutory timescale (risk ${n}).`);
      doc.getText('effect').insert(0, 'Effect: harm to children, loss of confidence in the partnership and adverse inspection findings.');
    });
    const ownerId = pick(people);
    for (let m = 1; m <= perRisk; m++) {
      newMitigation(doc, `bench-${n}-${m}`, {
        action: `Mitigation ${m} for risk ${n}: audit a sample of cases and report to the board`,
        ownerId: pick(people),
        agencyId: pick(agencies),
        dueDate: addDays(today, Math.floor(rand() * 180) - 60),
        status: pick(['not_started', 'in_progress', 'complete'] as const),
      });
    }
    const row = ctx.db
      .insert(risks)
      .values({ partnershipId: ids.partnershipId, number: n, boardId: pick(boards), leadAgencyId: pick(agencies), ownerId, createdAt: at, createdBy: ids.person.admin!, updatedAt: at })
      .returning()
      .get();
    const name = docName('risk', row.id);
    docs.append(name, Y.encodeStateAsUpdate(doc), ownerId, ctx.clock());
    projectRiskUpdate(ctx, { partnershipId: ids.partnershipId, riskId: row.id, docName: name, editorId: ownerId, at, before: emptyState(), after: readRiskDoc(doc) });
    doc.destroy();
  }
}

/** Creates the demo partnership (people, boards, accounts) and a register of `count` risks in a fresh DATA_DIR. */
export async function seedRegister(dataDir: string, count: number, perRisk: number): Promise<void> {
  const config = { ...configFromEnv({}), dataDir, clientDir: null, log: () => undefined };
  const database = openDatabase(dataDir);
  try {
    const ctx: ServiceContext = { database, db: database.db, clock: config.clock, config, bus: new DomainBus() };
    await seedDemo(ctx, config.demoPassword, [(c, ids) => addRisks(c, ids, count, perRisk)]);
  } finally {
    database.close();
  }
}
