import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { matrixIssues, type MatrixInput } from '../domain/matrix.js';
import type { RiskMatrix } from '../domain/scoring.js';
import { RowId } from './common.js';

const Label = z.string('Text').trim().min(1, 'Required').max(LIMITS.matrixLabelMax, `At most ${LIMITS.matrixLabelMax} characters`);
const Score = z.number('A number').int('A whole number').min(1, 'From 1 up').max(25, 'At most 25');
const Colour = z.string('A colour').regex(/^#[0-9a-fA-F]{6}$/, 'A colour written #rrggbb');

export const BandBody = z.strictObject({
  key: z.string().max(40).optional(),
  label: Label,
  min: Score,
  max: Score,
  colour: Colour,
  textColour: Colour,
});

/**
 * A partnership's risk matrix as an admin sends it. Strict objects: an unknown key (`__proto__`
 * included) is refused, never carried into what is stored. The rules the shape cannot say (one label
 * per level, bands covering 1..size², readable colours) are matrixIssues, checked here too.
 */
export const RiskMatrixBody = z
  .strictObject({
    size: z.union([z.literal(4), z.literal(5)], 'The matrix is 4×4 or 5×5'),
    likelihood: z.array(Label).min(4).max(5),
    impact: z.array(Label).min(4).max(5),
    bands: z.array(BandBody).min(LIMITS.matrixBandsMin, `At least ${LIMITS.matrixBandsMin} bands`).max(LIMITS.matrixBandsMax, `At most ${LIMITS.matrixBandsMax} bands`),
  })
  .superRefine((m, ctx) => {
    for (const issue of matrixIssues(m as MatrixInput)) ctx.addIssue({ code: 'custom', path: issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: issue.message });
  });
export type RiskMatrixBody = z.infer<typeof RiskMatrixBody>;

/* Answers (strict: see common.ts). */

const BandView = z.strictObject({
  key: z.string().min(1),
  label: z.string().min(1),
  min: Score,
  max: Score,
  colour: Colour,
  textColour: Colour,
});

/**
 * A partnership's risk matrix as the server sends it (normalised: keys made, bands in order). The
 * domain keeps its own type, RiskMatrix (shared/domain/scoring.ts), which the NPSA default and every
 * computation use; the check below keeps the two the same shape.
 */
export const RiskMatrixView = z.strictObject({
  size: z.union([z.literal(4), z.literal(5)]),
  likelihood: z.array(z.string()).min(4).max(5),
  impact: z.array(z.string()).min(4).max(5),
  bands: z.array(BandView),
});
const sameShape: [z.infer<typeof RiskMatrixView>, RiskMatrix] extends [RiskMatrix, z.infer<typeof RiskMatrixView>] ? true : never = true;
void sameShape;

const BandName = BandView.pick({ key: true, label: true });

/** One risk whose band for its current score moves with the new matrix. */
export const BandChange = z.strictObject({
  riskId: RowId,
  reference: z.string(),
  title: z.string(),
  score: Score,
  from: BandName,
  to: BandName,
});
export type BandChange = z.infer<typeof BandChange>;

/** One risk whose scores the new (smaller) matrix cannot hold: it must be rescored first. */
export const BlockingRisk = z.strictObject({
  riskId: RowId,
  reference: z.string(),
  title: z.string(),
  /** The fields, in words: e.g. "current likelihood 5". */
  fields: z.array(z.string()),
});
export type BlockingRisk = z.infer<typeof BlockingRisk>;

export const MatrixPreview = z.strictObject({
  matrix: RiskMatrixView,
  /** Risks (open or closed) with a current score whose band changes. */
  changed: z.array(BandChange),
  /** Empty when the matrix may be saved. */
  blocking: z.array(BlockingRisk),
});
export type MatrixPreview = z.infer<typeof MatrixPreview>;

export const MatrixSaved = z.strictObject({
  matrix: RiskMatrixView,
  changed: z.array(BandChange),
});
export type MatrixSaved = z.infer<typeof MatrixSaved>;
