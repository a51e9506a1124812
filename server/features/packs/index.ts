import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { packRoutes } from './routes.js';
import { PackPublisher } from './publish.js';

export { PackService, type PdfFile } from './service.js';
export { PdfRenderer, type RenderOptions, type RenderedPdf } from './renderer.js';
export { PaperQueries, type PackPaper } from './papers.js';
export { mergePapers, paperPageCounts, type Paper } from './merge.js';
export { readPack, type PackData, type PackReaders } from './pack-data.js';
export { html, trusted, join, escapeHtml, Html } from '../../core/html.js';
export { printDocument, PRINT_PAGE_POLICY, type PrintDocument } from './document.js';
export { charged, orPrintPage, sendPage, sendPdf } from './respond.js';
export { longDate } from './format.js';

/**
 * Print pages and PDFs (issue 14): a meeting's board pack (cover, agenda, risks and heat map, challenge
 * log, improvement plan, scorecard exceptions, actions log, then its PDF papers) and its minutes. The
 * PDF renderer (one warm Chromium per process) is a service, `s.pdf`, for other printed documents too.
 */
export const packsFeature = (s: Services, kit: FeatureKit): FeatureParts => {
  const publisher = new PackPublisher(kit.ctx, s.packs, s.packs.readers, s.notifications);
  return {
    routes: packRoutes(s.packs, kit.budgets, publisher),
    commands: { 'pack:publish': (actor, p) => publisher.publish(actor, p.meetingId) },
  };
};
