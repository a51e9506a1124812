import type { z } from 'zod';
import type { Actor } from '../../../../shared/domain/permissions.js';
import { RAG_COLOURS, RAG_LABELS, type Rag } from '../../../../shared/schemas/plan.js';
import { parse } from '../../../../shared/validate.js';
import type { AnySheet, Coloured } from '../../../core/spreadsheet/write.js';

/** What an export writes: the file's name (without its extension or date) and its sheets, the CSV's first. */
export interface Workbook {
  name: string;
  sheets: AnySheet[];
}

/**
 * One kind of export: the query its page's list takes, and the workbook of exactly the rows that list
 * shows this person, read through the feature's own list (its filters and rights), never again here.
 */
export interface ExportKindHandler<Q> {
  query: z.ZodType<Q>;
  build(actor: Actor, query: Q): Promise<Workbook>;
}

/** A kind ready for a request: its query read (400 naming a bad field), then its workbook built for a person. */
export type ExportRun = (rawQuery: unknown) => (actor: Actor) => Promise<Workbook>;

export function runnable<Q>(handler: ExportKindHandler<Q>): ExportRun {
  return (rawQuery) => {
    const query = parse(handler.query, rawQuery);
    return (actor) => handler.build(actor, query);
  };
}

export const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

/** A RAG in its word and the page's colours. */
export function ragCell(rag: Rag | null): Coloured | null {
  return rag ? { word: RAG_LABELS[rag], fill: RAG_COLOURS[rag].background, text: RAG_COLOURS[rag].text } : null;
}
