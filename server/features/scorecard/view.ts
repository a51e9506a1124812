import type { Actor } from '../../../shared/domain/permissions.js';
import { compareWith, directionOfTravel, exceptionReasons, indicatorRag, type IndicatorRule } from '../../../shared/domain/scorecard.js';
import { canDefineIndicators, canEnterValues } from '../../../shared/domain/scorecard-permissions.js';
import { SCORECARD_LIMITS } from '../../../shared/limits.js';
import type { ComparatorView, IndicatorDetail, IndicatorRow, IndicatorValueView } from '../../../shared/schemas/scorecard.js';
import type { ScorecardRecords } from './queries.js';

type Indicator = ScorecardRecords['indicators'][number];

const ruleOf = (i: Indicator): IndicatorRule => ({ polarity: i.polarity, target: i.target, tolerance: i.tolerance, maintainedWithin: i.maintainedWithin });

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/**
 * The scorecard's answers, assembled from its records by the pure rules (shared/domain/scorecard.ts):
 * the latest value of each period (later rows are corrections of earlier ones), RAG, direction of
 * travel, comparisons and exceptions, and what this person may do.
 */
export class ScorecardView {
  private readonly valuesOf;
  private readonly comparatorsOf;
  private readonly comparatorValuesOf;

  constructor(
    private readonly records: ScorecardRecords,
    private readonly actor: Actor,
  ) {
    this.valuesOf = groupBy(records.values, (v) => v.indicatorId);
    this.comparatorsOf = groupBy(records.comparators, (c) => c.indicatorId);
    this.comparatorValuesOf = groupBy(records.comparatorValues, (v) => v.comparatorId);
  }

  rows(): IndicatorRow[] {
    return this.records.indicators.map((i) => this.row(i));
  }

  /** Per period, its value (the newest row) and the corrections it replaced; oldest period first. */
  private periods(i: Indicator): IndicatorValueView[] {
    const byPeriod = groupBy(this.valuesOf.get(i.id) ?? [], (v) => v.period);
    return [...byPeriod.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, [latest, ...earlier]]) => ({
        id: latest!.id,
        period: latest!.period,
        value: latest!.value,
        numerator: latest!.numerator,
        denominator: latest!.denominator,
        note: latest!.note,
        enteredByName: latest!.enteredByName,
        enteredAt: latest!.enteredAt,
        rag: indicatorRag(ruleOf(i), latest!.value),
        corrections: earlier.map((e) => ({ id: e.id, value: e.value, note: e.note, enteredByName: e.enteredByName, enteredAt: e.enteredAt })),
      }));
  }

  private row(i: Indicator): IndicatorRow {
    const rule = ruleOf(i);
    const series = this.periods(i);
    const latest = series.at(-1) ?? null;
    const previous = series.at(-2) ?? null;
    const comparators: ComparatorView[] = (this.comparatorsOf.get(i.id) ?? []).map((c) => {
      // Its value for the latest period, else its latest before it; with no value of ours, its latest.
      const values = this.comparatorValuesOf.get(c.id) ?? [];
      const at = latest ? values.filter((v) => v.period <= latest.period).at(-1) : values.at(-1);
      return { id: c.id, kind: c.kind, name: c.name, value: at ? { period: at.period, value: at.value } : null, comparison: at && latest ? compareWith(rule, latest.value, at.value) : null };
    });
    const england = comparators.find((c) => c.kind === 'england')?.value?.value ?? null;
    const plain = series.map((s) => ({ period: s.period, value: s.value }));
    return {
      id: i.id,
      area: i.area,
      position: i.position,
      name: i.name,
      polarity: i.polarity,
      unit: i.unit,
      decimals: i.decimals,
      frequency: i.frequency,
      agencyId: i.agencyId,
      agencyName: i.agencyName,
      leadPersonId: i.leadPersonId,
      leadPersonName: i.leadPersonName,
      target: i.target,
      tolerance: i.tolerance,
      maintainedWithin: i.maintainedWithin,
      caveat: i.caveat,
      latest: latest && { period: latest.period, value: latest.value, enteredByName: latest.enteredByName, enteredAt: latest.enteredAt },
      previous: previous && { period: previous.period, value: previous.value },
      rag: latest ? indicatorRag(rule, latest.value) : null,
      travel: directionOfTravel(rule, i.frequency, plain),
      comparators,
      exceptions: exceptionReasons({ rule, frequency: i.frequency, series: plain, england }),
      can: { edit: canDefineIndicators(this.actor, i.partnershipId), enterValues: canEnterValues(this.actor, i) },
    };
  }

  detail(i: Indicator, links: Pick<IndicatorDetail, 'objectives' | 'risks'>): IndicatorDetail {
    const series = this.periods(i).slice(-SCORECARD_LIMITS.seriesPeriods);
    const first = series[0]?.period ?? '';
    return {
      ...this.row(i),
      definition: i.definition,
      series,
      comparatorSeries: (this.comparatorsOf.get(i.id) ?? []).map((c) => ({ id: c.id, kind: c.kind, name: c.name, values: (this.comparatorValuesOf.get(c.id) ?? []).filter((v) => v.period >= first).map((v) => ({ period: v.period, value: v.value })) })),
      ...links,
    };
  }
}
