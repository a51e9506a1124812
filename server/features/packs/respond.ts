import type { Request, Response } from 'express';
import { AppError } from '../../../shared/errors.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import { requirePartnership } from '../../http/access.js';
import { PRINT_PAGE_POLICY } from './document.js';
import type { PdfFile } from './service.js';

/* How print pages and PDFs are answered, for every printed document (packs, minutes, reports). */

/**
 * A PDF costs most of a second of a core: it draws a token from the person's command budget, as a
 * command does, so one person cannot keep the queue full for everyone else.
 */
export async function charged(req: Request, partnershipId: number, budgets: CommandBudgets): Promise<Actor> {
  const { actor, allowance } = requirePartnership(req, partnershipId);
  await budgets.of(allowance).spend();
  return actor;
}

/** A print page: its own policy (inline styles, nothing fetched, no script), never cached, never framed. */
export function sendPage(res: Response, page: string): void {
  res.setHeader('Content-Security-Policy', `${PRINT_PAGE_POLICY}; frame-ancestors 'none'`);
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(page);
}

export function sendPdf(res: Response, file: PdfFile): void {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Pdf-Pages', String(file.pages));
  res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}

/** Without Chromium, the refusal names the print page of the same thing, which works without it. */
export async function orPrintPage(req: Request, making: Promise<PdfFile>): Promise<PdfFile> {
  try {
    return await making;
  } catch (err) {
    if (err instanceof AppError && err.code === 'PDF_UNAVAILABLE') {
      throw new AppError(err.code, err.message, { printPage: req.originalUrl.split('?')[0]!.replace(/\.pdf$/, '.html') });
    }
    throw err;
  }
}
