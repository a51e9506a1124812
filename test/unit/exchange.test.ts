import { describe, expect, it } from 'vitest';
import { readChoice, readDate, readLevel } from '../../shared/exchange/cells.js';
import { EXCHANGE_COLUMNS, IMPORT_KINDS, exportHeading, headingKey } from '../../shared/exchange/columns.js';
import { mapColumns } from '../../shared/exchange/mapping.js';
import { MITIGATION_STATUS_LABELS } from '../../shared/schemas/risk.js';

describe('reading a date as registers write it', () => {
  it.each([
    ['', { value: null }],
    ['2027-01-14', { value: '2027-01-14' }],
    ['2027-01-14T00:00:00.000Z', { value: '2027-01-14' }],
    ['14/01/2027', { value: '2027-01-14' }],
    ['3/4/27', { value: '2027-04-03' }],
    ['14.01.2027', { value: '2027-01-14' }],
    ['14 Jan 2027', { value: '2027-01-14' }],
    ['14th January 2027', { value: '2027-01-14' }],
    ['46401', { value: '2027-01-14' }],
    ['31/02/2027', { error: 'Not a real date: 31/02/2027' }],
    ['2027-13-01', { error: 'Not a real date: 2027-13-01' }],
    ['next week', { error: 'Not a date: write it as 14/01/2027 or 2027-01-14' }],
    ['12', { error: 'Not a date: write it as 14/01/2027 or 2027-01-14' }],
    ['99999', { error: 'Not a date: write it as 14/01/2027 or 2027-01-14' }],
  ])('%j → %j', (text, expected) => expect(readDate(text)).toEqual(expected));
});

describe('reading a level on a matrix', () => {
  it.each([
    ['', 5, { value: null }],
    ['4', 5, { value: 4 }],
    ['4.0', 5, { value: 4 }],
    ['4 - Likely', 5, { value: 4 }],
    ['4 (Likely)', 5, { value: 4 }],
    ['5', 4, { error: 'Out of range: from 1 to 4' }],
    ['0', 5, { error: 'Out of range: from 1 to 5' }],
    ['Likely', 5, { error: 'Not a number from 1 to 5' }],
    ['2.5', 5, { error: 'Not a number from 1 to 5' }],
    ['-1', 5, { error: 'Not a number from 1 to 5' }],
  ])('%j on %i → %j', (text, max, expected) => expect(readLevel(text, max)).toEqual(expected));
});

describe('reading a choice by its key or words', () => {
  it.each([
    ['In progress', { value: 'in_progress' }],
    ['in_progress', { value: 'in_progress' }],
    ['COMPLETE', { value: 'complete' }],
    ['', { value: null }],
    ['__proto__', { error: 'Not a status: write one of Not started, In progress, Complete' }],
    ['Done', { error: 'Not a status: write one of Not started, In progress, Complete' }],
  ])('%j → %j', (text, expected) => expect(readChoice(text, MITIGATION_STATUS_LABELS, 'status')).toEqual(expected));
});

describe('finding the headings and mapping the columns', () => {
  const table = [['Northbrook risk register', '', ''], ['', '', ''], ['Ref', 'Risk title', 'Risk owner', 'RAG'], ['R-001', 'A', 'B', 'Red']];
  it('passes over a title and blank rows to the row naming the most columns', () => {
    expect(mapColumns('risks', table, {}, {}, 10)).toEqual({ headingRow: 2, fields: { reference: 0, title: 1, owner: 2 }, ignored: ['RAG'] });
  });
  it('the person’s choice wins, then the remembered mapping, then the recognised headings', () => {
    expect(mapColumns('risks', table, { owner: 'RAG' }, {}, 10).fields).toEqual({ reference: 0, title: 1, owner: 3 });
    expect(mapColumns('risks', table, {}, { owner: 'RAG' }, 10).fields).toEqual({ reference: 0, title: 1, owner: 3 });
    expect(mapColumns('risks', table, { owner: '' }, {}, 10).fields).toEqual({ reference: 0, title: 1 });
  });
  it('ignores choices of fields the kind does not have and headings the file does not have', () => {
    expect(mapColumns('risks', table, { __proto__: 'Ref', constructor: 'Ref', owner: 'Nope' } as Record<string, string>, {}, 10).fields).toEqual({ reference: 0, title: 1, owner: 2 });
  });
  it('compares headings without case, spaces or punctuation', () => {
    expect(headingKey('Lead Officer(s)')).toBe(headingKey('lead officers'));
    expect(mapColumns('plan-actions', [['ACTION', 'lead officers', 'Time-scales']], {}, {}, 10).fields).toEqual({ description: 0, leads: 1, dueDate: 2 });
  });
  it('every kind’s export headings are recognised as their own field, and no heading names two fields of a kind', () => {
    for (const kind of IMPORT_KINDS) {
      const fields = Object.keys(EXCHANGE_COLUMNS[kind]);
      const headings = fields.map((f) => exportHeading(kind, f as never));
      expect(mapColumns(kind, [headings], {}, {}, 1).fields).toEqual(Object.fromEntries(fields.map((f, i) => [f, i])));
    }
  });
});
