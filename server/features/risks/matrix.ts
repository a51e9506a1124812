import { eq } from 'drizzle-orm';
import { partnerships, risks } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { SCORE_FIELDS, SCORE_FIELD_LABELS, normaliseMatrix, outOfRangeFields, type MatrixInput } from '../../../shared/domain/matrix.js';
import { bandOf, riskReference, scoreOf, type RiskMatrix } from '../../../shared/domain/scoring.js';
import type { BandChange, BlockingRisk, MatrixPreview, MatrixSaved, RiskMatrixBody } from '../../../shared/schemas/matrix.js';
import { writeAudit } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import type { RiskQueries } from './queries.js';

/**
 * A partnership's risk matrix, set by its admin. A change is previewed first (which risks change band,
 * which must be rescored), then saved in one audited step that re-bands every risk at once: bands are
 * read from the matrix, never stored per risk, so nothing else is rewritten. Scores are never clamped:
 * while any risk holds a value the new matrix cannot (a 5 on a 4×4), the change is refused, naming them.
 * Tolerance is a score too, so a re-banding moves no tolerance flag; a tolerance above the new matrix's
 * highest score blocks the change like a 5 does.
 */
export class RiskMatrixService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly queries: RiskQueries,
  ) {}

  async preview(partnershipId: number, body: RiskMatrixBody): Promise<MatrixPreview> {
    const matrix = normaliseMatrix(body as MatrixInput);
    const { changed, blocking } = await this.compare(partnershipId, (await this.queries.matrix(partnershipId)), matrix);
    return { matrix, changed, blocking };
  }

  async save(partnershipId: number, actorId: number, body: RiskMatrixBody): Promise<MatrixSaved> {
    const matrix = normaliseMatrix(body as MatrixInput);
    const saved = await this.ctx.database.transaction(async () => {
      const before = await this.queries.matrix(partnershipId);
      const { changed, blocking } = await this.compare(partnershipId, before, matrix);
      if (blocking.length > 0) {
        throw new AppError(
          'CONFLICT',
          `${blocking.length === 1 ? 'One risk holds' : `${blocking.length} risks hold`} a score a ${matrix.size}×${matrix.size} matrix cannot: rescore ${blocking.length === 1 ? 'it' : 'them'} first.`,
          blocking.map((b) => ({ path: 'size', message: `${b.reference} ${b.title}: ${b.fields.join(', ')}`, riskId: b.riskId })),
        );
      }
      await this.ctx.db.update(partnerships).set({ riskMatrix: matrix }).where(eq(partnerships.id, partnershipId)).run();
      await writeAudit(this.ctx, {
        partnershipId,
        actorId,
        action: 'partnership.risk_matrix',
        entityType: 'partnership',
        entityId: partnershipId,
        detail: { before, after: matrix, changedBand: changed.map((c) => ({ risk: c.reference, from: c.from.label, to: c.to.label })) },
      });
      return { matrix, changed };
    });
    this.ctx.bus.emit('risk-matrix.changed', { partnershipId, matrix: saved.matrix });
    return saved;
  }

  private async compare(partnershipId: number, before: RiskMatrix, after: RiskMatrix): Promise<{ changed: BandChange[]; blocking: BlockingRisk[] }> {
    const changed: BandChange[] = [];
    const blocking: BlockingRisk[] = [];
    const rows = await this.ctx.db.select().from(risks).where(eq(risks.partnershipId, partnershipId)).orderBy(risks.number).all();
    for (const r of rows) {
      const reference = riskReference(r.number);
      const outside = outOfRangeFields(Object.fromEntries(SCORE_FIELDS.map((f) => [f, r[f]])), after.size);
      if (outside.length > 0) blocking.push({ riskId: r.id, reference, title: r.title, fields: outside.map((f) => `${SCORE_FIELD_LABELS[f]} ${r[f]}`) });
      const score = scoreOf(r.currentLikelihood, r.currentImpact);
      if (score === null) continue;
      const from = bandOf(score, before);
      const to = bandOf(score, after);
      if (from.label !== to.label) changed.push({ riskId: r.id, reference, title: r.title, score, from: { key: from.key, label: from.label }, to: { key: to.key, label: to.label } });
    }
    return { changed, blocking };
  }
}
