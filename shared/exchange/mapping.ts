import { EXCHANGE_COLUMNS, headingKey, type ExchangeColumn, type ImportKind } from './columns.js';

export interface ColumnMap {
  /** Index (0-based) of the row holding the headings. */
  headingRow: number;
  /** Field → column index. */
  fields: Record<string, number>;
  /** Headings no field reads. */
  ignored: string[];
}

/**
 * Finds the row of headings and which column each field is read from. The headings row is the first
 * (of the first `searchRows`) naming the most of the kind's columns, so a title or a merged banner
 * above it is passed over. A column is taken from, in order: the person's own choice on the preview,
 * the partnership's remembered mapping, then the headings the product recognises. A choice naming a
 * heading the file does not have is ignored.
 */
export function mapColumns(kind: ImportKind, table: readonly (readonly string[])[], chosen: Record<string, string>, remembered: Record<string, string>, searchRows: number): ColumnMap {
  const columns = EXCHANGE_COLUMNS[kind] as Record<string, ExchangeColumn>;
  const known = new Map<string, string>();
  for (const [field, c] of Object.entries(columns)) for (const h of c.headings) if (!known.has(headingKey(h))) known.set(headingKey(h), field);
  for (const [field, h] of Object.entries(remembered)) if (field in columns) known.set(headingKey(h), field);
  let best = 0;
  let bestScore = -1;
  for (let r = 0; r < Math.min(searchRows, table.length); r++) {
    const score = new Set((table[r] ?? []).map((h) => known.get(headingKey(h))).filter(Boolean)).size;
    if (score > bestScore) [best, bestScore] = [r, score];
  }
  const headings = (table[best] ?? []).map((h) => h.trim());
  const fields: Record<string, number> = {};
  const at = (heading: string) => headings.findIndex((h) => h !== '' && headingKey(h) === headingKey(heading));
  for (const [field, heading] of Object.entries(chosen)) {
    if (!Object.hasOwn(columns, field)) continue;
    const i = heading === '' ? -1 : at(heading);
    if (i >= 0) fields[field] = i;
    else if (heading === '') fields[field] = -1;
  }
  const taken = new Set(Object.values(fields));
  for (const source of [remembered, null]) {
    headings.forEach((h, i) => {
      if (h === '' || taken.has(i)) return;
      const field = source === null ? known.get(headingKey(h)) : Object.entries(source).find(([f, name]) => f in columns && headingKey(name) === headingKey(h))?.[0];
      if (field && fields[field] === undefined) {
        fields[field] = i;
        taken.add(i);
      }
    });
  }
  // A field chosen as "no column" stays unread.
  for (const [f, i] of Object.entries(fields)) if (i < 0) delete fields[f];
  return { headingRow: best, fields, ignored: headings.filter((h, i) => h !== '' && !Object.values(fields).includes(i)) };
}
