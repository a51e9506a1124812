import { z } from 'zod';
import { IMPORT_KINDS } from '../exchange/columns.js';

/** The body of POST /imports (multipart fields beside the file). */
export const ImportForm = z.object({
  kind: z.enum(IMPORT_KINDS, 'Choose what the file holds: risks, mitigations, plan actions or indicator values'),
  /** Field → heading, as the person chose on the preview (JSON); unchosen fields fall back to the remembered and recognised ones. */
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return {};
      try {
        const value: unknown = JSON.parse(s);
        const parsed = z.record(z.string().max(60), z.string().max(200)).safeParse(value);
        if (parsed.success) return Object.fromEntries(Object.entries(parsed.data));
      } catch {
        // answered below
      }
      ctx.addIssue({ code: 'custom', message: 'The column choices could not be read' });
      return z.NEVER;
    }),
  /** Plan actions go into one plan. */
  planId: z.coerce.number().int().positive().max(2 ** 31 - 1).optional(),
});
export type ImportForm = z.infer<typeof ImportForm>;

export const ImportParams = z.object({
  partnershipId: z.string().regex(/^[1-9]\d{0,9}$/).transform(Number),
  importId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'No such import'),
});

export const IMPORT_ACTIONS = ['create', 'update', 'unchanged'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

export const ImportCellError = z.strictObject({
  /** The column as the file heads it (or the field's name where the file has no such column). */
  column: z.string(),
  message: z.string(),
});

export const ImportChange = z.strictObject({ field: z.string(), from: z.string(), to: z.string() });
export type ImportChange = z.infer<typeof ImportChange>;

export const ImportRow = z.strictObject({
  /** The row's number as the spreadsheet numbers it. */
  row: z.number().int().positive(),
  /** The record as people know it: "R-004 Neglect", a mitigation's action, an indicator and period. */
  label: z.string(),
  action: z.enum(IMPORT_ACTIONS).nullable(),
  changes: z.array(ImportChange),
  errors: z.array(ImportCellError),
});
export type ImportRow = z.infer<typeof ImportRow>;

export const ImportStatus = z.enum(['previewed', 'committing', 'committed', 'failed']);

export const ImportPreviewView = z.strictObject({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  status: ImportStatus,
  /** The row the headings were found on. */
  headingRow: z.number().int().positive(),
  /** Each field of the kind and the heading read for it (null: no such column). */
  columns: z.array(z.strictObject({ field: z.string(), label: z.string(), heading: z.string().nullable(), required: z.boolean() })),
  /** Headings of the file no field reads (ignored). */
  ignored: z.array(z.string()),
  /** Every heading of the file, for choosing a column by hand. */
  headings: z.array(z.string()),
  rows: z.array(ImportRow),
  counts: z.strictObject({ rows: z.number().int(), create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), withErrors: z.number().int() }),
  /** While committing: rows written so far; when failed: why. */
  progress: z.strictObject({ done: z.number().int(), total: z.number().int() }),
  failure: z.string().nullable(),
});
export type ImportPreviewView = z.infer<typeof ImportPreviewView>;
