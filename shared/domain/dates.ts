/**
 * A real calendar date written YYYY-MM-DD: "2026-02-31" and "2026-13-01" are not. Every date the product
 * takes (due dates, review dates, deadlines, filters) is checked with this one rule.
 */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
