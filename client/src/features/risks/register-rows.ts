import type { PlacedRow } from '../../../../shared/schemas/register';
import type { RiskRow } from '../../../../shared/schemas/risk';

/**
 * The loaded rows of a register are a prefix of the server's order. These keep them so as pages
 * arrive and live changes move rows, without ever holding a row twice.
 */

/** A next page, after the loaded rows; a row a live change placed already comes again here, where the server now puts it. */
export function appendPage(rows: readonly RiskRow[], page: readonly RiskRow[]): RiskRow[] {
  const fresh = new Set(page.map((r) => r.id));
  return [...rows.filter((r) => !fresh.has(r.id)), ...page];
}

export interface Placement {
  rows: RiskRow[];
  /** References of the rows that moved or changed within the loaded ones, and of those that left them. */
  changed: string[];
  left: string[];
}

/**
 * The rows a push named, taken out, then put back where the server now places them when that is
 * within the loaded rows or just after them; a row placed further down comes with the page that
 * reaches it, and a named row the server no longer places (it does not match now) stays out.
 */
export function placeRows(rows: readonly RiskRow[], named: readonly number[], placed: readonly PlacedRow[]): Placement {
  const ids = new Set(named);
  const was = rows.filter((r) => ids.has(r.id));
  const next = rows.filter((r) => !ids.has(r.id));
  const changed: string[] = [];
  for (const p of [...placed].sort((a, b) => a.position - b.position)) {
    if (p.position > next.length) continue;
    next.splice(p.position, 0, p.row);
    changed.push(p.row.reference);
  }
  const kept = new Set(placed.map((p) => p.row.id));
  const left = was.filter((r) => !kept.has(r.id)).map((r) => r.reference);
  return { rows: next, changed, left };
}
