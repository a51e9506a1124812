/*
 * Building HTML safely. Print pages carry what people typed (risk titles, notes, decisions): every value
 * is escaped where it is put in, and only fragments built by `html` itself (or the few constants marked
 * `trusted`) pass through unescaped. Attribute values must be written in double quotes: `title="${x}"`.
 */

/** A fragment of HTML already made safe: built by `html`, or a constant of this code (`trusted`). */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What may be put into a template: text and numbers (escaped), fragments (as they are), lists of either; nothing for null, undefined and false. */
export type Interpolation = Html | string | number | null | undefined | false | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return escapeHtml(String(value));
}

/** html`<p>${text}</p>`: the template's own text as written, every interpolation escaped unless it is an Html fragment. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** A constant of this code (a stylesheet, a template of Chromium's): never anything a person typed. */
export function trusted(text: string): Html {
  return new Html(text);
}

/** Fragments one after another. */
export function join(parts: readonly Interpolation[], separator: Interpolation = ''): Html {
  return new Html(parts.map(render).join(render(separator)));
}
