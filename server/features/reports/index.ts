import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { reportRoutes } from './routes.js';

export { highlightReport, receivedHighlights } from './highlight.js';
export { highlightBody } from './print.js';

/** Reports made from the record (issue 14): a board's highlight report for the board it reports to. */
export const reportsFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: reportRoutes(kit.ctx, s.scorecard, s.pdf, kit.budgets),
});
