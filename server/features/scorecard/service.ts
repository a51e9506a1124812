import { AppError } from '../../../shared/errors.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { canDefineIndicators, canEnterValues, canReadScorecard } from '../../../shared/domain/scorecard-permissions.js';
import { periodError, type CreateIndicatorPayload, type IndicatorQuery, type ImportPreview, type IndicatorDetail, type IndicatorRow, type RecordValuesPayload, type SetComparatorsPayload, type UpdateIndicatorPayload } from '../../../shared/schemas/scorecard.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { runPrepared, type Prepared } from '../../core/prepared.js';
import type { ScorecardQueries } from './queries.js';
import type { ScorecardRepository } from './repo.js';
import { ScorecardView } from './view.js';
import { previewImport, type ImportTarget, type ValueCells } from './import-preview.js';

const DEFINE_REFUSED = 'Only an administrator, or the chair or a vice-chair of one of the partnership’s boards, sets the scorecard’s indicators.';

/**
 * The performance scorecard (issue 13): indicators defined by the partnership's chairs and
 * administrators, values entered by each indicator's lead and owning agency. Each change is authorised
 * by shared/domain/scorecard-permissions.ts, written in one transaction with its audit row, announced
 * on the bus ("scorecard.changed") so every open scorecard reads it again, and answered as the page shows it.
 */
export class ScorecardService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ScorecardRepository,
    readonly queries: ScorecardQueries,
  ) {}

  /** Open scorecards read the indicators again, and open plans whose objectives they evidence (their suggested RAG may move). */
  private async changed(partnershipId: number, indicatorIds: number[]): Promise<void> {
    if (indicatorIds.length === 0) return;
    this.ctx.bus.emit('scorecard.changed', { partnershipId, indicatorIds });
    for (const planId of await this.queries.plansEvidenced(indicatorIds)) this.ctx.bus.emit('plan.changed', { partnershipId, planId });
  }

  async list(actor: Actor, query: IndicatorQuery = {}): Promise<IndicatorRow[]> {
    const ids = query.riskId === undefined ? undefined : await this.queries.indicatorIdsForRisk(query.riskId);
    return new ScorecardView(await this.queries.records(actor.partnershipId, ids), actor).rows();
  }

  /**
   * A values file read and checked against the scorecard as this person may enter it, nothing stored:
   * what `indicator:record-values` with its rows would do, and every error by row and column.
   */
  /** Rows of values checked as `indicator:record-values` would check them; nothing stored (the import service's `indicator-values`). */
  async previewTable(actor: Actor, fileName: string, table: readonly ValueCells[]): Promise<ImportPreview> {
    const records = await this.queries.records(actor.partnershipId);
    const rows = new Map(new ScorecardView(records, actor).rows().map((r) => [r.id, r]));
    const targets: ImportTarget[] = records.indicators.map((i) => ({ id: i.id, name: i.name, frequency: i.frequency, enterValues: rows.get(i.id)!.can.enterValues, current: new Map() }));
    const byId = new Map(targets.map((t) => [t.id, t]));
    // Values come newest first within a period: the first seen of a period is its value.
    for (const v of records.values) {
      const current = byId.get(v.indicatorId)!.current;
      if (!current.has(v.period)) current.set(v.period, { value: v.value, note: v.note, numerator: v.numerator, denominator: v.denominator });
    }
    return previewImport(fileName, table, targets);
  }

  /** The indicators the board should hear about, each with its trend (the "scorecard exceptions" agenda item). */
  async exceptions(actor: Actor): Promise<IndicatorDetail[]> {
    const records = await this.queries.records(actor.partnershipId);
    const view = new ScorecardView(records, actor);
    const ids = new Set(view.rows().filter((r) => r.exceptions.length > 0).map((r) => r.id));
    return Promise.all(records.indicators.filter((i) => ids.has(i.id)).map(async (i) => view.detail(i, await this.queries.links(i.id))));
  }

  async detail(actor: Actor, indicatorId: number): Promise<IndicatorDetail> {
    const records = await this.queries.records(actor.partnershipId, [indicatorId]);
    const indicator = records.indicators[0];
    if (!indicator || !canReadScorecard(actor, indicator.partnershipId)) throw new AppError('NOT_FOUND', 'Indicator not found.');
    return new ScorecardView(records, actor).detail(indicator, await this.queries.links(indicatorId));
  }

  private async row(actor: Actor, indicatorId: number): Promise<IndicatorRow> {
    return new ScorecardView(await this.queries.records(actor.partnershipId, [indicatorId]), actor).rows()[0]!;
  }

  private async visible(actor: Actor, indicatorId: number) {
    const indicator = await this.repo.indicator(actor.partnershipId, indicatorId);
    if (!indicator) throw new AppError('NOT_FOUND', 'Indicator not found.');
    return indicator;
  }

  async create(actor: Actor, p: CreateIndicatorPayload): Promise<IndicatorRow> {
    if (!canDefineIndicators(actor, actor.partnershipId)) throw new AppError('FORBIDDEN', DEFINE_REFUSED);
    const { objectiveIds, riskIds, ...fields } = p;
    const at = isoAt(this.ctx.clock);
    const id = await this.repo.create({ ...fields, partnershipId: actor.partnershipId, position: 0, createdAt: at, updatedAt: at }, { objectiveIds, riskIds }, { partnershipId: actor.partnershipId, actorId: actor.personId, action: 'indicator.create', entityType: 'indicator', entityId: null, detail: { name: p.name, area: p.area } });
    await this.changed(actor.partnershipId, [id]);
    return this.row(actor, id);
  }

  async update(actor: Actor, p: UpdateIndicatorPayload): Promise<IndicatorRow> {
    const seen = await this.visible(actor, p.indicatorId);
    if (!canDefineIndicators(actor, seen.partnershipId)) throw new AppError('FORBIDDEN', DEFINE_REFUSED);
    const { indicatorId, objectiveIds, riskIds, ...fields } = p;
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const changes = Object.fromEntries(Object.entries(patch).filter(([k, v]) => (seen as Record<string, unknown>)[k] !== v).map(([k, v]) => [k, { from: (seen as Record<string, unknown>)[k] ?? null, to: v }]));
    await this.repo.update(seen, { ...patch, updatedAt: isoAt(this.ctx.clock) }, { objectiveIds, riskIds }, { partnershipId: seen.partnershipId, actorId: actor.personId, action: 'indicator.update', entityType: 'indicator', entityId: indicatorId, detail: { changes, ...(objectiveIds ? { objectiveIds } : {}), ...(riskIds ? { riskIds } : {}) } });
    await this.changed(seen.partnershipId, [indicatorId]);
    return this.row(actor, indicatorId);
  }

  async setComparators(actor: Actor, p: SetComparatorsPayload): Promise<IndicatorRow> {
    const seen = await this.visible(actor, p.indicatorId);
    if (!canDefineIndicators(actor, seen.partnershipId)) throw new AppError('FORBIDDEN', DEFINE_REFUSED);
    const issues = p.comparators.flatMap((c, i) => c.values.flatMap((v, j) => {
      const message = periodError(seen.frequency, v.period);
      return message ? [{ path: `comparators.${i}.values.${j}.period`, message }] : [];
    }));
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'A comparator’s period is not of this indicator’s frequency.', issues);
    await this.repo.setComparators(seen, p.comparators, isoAt(this.ctx.clock), { partnershipId: seen.partnershipId, actorId: actor.personId, action: 'indicator.comparators', entityType: 'indicator', entityId: seen.id, detail: { comparators: p.comparators.map((c) => ({ kind: c.kind, name: c.name, values: c.values.length })) } });
    await this.changed(seen.partnershipId, [seen.id]);
    return this.row(actor, seen.id);
  }

  /**
   * A period's values for many indicators (the grid, an import): every row is checked first (the
   * indicator is this partnership's and theirs to enter, the period is of its frequency) and the
   * refusal names every bad row; nothing is stored unless every row is good.
   */
  async recordValues(actor: Actor, p: RecordValuesPayload): Promise<IndicatorRow[]> {
    return runPrepared(this.ctx, await this.prepareRecordValues(actor, p));
  }

  /** The values checked now, stored when the caller's transaction runs it (an import's are all one). */
  async prepareRecordValues(actor: Actor, p: RecordValuesPayload): Promise<Prepared<Promise<IndicatorRow[]>>> {
    const found = new Map((await this.repo.indicatorsIn(actor.partnershipId, [...new Set(p.values.map((v) => v.indicatorId))])).map((i) => [i.id, i]));
    const issues: { path: string; message: string }[] = [];
    let forbidden = false;
    const seen = new Set<string>();
    p.values.forEach((v, i) => {
      const indicator = found.get(v.indicatorId);
      if (!indicator) return void issues.push({ path: `values.${i}.indicatorId`, message: 'Unknown indicator' });
      if (!canEnterValues(actor, indicator)) forbidden = true;
      const periodIssue = periodError(indicator.frequency, v.period);
      if (periodIssue) issues.push({ path: `values.${i}.period`, message: periodIssue });
      const key = `${v.indicatorId}|${v.period}`;
      if (seen.has(key)) issues.push({ path: `values.${i}.period`, message: 'The same indicator and period is given twice' });
      seen.add(key);
      if ((v.numerator === null) !== (v.denominator === null)) issues.push({ path: `values.${i}.${v.numerator === null ? 'numerator' : 'denominator'}`, message: 'Give both the numerator and the denominator, or neither' });
    });
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'Some values could not be recorded; nothing was stored.', issues);
    if (forbidden) throw new AppError('FORBIDDEN', 'Values are entered by each indicator’s lead, by its owning agency’s people on the boards, by a chair, or by an administrator.');
    return {
      write: async () => {
        const changed = await this.repo.recordValues(actor.partnershipId, p.values, actor.personId, isoAt(this.ctx.clock));
        return async () => {
          await this.changed(actor.partnershipId, changed);
          return new ScorecardView(await this.queries.records(actor.partnershipId, [...found.keys()]), actor).rows();
        };
      },
    };
  }
}
