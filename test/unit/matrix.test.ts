import { describe, expect, it } from 'vitest';
import { bandCoverageIssues, contrastRatio, matrixIssues, normaliseMatrix, outOfRangeFields, starterMatrix, type MatrixInput } from '../../shared/domain/matrix.js';
import { NPSA_MATRIX } from '../../shared/domain/scoring.js';
import { RiskMatrixBody } from '../../shared/schemas/matrix.js';

const band = (label: string, min: number, max: number) => ({ label, min, max, colour: '#dcfce7', textColour: '#14532d' });

describe('bands cover 1..size² without gaps or overlaps', () => {
  const table: [string, ReturnType<typeof band>[], 4 | 5, number][] = [
    ['NPSA on 5×5', NPSA_MATRIX.bands, 5, 0],
    ['two bands on 4×4', [band('Low', 1, 8), band('High', 9, 16)], 4, 0],
    ['gap at 9', [band('Low', 1, 8), band('High', 10, 16)], 4, 1],
    ['overlap at 8', [band('Low', 1, 8), band('High', 8, 16)], 4, 1],
    ['not starting at 1', [band('Low', 2, 8), band('High', 9, 16)], 4, 1],
    ['short of 16', [band('Low', 1, 8), band('High', 9, 15)], 4, 1],
    ['past 16 on 4×4', [band('Low', 1, 8), band('High', 9, 25)], 4, 1],
    ['min above max', [band('Low', 1, 8), band('High', 16, 9)], 4, 2],
  ];
  it.each(table)('%s', (_name, bands, size, count) => {
    expect(bandCoverageIssues(bands, size)).toHaveLength(count);
  });
});

describe('a whole matrix', () => {
  const ok: MatrixInput = { size: 4, likelihood: ['A', 'B', 'C', 'D'], impact: ['E', 'F', 'G', 'H'], bands: [band('Low', 1, 8), band('High', 9, 16)] };
  const table: [string, Partial<MatrixInput>, string | null][] = [
    ['valid', {}, null],
    ['three likelihood labels on 4×4', { likelihood: ['A', 'B', 'C'] }, 'likelihood'],
    ['five impact labels on 4×4', { impact: ['E', 'F', 'G', 'H', 'I'] }, 'impact'],
    ['a repeated label', { likelihood: ['A', 'B', 'a', 'D'] }, 'likelihood.2'],
    ['two bands of one name', { bands: [band('Low', 1, 8), band('low', 9, 16)] }, 'bands.1.label'],
    ['unreadable colours', { bands: [band('Low', 1, 8), { ...band('High', 9, 16), colour: '#777777', textColour: '#888888' }] }, 'bands.1.colour'],
  ];
  it.each(table)('%s', (_name, change, path) => {
    const issues = matrixIssues({ ...ok, ...change });
    if (path === null) expect(issues).toEqual([]);
    else expect(issues.map((i) => i.path)).toContain(path);
  });

  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 1);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('red', '#ffffff')).toBeNull();
    for (const b of NPSA_MATRIX.bands) expect(contrastRatio(b.colour, b.textColour)!).toBeGreaterThanOrEqual(4.5);
  });

  it('the default and the 4×4 starter are valid', () => {
    expect(matrixIssues(NPSA_MATRIX)).toEqual([]);
    expect(matrixIssues(starterMatrix(4))).toEqual([]);
  });

  it('makes band keys from names', () => {
    expect(normaliseMatrix({ ...ok, bands: [band(' Very high ', 9, 16), band('Low', 1, 8)] }).bands.map((b) => b.key)).toEqual(['low', 'very-high']);
  });
});

describe('the schema refuses hostile matrices', () => {
  const good = { size: 4, likelihood: ['A', 'B', 'C', 'D'], impact: ['E', 'F', 'G', 'H'], bands: [band('Low', 1, 8), band('High', 9, 16)] };
  const table: [string, string][] = [
    ['__proto__ key', JSON.stringify(good).replace('{"size"', '{"__proto__":{"admin":true},"size"')],
    ['__proto__ in a band', JSON.stringify(good).replace('{"label":"Low"', '{"__proto__":{"x":1},"label":"Low"')],
    ['size 3', JSON.stringify({ ...good, size: 3 })],
    ['size 6', JSON.stringify({ ...good, size: 6 })],
    ['huge label', JSON.stringify({ ...good, likelihood: ['x'.repeat(10_000), 'B', 'C', 'D'] })],
    ['100 bands', JSON.stringify({ ...good, bands: Array.from({ length: 100 }, (_, i) => band(`B${i}`, 1, 1)) })],
    ['NaN min (null in JSON)', JSON.stringify(good).replace('"min":1', '"min":null')],
    ['negative min', JSON.stringify(good).replace('"min":1', '"min":-5')],
    ['fractional max', JSON.stringify(good).replace('"max":8', '"max":8.5')],
    ['colour not hex', JSON.stringify(good).replace('"#dcfce7"', '"url(javascript:x)"')],
    ['empty label', JSON.stringify({ ...good, impact: ['', 'F', 'G', 'H'] })],
  ];
  it.each(table)('%s', (_name, json) => {
    expect(RiskMatrixBody.safeParse(JSON.parse(json)).success).toBe(false);
  });
  it('accepts a good one, and NaN is no number', () => {
    expect(RiskMatrixBody.safeParse(good).success).toBe(true);
    expect(RiskMatrixBody.safeParse({ ...good, bands: [{ ...band('Low', 1, 8), min: Number.NaN }, band('High', 9, 16)] }).success).toBe(false);
  });
});

describe('scores a matrix cannot hold', () => {
  const table: [Record<string, number | null>, 4 | 5, string[]][] = [
    [{ currentLikelihood: 5 }, 4, ['currentLikelihood']],
    [{ currentLikelihood: 5 }, 5, []],
    [{ inherentImpact: 4, tolerance: 16 }, 4, []],
    [{ tolerance: 17 }, 4, ['tolerance']],
    [{ targetImpact: null, targetLikelihood: 5 }, 4, ['targetLikelihood']],
  ];
  it.each(table)('%j on %i×%i', (scores, size, fields) => {
    expect(outOfRangeFields(scores, size)).toEqual(fields);
  });
});
