import * as Y from 'yjs';
import { nulPaths } from '../validate.js';

/**
 * The building blocks of the strict doc readers. A Y.Doc is whatever its updates made it: a text can
 * carry formatting attributes, embeds and named children; a map can carry list items; a key can be
 * `__proto__`. These helpers read the layout from Yjs's own structures (never through `toJSON`, whose
 * plain objects turn a `__proto__` key into a prototype) and note everything that is not the layout.
 */
export class LayoutIssues {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    // A hostile doc can hold thousands of faults; the first few say enough.
    if (this.list.length < 20) this.list.push(`${path}: ${message}`);
  }
  get any(): boolean {
    return this.list.length > 0;
  }
}

/** A sub-record's key within its doc: letters, digits, '-' and '_', starting with a letter or digit. */
export const DOC_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Random, unguessable keys for sub-records (mitigations, notes, decisions), in browsers and Node. */
export function newDocKey(prefix: string): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Names of the doc's root types that the layout does not have. */
export function unknownRoots(doc: Y.Doc, isKnown: (name: string) => boolean, issues: LayoutIssues, noun: string): void {
  for (const name of doc.share.keys()) if (!isKnown(name)) issues.add(name, `not part of a ${noun}`);
}

/** Plain characters only: no formatting, no embeds, nothing keyed by name; at most `max` characters. */
export function plainText(text: Y.Text, path: string, max: number, issues: LayoutIssues): string {
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && !(item.content instanceof Y.ContentString)) {
      issues.add(path, 'only plain text is allowed (no formatting or embedded content)');
      break;
    }
  }
  if (hasLiveEntries(text)) issues.add(path, 'only plain text is allowed');
  if (text.length > max) issues.add(path, `longer than ${max} characters`);
  return text.toString();
}

/** The live entries of a map, by key, read from Yjs's own map (own keys only, `__proto__` included). */
export function mapEntries(map: Y.Map<unknown>, path: string, issues: LayoutIssues): Map<string, Y.Item> {
  for (let item = map._start; item !== null; item = item.right) {
    if (!item.deleted) {
      issues.add(path, 'holds list content');
      break;
    }
  }
  const out = new Map<string, Y.Item>();
  for (const [key, item] of map._map) if (!item.deleted) out.set(key, item);
  return out;
}

/** A map entry holding one plain value (string, number, boolean or null); `undefined` otherwise. */
export function scalarOf(item: Y.Item): string | number | boolean | null | undefined {
  if (!(item.content instanceof Y.ContentAny)) return undefined;
  const values = item.content.getContent();
  const value = values[values.length - 1];
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/** A map entry holding a shared type of the given class, or null. */
export function typeOf<T>(item: Y.Item | undefined, cls: abstract new (...args: never[]) => T): T | null {
  if (!item || !(item.content instanceof Y.ContentType)) return null;
  const type: unknown = item.content.type;
  return type instanceof cls ? type : null;
}

/**
 * The values of a list of plain JSON records (e.g. progress notes): each must be a plain object,
 * never one whose prototype a `__proto__` key replaced.
 */
export function plainRecords(list: Y.Array<unknown>, path: string, issues: LayoutIssues): Record<string, unknown>[] {
  if (hasLiveEntries(list)) issues.add(path, 'holds named content');
  const out: Record<string, unknown>[] = [];
  for (let item = list._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (!(item.content instanceof Y.ContentAny)) {
      issues.add(path, 'holds content that is not a record');
      continue;
    }
    for (const value of item.content.getContent()) {
      if (isPlainObject(value)) out.push(value);
      else issues.add(path, 'holds content that is not a record');
    }
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function hasLiveEntries(type: { _map: Map<string, Y.Item> }): boolean {
  for (const item of type._map.values()) if (!item.deleted) return true;
  return false;
}

/**
 * How many of an update's structs arrive garbage-collected: they add to the document's state without
 * adding anything anyone can see (items that arrive deleted are counted where they are integrated).
 */
export function gcStructsIn(update: Uint8Array): number {
  let n = 0;
  for (const s of Y.decodeUpdate(update).structs) if (s instanceof Y.GC) n++;
  return n;
}

/**
 * Whether an update adds a NUL character anywhere: in text, in a value, or in a key. Refused whatever
 * the document's layout, as every other boundary refuses one (shared/validate.ts).
 */
export function addsNul(update: Uint8Array): boolean {
  for (const s of Y.decodeUpdate(update).structs) {
    if (!(s instanceof Y.Item)) continue;
    if (typeof s.parentSub === 'string' && s.parentSub.includes('\u0000')) return true;
    const content: unknown = s.content;
    if (content instanceof Y.ContentString && content.str.includes('\u0000')) return true;
    if ((content instanceof Y.ContentAny || content instanceof Y.ContentJSON) && nulPaths(content.arr, 1).length > 0) return true;
    if (content instanceof Y.ContentFormat && nulPaths([content.key, content.value], 1).length > 0) return true;
    if (content instanceof Y.ContentEmbed && nulPaths(content.embed, 1).length > 0) return true;
  }
  return false;
}

/** The Yjs client ids an update adds content with (deletions name no writer). */
export function writtenClients(update: Uint8Array): number[] {
  return [...Y.parseUpdateMeta(update).from.keys()];
}
