import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { addsNul } from '../../shared/docs/strict.js';
import { NUL_MESSAGE, nulPaths, parse } from '../../shared/validate.js';

/** A NUL is refused at every boundary, so SQLite and PostgreSQL (which cannot store one) keep the same records. */
describe('a NUL character anywhere in input', () => {
  it.each([
    ['plain text', 'Attendance', []],
    ['a NUL in a string', 'a\u0000b', ['']],
    ['in a nested field', { risk: { title: 'ok', cause: 'x\u0000' } }, ['risk.cause']],
    ['in an array item', { values: [{ period: '2026-11' }, { period: '2026-11\u0000' }] }, ['values.1.period']],
    ['in a key', { ['na\u0000me']: 'x' }, ['na\u0000me']],
    ['numbers, booleans and null', { a: 1, b: true, c: null }, []],
    ['a null-prototype object, as a query string parses', Object.assign(Object.create(null) as object, { q: 'x\u0000' }), ['q']],
  ])('%s', (_case, value, paths) => {
    expect(nulPaths(value)).toEqual(paths);
  });

  it('walks input nested far deeper than a stack would take, and stops at the first few it finds', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulPaths(deep)).toHaveLength(1);
    expect(nulPaths(Array.from({ length: 500 }, () => '\u0000'))).toHaveLength(20);
    // A Buffer's bytes are not text to walk.
    expect(nulPaths({ file: Buffer.alloc(10_000) })).toEqual([]);
  });

  it('is refused by parse before the schema, naming each field in words', () => {
    const schema = z.object({ question: z.string() });
    expect(parse(schema, { question: 'Why?' })).toEqual({ question: 'Why?' });
    let refused: unknown;
    try {
      parse(schema, { question: 'Why\u0000?' });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, details: [{ path: 'question', message: NUL_MESSAGE }] });
  });

  it('is found in a Yjs update whatever carries it: text, a value, a record, a key', () => {
    const updateOf = (change: (doc: Y.Doc) => void) => {
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      change(doc);
      return Y.mergeUpdates(updates);
    };
    expect(addsNul(updateOf((d) => d.getText('title').insert(0, 'A plain title')))).toBe(false);
    expect(addsNul(updateOf((d) => d.getMap('fields').set('status', 'open')))).toBe(false);
    expect(addsNul(updateOf((d) => d.getText('title').insert(0, 'A\u0000title')))).toBe(true);
    expect(addsNul(updateOf((d) => d.getMap('fields').set('status', 'op\u0000en')))).toBe(true);
    expect(addsNul(updateOf((d) => d.getArray('notes').push([{ text: 'ok', by: { name: 'x\u0000' } }])))).toBe(true);
    expect(addsNul(updateOf((d) => d.getMap('fields').set('st\u0000atus', 'open')))).toBe(true);
    expect(addsNul(updateOf((d) => d.getText('title').insertEmbed(0, { x: '\u0000' })))).toBe(true);
  });
});
